import Type from 'typebox';
import { Name, Nullable, Timestamp } from './common.js';
import { Role } from './user.schema.js';

export const ApiKey = Type.Object({
  id: Type.String(),
  tenantId: Nullable(Type.String()),
  kind: Type.Enum(['vendor_admin', 'admin', 'app']),
  name: Type.String(),
  roles: Type.Array(Role),
  prefix: Type.String({ description: 'the first characters of the key' }),
  createdAt: Timestamp,
  revokedAt: Nullable(Type.String()),
});

export const IssuedKey = Type.Object({
  id: Type.String(),
  key: Type.String({ description: 'shown once; store it now' }),
  apiKey: ApiKey,
});

export const NewVendorKey = Type.Object({ name: Type.Optional(Name) }, { additionalProperties: false });

export const NewTenantKey = Type.Object(
  { kind: Type.Enum(['admin', 'app']), name: Type.Optional(Name), roles: Type.Optional(Type.Array(Role, { maxItems: 5 })) },
  { additionalProperties: false },
);
