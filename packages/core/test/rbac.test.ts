import { describe, expect, it } from 'vitest';
import { authorize, mayChangeUser, mayGrantRoles, rankOf, roleRank, roles, type Permission, type Principal, type Role, type UserChange, type UserChangeDecision } from '../src/rbac.js';

const tenant = (roles: Role[]): Principal => ({ kind: 'tenant', tenantId: 'ten_a', roles, actor: 'key:k', userId: null });
const vendor: Principal = { kind: 'vendor_admin', actor: 'admin-token' };
const app: Principal = { kind: 'app', tenantId: 'ten_a', actor: 'key:app' };

describe('authorize', () => {
  it.each<[string, Principal, Permission, string | undefined, string]>([
    ['vendor may do anything anywhere', vendor, 'users.manage', 'ten_z', 'allowed'],
    ['vendor manages the catalog', vendor, 'vendor.manage', undefined, 'allowed'],
    ['owner manages users', tenant(['owner']), 'users.manage', 'ten_a', 'allowed'],
    ['owner makes purchases', tenant(['owner']), 'purchases.make', 'ten_a', 'allowed'],
    ['owner is not the vendor', tenant(['owner']), 'vendor.manage', undefined, 'forbidden'],
    ['another tenant is hidden, not forbidden', tenant(['owner']), 'users.read', 'ten_b', 'hidden'],
    ['another tenant is hidden even without the permission', tenant(['member']), 'users.manage', 'ten_b', 'hidden'],
    ['license manager sees licenses', tenant(['license_manager']), 'licenses.read', 'ten_a', 'allowed'],
    ['license manager requests upgrades', tenant(['license_manager']), 'upgrades.request', 'ten_a', 'allowed'],
    ['owner requests upgrades', tenant(['owner']), 'upgrades.request', 'ten_a', 'allowed'],
    ['system admin does not request upgrades', tenant(['system_admin']), 'upgrades.request', 'ten_a', 'forbidden'],
    ['license manager does not purchase', tenant(['license_manager']), 'purchases.make', 'ten_a', 'forbidden'],
    ['license manager does not manage users', tenant(['license_manager']), 'users.manage', 'ten_a', 'forbidden'],
    ['system admin manages licenses', tenant(['system_admin']), 'licenses.manage', 'ten_a', 'allowed'],
    ['system admin does not purchase', tenant(['system_admin']), 'purchases.make', 'ten_a', 'forbidden'],
    ['auditor reads the audit log', tenant(['auditor']), 'audit.read', 'ten_a', 'allowed'],
    ['auditor changes nothing', tenant(['auditor']), 'users.manage', 'ten_a', 'forbidden'],
    ['member reads the tenant', tenant(['member']), 'tenant.read', 'ten_a', 'allowed'],
    ['member reads no users', tenant(['member']), 'users.read', 'ten_a', 'forbidden'],
    ['roles add up', tenant(['member', 'auditor']), 'audit.read', 'ten_a', 'allowed'],
    ['app key makes runtime calls', app, 'runtime.use', 'ten_a', 'allowed'],
    ['app key reads no users', app, 'users.read', 'ten_a', 'forbidden'],
    ['app key of another tenant is hidden', app, 'runtime.use', 'ten_b', 'hidden'],
  ])('%s', (_name, principal, permission, tenantId, expected) => {
    expect(authorize(principal, permission, tenantId)).toBe(expected);
  });
});

describe('mayGrantRoles', () => {
  it.each<[string, Principal, Role[], Role[], boolean]>([
    ['vendor grants owner', vendor, [], ['owner'], true],
    ['owner grants owner', tenant(['owner']), [], ['owner'], true],
    ['owner removes owner', tenant(['owner']), ['owner'], [], true],
    ['system admin grants a role they hold', tenant(['system_admin']), [], ['system_admin'], true],
    ['system admin may not grant owner', tenant(['system_admin']), [], ['owner'], false],
    ['system admin may not grant license manager', tenant(['system_admin']), ['member'], ['license_manager'], false],
    ['system admin may not remove owner', tenant(['system_admin']), ['owner'], ['member'], false],
    ['removing a role one lacks is fine', tenant(['system_admin']), ['auditor'], [], true],
    ['system admin grants the default role member', tenant(['system_admin']), [], ['member'], true],
    ['anyone who manages users grants member', tenant(['auditor']), ['auditor'], ['auditor', 'member'], true],
    ['member does not open the door to other roles', tenant(['system_admin']), [], ['member', 'auditor'], false],
    ['an app grants nothing', app, [], ['member'], false],
  ])('%s', (_name, principal, before, after, expected) => {
    expect(mayGrantRoles(principal, before, after)).toBe(expected);
  });
});

