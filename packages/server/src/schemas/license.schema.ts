import { accessCodes, borrowDaysRange, licenseModels, licenseQuantityMaximum, licenseStatuses } from '@allot/core';
import Type from 'typebox';
import { Code, Name, Nullable, Timestamp } from './common.js';

export const LicenseModel = Type.Enum([...licenseModels]);
const Bound = Type.String({ maxLength: 40, description: 'a date (2025-01-31, in the tenant zone) or an ISO 8601 instant' });
const Quantity = Type.Integer({ minimum: 0, maximum: licenseQuantityMaximum, description: 'seats, sessions, hits per year, GB (data), objects or active users; for seats, sessions and active users 100000 or more counts as unlimited (∞)' });
const Label = Type.String({ minLength: 1, maxLength: 100 });
const RetentionDays = Type.Integer({ minimum: 30, maximum: 365, description: '30 to 365, default 90' });
const HeartbeatSeconds = Type.Integer({ minimum: 10, maximum: 86_400, description: 'default 300' });
const MaxBorrowDays = Type.Integer({ minimum: borrowDaysRange.min, maximum: borrowDaysRange.max, description: 'concurrent licenses: days ahead a live session may be borrowed for offline work (default 0: none)' });

/** The usage figures every list and overview shows (SPEC 3), in the model's units of use. */
export const usageFields = {
  quantity: Nullable(Type.Integer()),
  used: Type.Integer({ description: "in the model's unit of use: seats, live sessions, hits this year, MB (data), counted objects or linked users" }),
  available: Nullable(Type.Integer({ description: 'what is left, in the unit of `used`; null when unlimited' })),
  percentUsed: Type.Number(),
  thresholdReached: Type.Boolean(),
};

