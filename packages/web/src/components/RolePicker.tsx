import type { Role } from '@allot/sdk/openapi';
import { allRoles, roleLabel } from '../lib/format';

interface RolePickerProps {
  value: readonly Role[];
  onChange: (roles: Role[]) => void;
  legend?: string;
  error?: string | undefined;
  disabled?: boolean;
}

const descriptions: Record<Role, string> = {
  owner: 'everything in the tenant',
  license_manager: 'sees licenses, requests upgrades',
  system_admin: 'users, groups, keys, assignments',
  auditor: 'reads everything, changes nothing',
  member: 'uses the licensed product',
};

export function RolePicker({ value, onChange, legend = 'Roles', error, disabled }: RolePickerProps) {
  const toggle = (role: Role, on: boolean) => {
    // Keep the canonical order so that the request and the audit trail read the same way every time.
    const next = allRoles.filter((r) => (r === role ? on : value.includes(r)));
    onChange(next);
  };
  return (
    <fieldset className={`role-picker${error !== undefined ? ' field-invalid' : ''}`} disabled={disabled}>
      <legend className="field-label">{legend}</legend>
      <div className="role-options">
        {allRoles.map((role) => (
          <label key={role} className="check" title={descriptions[role]}>
            <input type="checkbox" checked={value.includes(role)} onChange={(event) => toggle(role, event.target.checked)} />
            <span>{roleLabel(role)}</span>
          </label>
        ))}
      </div>
      {error !== undefined && <span className="field-error">{error}</span>}
    </fieldset>
  );
}
