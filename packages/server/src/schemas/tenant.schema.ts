import Type from 'typebox';
import { Code, Name, Nullable, Timestamp } from './common.js';

export const TenantMode = Type.Enum(['live', 'sandbox']);
export const TenantStatus = Type.Enum(['licensed', 'demo']);
const CustomerCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' });

export const Tenant = Type.Object({
  id: Type.String(),
  name: Type.String(),
  customerCode: Type.String(),
  timeZone: Type.String(),
  mode: TenantMode,
  status: TenantStatus,
  clock: Nullable(Type.String({ description: 'the test clock of a sandbox tenant' })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const NewTenant = Type.Object(
  {
    name: Name,
    customerCode: CustomerCode,
    timeZone: Type.Optional(TimeZone),
    mode: Type.Optional(TenantMode),
    clock: Type.Optional(Type.String({ description: 'start of the test clock (sandbox only); default now' })),
  },
  { additionalProperties: false },
);

export const TenantPatch = Type.Object(
  { name: Type.Optional(Name), customerCode: Type.Optional(CustomerCode), timeZone: Type.Optional(TimeZone) },
  { additionalProperties: false, minProperties: 1 },
);

export const TenantFilters = { mode: Type.Optional(TenantMode), status: Type.Optional(TenantStatus) };

export const ClockMove = Type.Object(
  {
    advanceBy: Type.Optional(Type.String({ maxLength: 64, description: 'ISO 8601 duration, e.g. P36D' })),
    to: Type.Optional(Type.String({ maxLength: 64, description: 'ISO 8601 instant' })),
  },
  { additionalProperties: false },
);

export { Code };
