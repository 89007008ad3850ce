import { useState, type FormEvent } from 'react';
import { Field } from '../components/Field';
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

/** Applied on submit, not per keystroke, so that typing an action name does not fire a query per letter. */
export function AuditFilters({ onApply, showTenant, timeZone }: AuditFiltersProps) {
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [targetType, setTargetType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [tenantId, setTenantId] = useState('');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ action: action.trim(), actor: actor.trim(), targetType: targetType.trim(), from: instantFromZonedInput(from, timeZone), to: instantFromZonedInput(to, timeZone), tenantId: tenantId.trim() });
  };
  const reset = () => {
    setAction('');
    setActor('');
    setTargetType('');
    setFrom('');
    setTo('');
    setTenantId('');
    onApply(noAuditFilter);
  };

  return (
    <form className="filters" onSubmit={onSubmit} aria-label="Audit filters">
      <Field label="Action" hint="user.created, or user. for all">
        <input name="action" value={action} onChange={(e) => setAction(e.target.value)} />
      </Field>
      <Field label="Actor" hint="user:usr_…, key:…, admin-token">
        <input name="actor" value={actor} onChange={(e) => setActor(e.target.value)} />
      </Field>
      <Field label="Target type" hint="tenant, user, group…">
        <input name="targetType" value={targetType} onChange={(e) => setTargetType(e.target.value)} />
      </Field>
      {showTenant && (
        <Field label="Tenant id">
          <input name="tenantId" className="mono" value={tenantId} onChange={(e) => setTenantId(e.target.value)} />
        </Field>
      )}
      <Field label={`From (${timeZone})`}>
        <input name="from" type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />
      </Field>
      <Field label={`To (${timeZone})`}>
        <input name="to" type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
      </Field>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button type="button" className="button button-ghost" onClick={reset}>
          Reset
        </button>
      </div>
    </form>
  );
}
