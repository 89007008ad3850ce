import type { Role } from './rbac.js';

/** A person of one tenant. The password hash never leaves storage. */
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

/** A named set of users ("rights group", "user group"). */
export interface Group {
  id: string;
  tenantId: string;
  name: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

/** Lower-cased email, the key that makes an address unique within a tenant. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
