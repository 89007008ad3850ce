import { deviceExpiryLevels, licenseKeyStates } from '@allot/core';
import Type from 'typebox';
import { Name, Nullable, Timestamp } from './common.js';

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
  tenantId: Nullable(Type.String({ description: 'the tenant it is registered in' })),
  registeredAt: Nullable(Type.String()),
  registeredBy: Nullable(Type.String({ description: 'who registered it: user:<id>, key:<id> or admin-token' })),
});

/** A key as the tenant's License keys tab lists it: with what became of its licenses. */
export const TenantLicenseKey = Type.Object({
  ...LicenseKey.properties,
  state: Type.Enum([...licenseKeyStates], { description: 'active while one of its licenses is in the pool or runs on a device; expired when none does' }),
  available: Type.Integer({ description: 'its licenses in the pool' }),
  running: Type.Integer({ description: 'its licenses running on a device today' }),
});

/** The tenant's key list: its registered keys. */
export const TenantLicenseKeyFilters = { category: Type.Optional(Category) };

/** The vendor's key list: every issued key. */
export const LicenseKeyFilters = {
  ...TenantLicenseKeyFilters,
  registered: Type.Optional(Type.Boolean({ description: 'registered in a tenant (true) or still free (false)' })),
  tenantId: Type.Optional(Type.String({ maxLength: 64, description: 'registered in this tenant' })),
};

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

export const DevicePatch = Type.Object(
  { name: Type.Optional(Name), serial: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), model: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false, minProperties: 1 },
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
  daysLeft: Nullable(Type.Integer({ description: 'days from today to the last day (tenant calendar): 0 on the last day, negative once it has run out' })),
  expiry: Type.Enum([...deviceExpiryLevels], { description: 'expiring at 30 days left or fewer, expired once the last day has passed' }),
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

/** One automatic assignment for several devices at once: each gets `count` licenses, all or none. */
export const BulkAssignment = Type.Object(
  {
    deviceIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
    auto: Type.Enum(['shortest', 'longest']),
    count: Type.Integer({ minimum: 1, maximum: 10, description: 'licenses per device' }),
    category: Type.Optional(Category),
  },
  { additionalProperties: false },
);

/** A device after an assignment, with what it took from the pool. */
export const AssignedDevice = Type.Object({
  ...Device.properties,
  taken: Type.Object({ deviceLicenseIds: Type.Array(Type.String()), days: Type.Integer({ description: 'the terms of the licenses taken, added together' }) }),
});

export const BulkAssigned = Type.Object({ devices: Type.Array(AssignedDevice), licenses: Type.Integer({ description: 'licenses taken from the pool' }) });

/** Counts over every device of the tenant, for the head of the devices page. */
export const DeviceSummary = Type.Object({
  devices: Type.Integer(),
  licensed: Type.Integer({ description: 'running a license today' }),
  unlicensed: Type.Integer({ description: 'running none, or one that has run out' }),
  expiring: Type.Integer({ description: 'licensed, with 30 days left or fewer' }),
  pooled: Type.Integer({ description: 'device licenses in the pool' }),
});

export const Detached = Type.Object({
  device: Device,
  daysToEnd: Type.Integer({ description: 'days from today to the last day of the license detached' }),
  remainingDays: Type.Integer({ description: 'days back to the pool: daysToEnd − 3, never below 0' }),
  returned: Type.Union([DeviceLicense, Type.Null()]),
});

export const Validation = Type.Object({ deviceId: Type.String(), licensed: Type.Boolean(), validUntil: Nullable(Type.String()) });

export const DeviceLicenseFilters = { state: Type.Optional(Type.Enum(['available', 'assigned', 'expired'])) };

export const Transfer = Type.Object({ toTenant: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const DeviceParams = Type.Object({ t: Type.String(), d: Type.String() });
