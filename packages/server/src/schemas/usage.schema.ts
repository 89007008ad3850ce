import Type from 'typebox';
import { usageFields } from './license.schema.js';
import { Nullable, Timestamp } from './common.js';

export const HitBatch = Type.Object(
  {
    events: Type.Array(
      Type.Object(
        {
          module: Type.String({ minLength: 1, maxLength: 200, description: 'product:module' }),
          kind: Type.Enum(['query', 'transaction']),
          count: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
          userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export const HitResults = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      status: Type.Enum(['accepted', 'duplicate', 'quota_exhausted', 'not_licensed', 'unknown_module']),
      licenseId: Nullable(Type.String()),
    }),
  ),
});

export const DataReport = Type.Object(
  { licenseId: Type.String({ minLength: 1, maxLength: 64 }), kilobytes: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }) },
  { additionalProperties: false },
);

export const DataTicks = Type.Object({
  ticks: Type.Integer({ description: 'ticks (MB) registered by this report' }),
  totalTicks: Type.Integer(),
  carriedKilobytes: Type.Integer(),
  megabytesLeft: Type.Integer({ description: 'MB left of the quota; -1 when unlimited' }),
});

export const VolumeObject = Type.Object({
  id: Type.String(),
  licenseId: Type.String(),
  ref: Type.String(),
  status: Type.String(),
  counted: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const NewVolumeObject = Type.Object(
  { ref: Type.String({ minLength: 1, maxLength: 200 }), status: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const ObjectMove = Type.Object({ status: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const ObjectParams = Type.Object({ t: Type.String(), l: Type.String(), ref: Type.String() });

export const LinkedUser = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  linkedAt: Timestamp,
  lastAccessAt: Timestamp,
  expiresAt: Timestamp,
  daysLeft: Type.Integer(),
});

export const LicenseUsage = Type.Object({
  licenseId: Type.String(),
  model: Type.String(),
  ...usageFields,
  hitDays: Type.Optional(Type.Array(Type.Object({ day: Type.String(), hits: Type.Integer() }))),
  hitYears: Type.Optional(Type.Array(Type.Object({ year: Type.Integer(), hits: Type.Integer() }))),
  totalTicks: Type.Optional(Type.Integer()),
  carriedKilobytes: Type.Optional(Type.Integer()),
  megabytesLeft: Type.Optional(Type.Integer()),
});

export const HitDaysQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
});
