// The shapes the console reads from the API (/v1). The web package talks to the server over HTTP
// only, so these mirror packages/server/src/schemas rather than importing them.

export type Role = 'owner' | 'license_manager' | 'system_admin' | 'auditor' | 'member';

export const allRoles: readonly Role[] = ['owner', 'license_manager', 'system_admin', 'auditor', 'member'];

export type Permission =
  | 'tenant.read'
  | 'tenant.manage'
  | 'clock.manage'
  | 'users.read'
  | 'users.manage'
  | 'password.change'
  | 'licenses.read'
  | 'licenses.manage'
  | 'upgrades.request'
  | 'purchases.make'
  | 'audit.read'
  | 'api_keys.manage'
  | 'runtime.use'
  | 'catalog.read'
  | 'vendor.manage';

export interface SessionInfo {
  kind: 'vendor_admin' | 'tenant' | 'app';
  actor: string;
  tenantId: string | null;
  userId: string | null;
  roles: Role[];
  permissions: string[];
  csrfToken: string | null;
  expiresAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** RFC 9457 problem, as every error of the API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  field?: string;
  [extra: string]: unknown;
}

export type TenantMode = 'live' | 'sandbox';

export interface Tenant {
  id: string;
  name: string;
  customerCode: string;
  timeZone: string;
  mode: TenantMode;
  status: 'licensed' | 'demo';
  clock: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  roles: Role[];
  certifiedProfessional: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Group {
  id: string;
  tenantId: string;
  name: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface MembershipChange {
  group: Group;
  added: string[];
  alreadyMembers: string[];
}

export interface Product {
  id: string;
  code: string;
  name: string;
  modules: { code: string; name: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface Solution {
  id: string;
  code: string;
  name: string;
  /** `product:module` references. */
  modules: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  tenantId: string | null;
  kind: 'vendor_admin' | 'admin' | 'app';
  name: string;
  roles: Role[];
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface IssuedKey {
  id: string;
  /** The secret, answered once and never again. */
  key: string;
  apiKey: ApiKey;
}

export interface AuditEvent {
  id: string;
  tenantId: string | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  at: string;
  requestId: string | null;
}
