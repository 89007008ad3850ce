import type { Page } from './types';

// Concurrent licensing as the API answers it (packages/server/src/schemas/session.schema.ts).

export type SessionState = 'live' | 'ended';

export type SessionEndReason = 'logout' | 'timeout' | 'admin';

/** One module a session holds: through a concurrent license, a seat the user holds, or a day code. */
export interface SessionModule {
  /** `product:module`. */
  module: string;
  /** The license the module is held through (only concurrent ones are counted); null when a day code grants the module. */
  licenseId: string | null;
  /** Beyond the licensed maximum, admitted by a grace period. */
  excess: boolean;
  dayCodeId: string | null;
}

export interface LicenseSession {
  id: string;
  tenantId: string;
  userId: string;
  /** Decided by the server at the time of the answer: an overdue session is answered as ended (timeout). */
  state: SessionState;
  heartbeatSeconds: number;
  startedAt: string;
  lastSeenAt: string;
  /** When it stops counting unless heard from again. */
  expiresAt: string;
  endedAt: string | null;
  endReason: SessionEndReason | null;
  modules: SessionModule[];
}

/** A grace key: from `startsAt` until `endsAt` the license's concurrency limit is lifted. */
export interface GracePeriod {
  id: string;
  licenseId: string;
  startsAt: string;
  endsAt: string;
  orderNumber: string;
  createdAt: string;
}

export interface IssuedDayCode {
  id: string;
  /** The code itself, answered once. */
  dayCode: string;
  module: string;
  /** `YYYY-MM-DD` in the tenant's zone. */
  validOn: string;
}

/** An issued day code as listed, without the code itself. */
export interface DayCodeListItem {
  id: string;
  module: string;
  /** `YYYY-MM-DD` in the tenant's zone. */
  validOn: string;
  createdAt: string;
  /** Sessions opened with it. */
  uses: number;
}

/** A session admitted beyond the licensed maximum during a grace period. */
export interface ExcessUse {
  id: string;
  tenantId: string;
  licenseId: string | null;
  licenseCode: string;
  userId: string;
  module: string;
  sessionId: string | null;
  excessUsers: number;
  licensedMaximum: number;
  at: string;
}

/** One use of a day code: the session it opened. */
export interface DayCodeUse {
  id: string;
  tenantId: string;
  dayCodeId: string;
  sessionId: string;
  userId: string;
  module: string;
  at: string;
}

/** One session holding one module of a concurrent license now (`id` is the session's): a session holding several of its modules is listed once for each. */
export interface LicenseHolder {
  id: string;
  sessionId: string;
  userId: string;
  /** `product:module`. */
  module: string;
  since: string;
  lastSeenAt: string;
  expiresAt: string;
  /** Beyond the licensed maximum, admitted by a grace period. */
  excess: boolean;
}

/** Who holds a concurrent license now (GET /licenses/{l}/sessions): a page of holders and the counts. Its quantity applies to each module on its own. */
export interface ConcurrentUsage extends Page<LicenseHolder> {
  licenseId: string;
  /** Concurrent users per module. */
  quantity: number | null;
  /** Live sessions on the busiest module: the license's concurrent users in use. */
  live: number;
  /** A grace period is in force: sessions beyond the maximum are admitted and logged. */
  inGrace: boolean;
  /** Each module of the license with the live sessions holding it. */
  modules: { module: string; live: number }[];
}
