import Type from 'typebox';
import { listQuery, Name, Nullable, Timestamp } from './common.js';

const Category = Type.String({ minLength: 1, maxLength: 100 });
const TermDays = Type.Union([Type.Literal(365), Type.Literal(1095), Type.Literal(1825)], { description: '1, 3 or 5 years' });

export const NewLicenseKey = Type.Object(
  { category: Category, termDays: TermDays, count: Type.Integer({ minimum: 1, maximum: 10_000 }) },
  { additionalProperties: false },
);

export const LicenseKey = Type.Object({
  id: Type.String(),
  key: Type.String(),
  category: Type.String(),
  termDays: Type.Integer(),
  count: Type.Integer(),
  issuedAt: Timestamp,
  tenantId: Nullable(Type.String()),
  registeredAt: Nullable(Type.String()),
});

export const KeyRegistration = Type.Object(
  { key: Type.String({ minLength: 1, maxLength: 100 }), termsAccepted: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const DeviceLicense = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  licenseKeyId: Nullable(Type.String()),
  category: Type.String(),
  termDays: Type.Integer({ description: 'days of term (for a detached remainder: its remaining days)' }),
  origin: Type.Enum(['key', 'remainder']),
  state: Type.Enum(['available', 'assigned', 'detached', 'expired']),
  deviceId: Nullable(Type.String()),
  assignedOn: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const DeviceLicenseRow = Type.Object({
  ...DeviceLicense.properties,
  key: Nullable(Type.String()),
  deviceName: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
});

export const Registered = Type.Object({ key: LicenseKey, licenses: Type.Array(DeviceLicense) });

export const NewDevice = Type.Object(
  { name: Name, serial: Type.String({ minLength: 1, maxLength: 100 }), model: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const Device = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  name: Type.String(),
  serial: Type.String(),
  model: Type.String(),
  license: Type.Enum(['none', 'valid', 'expired']),
  licensedSince: Nullable(Type.String()),
  validUntil: Nullable(Type.String({ description: 'last day of the cumulative license (tenant calendar)' })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const Assignment = Type.Object(
  {
    deviceLicenseIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 100 })),
    auto: Type.Optional(Type.Enum(['shortest', 'longest'])),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    category: Type.Optional(Category),
  },
  { additionalProperties: false },
);

export const Detached = Type.Object({ device: Device, remainingDays: Type.Integer(), returned: Type.Union([DeviceLicense, Type.Null()]) });

export const Validation = Type.Object({ deviceId: Type.String(), licensed: Type.Boolean(), validUntil: Nullable(Type.String()) });

export const DeviceLicenseQuery = listQuery({ state: Type.Optional(Type.Enum(['available', 'assigned', 'expired'])) });

export const Transfer = Type.Object({ toTenant: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const DeviceParams = Type.Object({ t: Type.String(), d: Type.String() });
