import type { Role } from '@allot/sdk/openapi';
import { roleLabel } from '../lib/format';
import { Badge, type BadgeTone } from './Badge';

const tones: Record<Role, BadgeTone> = {
  owner: 'accent',
  license_manager: 'info',
  system_admin: 'info',
  auditor: 'warning',
  member: 'neutral',
};

export function RoleBadges({ roles }: { roles: readonly Role[] }) {
  if (roles.length === 0) return <span className="muted">No roles</span>;
  return (
    <span className="badge-list">
      {roles.map((role) => (
        <Badge key={role} tone={tones[role]}>
          {roleLabel(role)}
        </Badge>
      ))}
    </span>
  );
}