describe('rankOf', () => {
  it.each<[Role[], number]>([
    [['owner'], 3],
    [['license_manager'], 2],
    [['system_admin'], 2],
    [['auditor'], 2],
    [['member'], 1],
    [[], 0],
    [['member', 'auditor'], 2],
    [['auditor', 'owner'], 3],
  ])('%j ranks %i', (held, rank) => {
    expect(rankOf(held)).toBe(rank);
  });

  it('ranks every role, owner alone at the top and member alone at the bottom', () => {
    for (const role of roles) expect(roleRank[role]).toBeGreaterThan(0);
    expect(roles.filter((role) => roleRank[role] === rankOf(['owner']))).toEqual(['owner']);
    expect(roles.filter((role) => roleRank[role] === rankOf(['member']))).toEqual(['member']);
  });
});

describe('mayChangeUser', () => {
  const user = (roles: Role[], userId: string): Principal => ({ kind: 'tenant', tenantId: 'ten_a', roles, actor: `user:${userId}`, userId });
  const owner = { id: 'usr_owner', roles: ['owner'] as Role[] };
  const auditorUser = { id: 'usr_aud', roles: ['auditor'] as Role[] };
  const sysadminUser = { id: 'usr_sys', roles: ['system_admin', 'member'] as Role[] };
  const memberUser = { id: 'usr_mem', roles: ['member'] as Role[] };

  it.each<[string, Principal, { id: string; roles: Role[] }, UserChange, UserChangeDecision]>([
    ['vendor changes an owner', vendor, owner, 'credentials', 'allowed'],
    ['vendor deletes an owner', vendor, owner, 'delete', 'allowed'],
    ['system admin key may not set an owner password or e-mail', tenant(['system_admin']), owner, 'credentials', 'forbidden'],
    ['system admin key may not rename an owner', tenant(['system_admin']), owner, 'edit', 'forbidden'],
    ['system admin key may not delete an owner', tenant(['system_admin']), owner, 'delete', 'forbidden'],
    ['system admin user may not set an owner password', user(['system_admin'], 'usr_x'), owner, 'credentials', 'forbidden'],
    ['an owner sets another owner password', user(['owner'], 'usr_other'), owner, 'credentials', 'allowed'],
    ['an owner key deletes an owner', tenant(['owner']), owner, 'delete', 'allowed'],
    ['the middle roles are peers: system admin resets an auditor', tenant(['system_admin']), auditorUser, 'credentials', 'allowed'],
    ['the middle roles are peers: auditor with users.manage would reach a system admin', tenant(['auditor']), sysadminUser, 'edit', 'allowed'],
    ['system admin resets another system admin', tenant(['system_admin']), sysadminUser, 'credentials', 'allowed'],
    ['system admin resets a member', tenant(['system_admin']), memberUser, 'credentials', 'allowed'],
    ['a member reaches no one above', tenant(['member']), auditorUser, 'edit', 'forbidden'],
    ['the highest role counts: member and system admin reach an auditor', tenant(['member', 'system_admin']), auditorUser, 'delete', 'allowed'],
    ['an owner changing their own password re-enters it', user(['owner'], 'usr_owner'), owner, 'credentials', 'current_password'],
    ['a system admin changing their own e-mail re-enters the password', user(['system_admin'], 'usr_sys'), sysadminUser, 'credentials', 'current_password'],
    ['one changes their own name without it', user(['owner'], 'usr_owner'), owner, 'edit', 'allowed'],
    ['an app changes no one', app, memberUser, 'edit', 'forbidden'],
  ])('%s', (_name, principal, target, change, expected) => {
    expect(mayChangeUser(principal, target, change)).toBe(expected);
  });
});
