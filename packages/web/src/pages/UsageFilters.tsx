import { useState, type FormEvent } from 'react';
import type { License, User } from '@allot/sdk/openapi';
import { Field } from '../components/Field';

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

/** User, module and maybe license, applied on submit; shared by the sessions and the usage logs. */
export function UsageFilters({ users, moduleRefs, licenses, onApply, label }: UsageFiltersProps) {
  const [userId, setUserId] = useState('');
  const [module, setModule] = useState('');
  const [licenseId, setLicenseId] = useState('');
  const listId = `${label.toLowerCase().replaceAll(' ', '-')}-modules`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ userId, module: module.trim(), licenseId });
  };
  const reset = () => {
    setUserId('');
    setModule('');
    setLicenseId('');
    onApply(noUsageFilter);
  };

  return (
    <form className="filters" onSubmit={onSubmit} aria-label={label}>
      <Field label="User">
        <select name="userId" value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">Any user</option>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.email}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Module" hint="product:module">
        <input name="module" className="mono" list={listId} value={module} onChange={(e) => setModule(e.target.value)} />
      </Field>
      <datalist id={listId}>
        {moduleRefs.map((ref) => (
          <option key={ref} value={ref} />
        ))}
      </datalist>
      {licenses !== undefined && (
        <Field label="License">
          <select name="licenseId" value={licenseId} onChange={(e) => setLicenseId(e.target.value)}>
            <option value="">Any license</option>
            {licenses.map((license) => (
              <option key={license.id} value={license.id}>
                {license.code}
              </option>
            ))}
          </select>
        </Field>
      )}
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
