export const roles = ['owner', 'license_manager', 'system_admin', 'auditor', 'member'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'tenant.read',
  'tenant.manage',
  'clock.manage',
  'users.read',
  'users.manage',
  'licenses.read',
  'licenses.manage',
  'upgrades.request',
  'purchases.make',
  'audit.read',
  'api_keys.manage',
  'runtime.use',
  'catalog.read',
  'vendor.manage',
] as const;
export type Permission = (typeof permissions)[number];

/** Who is calling: a vendor admin, someone of one tenant (by key or console login), or an app key. */
export type Principal =
  | { kind: 'vendor_admin'; actor: string }
  | { kind: 'tenant'; tenantId: string; roles: readonly Role[]; actor: string; userId: string | null }
  | { kind: 'app'; tenantId: string; actor: string };

const rolePermissions: Record<Role, readonly Permission[]> = {
  owner: permissions.filter((p) => p !== 'vendor.manage'),
  license_manager: ['tenant.read', 'catalog.read', 'users.read', 'licenses.read', 'upgrades.request'],
  system_admin: [
    'tenant.read',
    'catalog.read',
    'clock.manage',
    'users.read',
    'users.manage',
    'licenses.read',
    'licenses.manage',
    'audit.read',
    'api_keys.manage',
    'runtime.use',
  ],
  auditor: ['tenant.read', 'catalog.read', 'users.read', 'licenses.read', 'audit.read'],
  member: ['tenant.read', 'catalog.read'],
};

const appPermissions: readonly Permission[] = ['runtime.use', 'catalog.read'];

/** `allowed`; `hidden` when the target belongs to another tenant (answered 404); `forbidden` (403). */
export type Decision = 'allowed' | 'hidden' | 'forbidden';

/**
 * Decides whether `principal` may use `permission`, on `tenantId` when the action is inside a
 * tenant. Another tenant is `hidden`, never `forbidden`, so that its ids leak nothing.
 *
 * @example
 * authorize({ kind: 'app', tenantId: 'ten_a', actor: 'key_1' }, 'users.read', 'ten_a') // 'forbidden'
 */
export function authorize(principal: Principal, permission: Permission, tenantId?: string): Decision {
  if (principal.kind === 'vendor_admin') return 'allowed';
  if (tenantId !== undefined && tenantId !== principal.tenantId) return 'hidden';
  if (permission === 'vendor.manage') return 'forbidden';
  const granted =
    principal.kind === 'app'
      ? appPermissions.includes(permission)
      : principal.roles.some((role) => rolePermissions[role].includes(permission));
  return granted ? 'allowed' : 'forbidden';
}

/** The permissions a set of roles gives, for the console to show or hide actions. */
export function permissionsOf(principal: Principal): Permission[] {
  return permissions.filter((p) => authorize(principal, p) === 'allowed');
}

/** The role a new user gets when none is named; it gives nothing beyond reading, so anyone who manages users may grant it. */
export const defaultRole: Role = 'member';

/**
 * Who may hand out roles (to a user or a key), given that they may manage users or keys at all:
 * the vendor and owners any role; anyone else the default role `member` and the roles they hold
 * themselves, so that no one can raise a person or a key above their own rights. Taking away
 * `owner` is reserved to owners too.
 *
 * @example
 * mayGrantRoles({ kind: 'tenant', tenantId: 't', roles: ['system_admin'], actor: 'a', userId: null }, [], ['owner']) // false
 * mayGrantRoles({ kind: 'tenant', tenantId: 't', roles: ['system_admin'], actor: 'a', userId: null }, [], ['member']) // true
 */
export function mayGrantRoles(principal: Principal, before: readonly Role[], after: readonly Role[]): boolean {
  if (principal.kind === 'vendor_admin') return true;
  if (principal.kind !== 'tenant') return false;
  if (principal.roles.includes('owner')) return true;
  const added = after.filter((role) => !before.includes(role));
  const removedOwner = before.includes('owner') && !after.includes('owner');
  return !removedOwner && added.every((role) => role === defaultRole || principal.roles.includes(role));
}

/**
 * How far a role reaches, for deciding who may change whom. `owner` is above everyone; the
 * three roles of a function (`license_manager`, `system_admin`, `auditor`) are peers: none holds
 * all the rights of another, and `system_admin`, whose job is managing users, must be able to reset
 * any of them. `member` is below them all.
 */
export const roleRank: Readonly<Record<Role, number>> = { owner: 3, license_manager: 2, system_admin: 2, auditor: 2, member: 1 };

/**
 * The rank of the highest of `roles`, 0 for none.
 *
 * @example
 * rankOf(['member', 'auditor']) // 2
 */
export function rankOf(roles: readonly Role[]): number {
  return roles.reduce((highest, role) => Math.max(highest, roleRank[role]), 0);
}

/** What a change does to a user: `credentials` changes the password or the e-mail (the login). */
export type UserChange = 'edit' | 'credentials' | 'delete';

/**
 * `allowed`; `current_password` when the caller changes their own password or e-mail and must
 * re-enter the current password first; `forbidden` (403).
 */
export type UserChangeDecision = 'allowed' | 'current_password' | 'forbidden';

/**
 * Whether `principal` may make `change` to the user `target` (already known to be of the
 * principal's tenant and allowed `users.manage`). Nobody changes, in any field, a user whose
 * highest role outranks their own highest role, so only owners change owners; a vendor admin
 * changes anyone. A user changing their own login proves it is them with the current password,
 * so that a stolen session cannot take the account.
 *
 * @example
 * const admin: Principal = { kind: 'tenant', tenantId: 't', roles: ['system_admin'], actor: 'key:k', userId: null };
 * mayChangeUser(admin, { id: 'usr_1', roles: ['owner'] }, 'credentials') // 'forbidden'
 * mayChangeUser(admin, { id: 'usr_2', roles: ['auditor'] }, 'credentials') // 'allowed'
 */
export function mayChangeUser(principal: Principal, target: { id: string; roles: readonly Role[] }, change: UserChange): UserChangeDecision {
  if (principal.kind === 'vendor_admin') return 'allowed';
  if (principal.kind !== 'tenant') return 'forbidden';
  if (principal.userId === target.id) return change === 'credentials' ? 'current_password' : 'allowed';
  return rankOf(target.roles) > rankOf(principal.roles) ? 'forbidden' : 'allowed';
}
