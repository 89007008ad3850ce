import type { License, User } from '@allot/sdk/openapi';
import { Field } from '../components/Field';
import { FilterForm, UserFilterField, useFilterDraft } from '../components/FilterForm';

export interface UsageFilter {
  userId: string;
  module: string;
  /** Only where the list takes it (the excess-usage log). */
  licenseId: string;
}

export const noUsageFilter: UsageFilter = { userId: '', module: '', licenseId: '' };

interface UsageFiltersProps {
  users: readonly User[];
  /** `product:module` suggestions from the catalog. */
  moduleRefs: readonly string[];
  /** Offers a license filter when given. */
  licenses?: readonly License[] | undefined;
  onApply: (filter: UsageFilter) => void;
  /** Names the form: "Session filters", "Excess usage filters". */
  label: string;
}

/** User, module and maybe license; shared by the sessions and the usage logs. */
export function UsageFilters({ users, moduleRefs, licenses, onApply, label }: UsageFiltersProps) {
  const { draft, change, clear } = useFilterDraft(noUsageFilter);
  const listId = `${label.toLowerCase().replaceAll(' ', '-')}-modules`;
  const reset = () => {
    clear();
    onApply(noUsageFilter);
  };

  return (
    <FilterForm label={label} onSubmit={() => onApply({ ...draft, module: draft.module.trim() })} onReset={reset}>
      <UserFilterField users={users} value={draft.userId} onChange={change('userId')} />
      <Field label="Module" hint="product:module">
        <input name="module" className="mono" list={listId} value={draft.module} onChange={change('module')} />
      </Field>
      <datalist id={listId}>
        {moduleRefs.map((ref) => (
          <option key={ref} value={ref} />
        ))}
      </datalist>
      {licenses !== undefined && (
        <Field label="License">
          <select name="licenseId" value={draft.licenseId} onChange={change('licenseId')}>
            <option value="">Any license</option>
            {licenses.map((license) => (
              <option key={license.id} value={license.id}>
                {license.code}
              </option>
            ))}
          </select>
        </Field>
      )}
    </FilterForm>
  );
}
