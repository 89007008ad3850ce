import { Field } from '../components/Field';
import { FilterForm, PeriodFilterFields, useFilterDraft } from '../components/FilterForm';
import { instantFromZonedInput } from '../lib/dates';

export interface AuditFilter {
  action: string;
  actor: string;
  targetType: string;
  from: string | undefined;
  to: string | undefined;
  tenantId: string;
}

export const noAuditFilter: AuditFilter = { action: '', actor: '', targetType: '', from: undefined, to: undefined, tenantId: '' };

interface AuditFiltersProps {
  onApply: (filter: AuditFilter) => void;
  /** The vendor-wide log can be narrowed to one tenant. */
  showTenant: boolean;
  /** The zone the dates are typed in: the tenant's, like the log's times; UTC for the vendor-wide log. */
  timeZone: string;
}

export function AuditFilters({ onApply, showTenant, timeZone }: AuditFiltersProps) {
  const { draft, change, clear } = useFilterDraft({ action: '', actor: '', targetType: '', from: '', to: '', tenantId: '' });
  const apply = () =>
    onApply({
      action: draft.action.trim(),
      actor: draft.actor.trim(),
      targetType: draft.targetType.trim(),
      from: instantFromZonedInput(draft.from, timeZone),
      to: instantFromZonedInput(draft.to, timeZone),
      tenantId: draft.tenantId.trim(),
    });
  const reset = () => {
    clear();
    onApply(noAuditFilter);
  };

  return (
    <FilterForm label="Audit filters" onSubmit={apply} onReset={reset}>
      <Field label="Action" hint="user.created, or user. for all">
        <input name="action" value={draft.action} onChange={change('action')} />
      </Field>
      <Field label="Actor" hint="user:usr_…, key:…, admin-token">
        <input name="actor" value={draft.actor} onChange={change('actor')} />
      </Field>
      <Field label="Target type" hint="tenant, user, group…">
        <input name="targetType" value={draft.targetType} onChange={change('targetType')} />
      </Field>
      {showTenant && (
        <Field label="Tenant id">
          <input name="tenantId" className="mono" value={draft.tenantId} onChange={change('tenantId')} />
        </Field>
      )}
      <PeriodFilterFields timeZone={timeZone} from={draft.from} to={draft.to} onFrom={change('from')} onTo={change('to')} />
    </FilterForm>
  );
}
