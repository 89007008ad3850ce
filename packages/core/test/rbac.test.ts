import { describe, expect, it } from 'vitest';
import { authorize, mayGrantRoles, type Permission, type Principal, type Role } from '../src/rbac.js';

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
