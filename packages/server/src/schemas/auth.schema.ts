import Type from 'typebox';
import { Nullable } from './common.js';
import { Role } from './user.schema.js';

/** Either `tenant`, `email` and `password` (a tenant's user), or `apiKey` (a key or the admin token). */
export const Login = Type.Object(
  {
    tenant: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'tenant id or customer code' })),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    apiKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const SessionInfo = Type.Object({
  kind: Type.Enum(['vendor_admin', 'tenant', 'app']),
  actor: Type.String(),
  tenantId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  roles: Type.Array(Role),
  permissions: Type.Array(Type.String()),
  csrfToken: Nullable(Type.String({ description: 'send it as X-CSRF-Token on every change made with the session cookie' })),
  expiresAt: Nullable(Type.String()),
});