export const License = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  model: Type.String(),
  product: Nullable(Type.String()),
  modules: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'module codes; null means every module of the product' }),
  solution: Nullable(Type.String()),
  ...usageFields,
  unlimited: Type.Boolean(),
  thresholdPercent: Nullable(Type.Integer()),
  validFrom: Timestamp,
  validUntil: Nullable(Type.String()),
  status: Type.Enum(['active', 'suspended', 'expired']),
  package: Nullable(Type.String()),
  source: Type.Enum(['manual', 'license_file', 'upgrade', 'purchase']),
  role: Nullable(Type.String()),
  heartbeatSeconds: Nullable(Type.Integer({ description: 'concurrent licenses: a session not heard from for this long stops counting' })),
  maxBorrowDays: Nullable(Type.Integer({ description: 'concurrent licenses: days ahead a live session may be borrowed for; 0 allows none' })),
  bundle: Nullable(Type.String({ description: 'hits licenses per bundle: query or transaction' })),
  retentionDays: Nullable(Type.Integer({ description: 'active-user licenses: days a link lasts after the last access' })),
  objectKind: Nullable(Type.String({ description: 'volume licenses: the business object counted' })),
  countedStatuses: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'volume licenses: statuses that count; null means all' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const NewLicense = Type.Object(
  {
    code: Code,
    name: Name,
    model: LicenseModel,
    product: Type.Optional(Code),
    modules: Type.Optional(Type.Array(Code, { minItems: 1, maxItems: 500 })),
    solution: Type.Optional(Code),
    quantity: Type.Optional(Quantity),
    unlimited: Type.Optional(Type.Boolean()),
    validFrom: Type.Optional(Bound),
    validUntil: Type.Optional(Bound),
    package: Type.Optional(Label),
    thresholdPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    role: Type.Optional(Label),
    heartbeatSeconds: Type.Optional(HeartbeatSeconds),
    maxBorrowDays: Type.Optional(MaxBorrowDays),
    bundle: Type.Optional(Type.Enum(['query', 'transaction'])),
    retentionDays: Type.Optional(RetentionDays),
    objectKind: Type.Optional(Code),
    countedStatuses: Type.Optional(Type.Array(Label, { minItems: 1, maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const LicensePatch = Type.Object(
  {
    name: Type.Optional(Name),
    quantity: Type.Optional(Quantity),
    unlimited: Type.Optional(Type.Boolean()),
    validFrom: Type.Optional(Bound),
    validUntil: Type.Optional(Nullable(Bound)),
    status: Type.Optional(Type.Enum(['active', 'suspended'])),
    package: Type.Optional(Nullable(Label)),
    thresholdPercent: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
    role: Type.Optional(Nullable(Label)),
    heartbeatSeconds: Type.Optional(HeartbeatSeconds),
    maxBorrowDays: Type.Optional(MaxBorrowDays),
    retentionDays: Type.Optional(RetentionDays),
    countedStatuses: Type.Optional(Type.Union([Type.Array(Label, { minItems: 1, maxItems: 50 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const LicenseFilters = {
  model: Type.Optional(LicenseModel),
  product: Type.Optional(Code),
  status: Type.Optional(Type.Enum([...licenseStatuses], { description: "the license's status at the tenant's now" })),
};

// Optional in the document (a client may leave it out); Ajv fills in the default.
export const DryRunQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false })) });

export const UserIds = Type.Object(
  { userIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

/** The most seats one recall takes: every direct seat of a large license at once ("select all"). */
export const maxRecalledUsers = 10_000;

export const RecalledUserIds = Type.Object(
  { userIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: maxRecalledUsers }) },
  { additionalProperties: false },
);

export const GroupLink = Type.Object({ groupId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const SeatOutcome = Type.Object({
  licenseId: Type.String(),
  dryRun: Type.Boolean(),
  seatsNeeded: Type.Integer({ description: 'seats the change takes (net)' }),
  seatsFree: Nullable(Type.Integer({ description: 'free seats before the change; null when unlimited' })),
  added: Type.Array(Type.String(), { description: 'users who get a seat' }),
  removed: Type.Array(Type.String(), { description: 'users who lose their seat' }),
  used: Type.Integer(),
  available: Nullable(Type.Integer()),
});

export const SeatHolder = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  direct: Type.Boolean({ description: 'assigned directly' }),
  groupIds: Type.Array(Type.String(), { description: 'linked groups that also reach the user' }),
});

export const ProductOverview = Type.Object({
  product: Type.String({ description: "the card's key: the product's code, or solution:<code> for a solution the tenant holds licenses of" }),
  kind: Type.Enum(['product', 'solution']),
  code: Type.String({ description: "the product's or the solution's code" }),
  name: Type.String({ description: "the product's or the solution's name" }),
  licensed: Type.Boolean({ description: 'an active license of its own, or of a solution granting some of its modules' }),
  through: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
    description: 'the solutions whose active licenses grant modules of the product (none on a solution card)',
  }),
  packages: Type.Array(Type.String()),
  licenses: Type.Array(License),
  roles: Type.Array(
    Type.Object({ role: Type.String(), licenseId: Type.String(), code: Type.String(), unlimited: Type.Boolean(), ...usageFields }),
  ),
});

export const LicenseParams = Type.Object({ t: Type.String(), l: Type.String() });
export const LicenseGroupParams = Type.Object({ t: Type.String(), l: Type.String(), groupId: Type.String() });

export const AccessRequest = Type.Object(
  { userId: Type.String({ minLength: 1, maxLength: 64 }), module: Type.String({ minLength: 1, maxLength: 200, description: 'product:module' }) },
  { additionalProperties: false },
);

/** Why access was given or refused (SPEC 3.8). */
export const AccessCode = Type.Enum([...accessCodes]);

export const AccessAnswer = Type.Object({
  allowed: Type.Boolean(),
  code: AccessCode,
  licenseId: Nullable(Type.String()),
});

export const Denial = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  userId: Type.String(),
  module: Type.String(),
  code: AccessCode,
  licenseId: Nullable(Type.String()),
  at: Timestamp,
});

export const DenialFilters = {
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  module: Type.Optional(Type.String({ maxLength: 200 })),
  code: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};
