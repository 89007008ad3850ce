import Type from 'typebox';
import { borrowStates, claimSecondsRange, defaultClaimSeconds, queueStates } from '@allot/core';
import { Nullable, Timestamp } from './common.js';

const ModuleRef = Type.String({ minLength: 1, maxLength: 200, description: 'product:module' });

export const OpenSession = Type.Object(
  {
    userId: Type.String({ minLength: 1, maxLength: 64 }),
    modules: Type.Array(ModuleRef, { minItems: 1, maxItems: 100 }),
    dayCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    wait: Type.Optional(Type.Boolean({ description: 'at the concurrency limit, wait in the queue (202) instead of a 409' })),
    claimSeconds: Type.Optional(
      Type.Integer({ minimum: claimSecondsRange.min, maximum: claimSecondsRange.max, description: `how long an offer is held for the waiter, and the waiter may go unheard (default ${defaultClaimSeconds})` }),
    ),
  },
  { additionalProperties: false },
);

export const QueueTicket = Type.Object({
  queueId: Type.String(),
  position: Type.Integer({ minimum: 1, description: '1 for the next waiter' }),
  claimSeconds: Type.Integer(),
});

export const QueueEntry = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  modules: Type.Array(Type.String()),
  requestedAt: Timestamp,
  claimSeconds: Type.Integer(),
  state: Type.Enum([...queueStates]),
  position: Type.Union([Type.Integer(), Type.Null()], { description: 'while waiting: 1 for the next waiter' }),
  sessionId: Type.Union([Type.String(), Type.Null()], { description: 'the session offered: its first heartbeat claims it' }),
  offeredAt: Type.Union([Type.String(), Type.Null()]),
});

export const Session = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  userId: Type.String(),
  state: Type.Enum(['live', 'ended']),
  heartbeatSeconds: Type.Integer(),
  startedAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  endedAt: Nullable(Type.String()),
  endReason: Type.Union([Type.Enum(['logout', 'timeout', 'admin']), Type.Null()]),
  modules: Type.Array(
    Type.Object({
      module: Type.String(),
      licenseId: Nullable(Type.String()),
      excess: Type.Boolean({ description: 'beyond the licensed maximum, admitted by a grace period' }),
      dayCodeId: Nullable(Type.String()),
    }),
  ),
});

export const SessionFilters = {
  state: Type.Optional(Type.Enum(['live', 'ended'])),
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  module: Type.Optional(Type.String({ maxLength: 200 })),
};

export const SessionParams = Type.Object({ t: Type.String(), s: Type.String() });

export const GraceKey = Type.Object({
  id: Type.String(),
  licenseId: Type.String(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  orderNumber: Type.String(),
  createdAt: Timestamp,
});

export const NewGrace = Type.Object(
  {
    startsAt: Type.String({ maxLength: 40, description: 'a date (tenant zone) or an ISO 8601 instant' }),
    endsAt: Type.String({ maxLength: 40, description: 'a date (its end, tenant zone) or an ISO 8601 instant' }),
    orderNumber: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

export const NewDayCode = Type.Object(
  { module: ModuleRef, validOn: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD in the tenant zone; default today' })) },
  { additionalProperties: false },
);

export const IssuedDayCode = Type.Object({ id: Type.String(), dayCode: Type.String(), module: Type.String(), validOn: Type.String() });

/** An issued day code as listed: the code itself is answered only once, when it is issued. */
export const DayCodeListItem = Type.Object({
  id: Type.String(),
  module: Type.String(),
  validOn: Type.String({ description: 'the day of the tenant it grants its module on' }),
  createdAt: Type.String(),
  uses: Type.Integer({ description: 'sessions opened with it' }),
});

export const DayCodeFilters = {
  module: Type.Optional(Type.String({ maxLength: 200 })),
  validFrom: Type.Optional(Type.String({ maxLength: 10, description: 'only codes valid on this day (YYYY-MM-DD) or later' })),
};

export const ExcessUse = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  licenseId: Nullable(Type.String()),
  licenseCode: Type.String(),
  userId: Type.String(),
  module: Type.String(),
  sessionId: Nullable(Type.String()),
  excessUsers: Type.Integer(),
  licensedMaximum: Type.Integer(),
  at: Timestamp,
});

export const ExcessFilters = {
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  module: Type.Optional(Type.String({ maxLength: 200 })),
  licenseId: Type.Optional(Type.String({ maxLength: 64 })),
};

export const DayCodeUse = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  dayCodeId: Type.String(),
  sessionId: Type.String(),
  userId: Type.String(),
  module: Type.String(),
  at: Timestamp,
});

export const DayCodeUseFilters = {
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  module: Type.Optional(Type.String({ maxLength: 200 })),
};

/** One live holder of a concurrent license: its session (`id` is the session's). */
export const LicenseHolder = Type.Object({
  id: Type.String({ description: "the session's id; a session holding several modules of the license is listed once for each, on one page" }),
  sessionId: Type.String(),
  userId: Type.String(),
  module: Type.String({ description: 'the module held' }),
  since: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  excess: Type.Boolean({ description: 'beyond the licensed maximum, admitted by a grace period' }),
});

/** What the holder list of a concurrent license says besides its page. */
export const ConcurrentUsageSummary = {
  licenseId: Type.String(),
  quantity: Nullable(Type.Integer({ description: 'concurrent users per module' })),
  live: Type.Integer({ description: "live sessions on the license's busiest module: its concurrent users in use" }),
  inGrace: Type.Boolean(),
  modules: Type.Array(Type.Object({ module: Type.String({ description: 'product:module' }), live: Type.Integer({ description: 'live sessions holding this module through the license' }) }), {
    description: 'each module of the license: the quantity applies to each on its own',
  }),
};

export const BorrowRequest = Type.Object(
  { until: Type.String({ minLength: 1, maxLength: 40, description: 'a date (the end of that tenant day) or an instant, at most maxBorrowDays ahead' }) },
  { additionalProperties: false },
);

const borrowFields = {
  id: Type.String(),
  tenantId: Type.String(),
  sessionId: Type.String(),
  userId: Type.String(),
  modules: Type.Array(Type.String()),
  startsAt: Timestamp,
  until: Timestamp,
  returnedAt: Nullable(Type.String()),
  state: Type.Enum([...borrowStates]),
};

export const Borrow = Type.Object(borrowFields);

export const BorrowWithLease = Type.Object({
  ...borrowFields,
  lease: Type.String({ description: "the lease, signed with the installation's Ed25519 key: verify it offline with the SDK's verifyLease" }),
});

export const BorrowReturn = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64, description: 'the user whose borrow it is' }) }, { additionalProperties: false });

export const BorrowFilters = {
  active: Type.Optional(Type.Boolean({ description: 'only borrows not returned whose end has not come' })),
  userId: Type.Optional(Type.String({ maxLength: 64 })),
};
