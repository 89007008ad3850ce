import type { AccessCode, User } from '@allot/sdk/openapi';
import { Field } from '../components/Field';
import { FilterForm, PeriodFilterFields, UserFilterField, useFilterDraft } from '../components/FilterForm';
import { accessCodeLabel, denialCodes } from '../lib/access';
import { instantFromZonedInput } from '../lib/dates';

export interface DeniedFilter {
  userId: string;
  module: string;
  code: AccessCode | '';
  from: string | undefined;
  to: string | undefined;
}

export const noDeniedFilter: DeniedFilter = { userId: '', module: '', code: '', from: undefined, to: undefined };

/** Filters of the denied-access log; dates are typed in the tenant's zone, like the log's times. */
export function DeniedFilters({ users, timeZone, onApply }: { users: readonly User[]; timeZone: string; onApply: (filter: DeniedFilter) => void }) {
  const { draft, change, clear } = useFilterDraft({ userId: '', module: '', code: '', from: '', to: '' });
  const apply = () =>
    onApply({
      userId: draft.userId,
      module: draft.module.trim(),
      code: denialCodes.find((c) => c === draft.code) ?? '',
      from: instantFromZonedInput(draft.from, timeZone),
      to: instantFromZonedInput(draft.to, timeZone),
    });
  const reset = () => {
    clear();
    onApply(noDeniedFilter);
  };

  return (
    <FilterForm label="Denied access filters" onSubmit={apply} onReset={reset}>
      <UserFilterField users={users} value={draft.userId} onChange={change('userId')} />
      <Field label="Module" hint="product:module">
        <input name="module" className="mono" value={draft.module} onChange={change('module')} />
      </Field>
      <Field label="Reason">
        <select name="code" value={draft.code} onChange={change('code')}>
          <option value="">Any reason</option>
          {denialCodes.map((c) => (
            <option key={c} value={c}>
              {accessCodeLabel(c)}
            </option>
          ))}
        </select>
      </Field>
      <PeriodFilterFields timeZone={timeZone} from={draft.from} to={draft.to} onFrom={change('from')} onTo={change('to')} />
    </FilterForm>
  );
}
