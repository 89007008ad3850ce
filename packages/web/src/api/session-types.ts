import type { Page } from './types';

// Concurrent licensing as the API answers it (packages/server/src/schemas/session.schema.ts).

export type SessionState = 'live' | 'ended';

export type SessionEndReason = 'logout' | 'timeout' | 'admin';

/** One module a session holds: through a concurrent license, or through a day code. */
export interface SessionModule {
  /** `product:module`. */
  module: string;
  /** The concurrent license held; null when a day code grants the module. */
  licenseId: string | null;
  /** Beyond the licensed maximum, admitted by a grace period. */
  excess: boolean;
  dayCodeId: string | null;
}

export interface LicenseSession {
  id: string;
  tenantId: string;
  userId: string;
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

/** One session holding a concurrent license now (`id` is the session's). */
export interface LicenseHolder {
  id: string;
  sessionId: string;
  userId: string;
  since: string;
  lastSeenAt: string;
}

/** Who holds a concurrent license now (GET /licenses/{l}/sessions): a page of holders and the count. */
export interface ConcurrentUsage extends Page<LicenseHolder> {
  licenseId: string;
  quantity: number | null;
  /** Sessions holding the license now. */
  live: number;
  /** A grace period is in force: sessions beyond the maximum are admitted and logged. */
  inGrace: boolean;
}
