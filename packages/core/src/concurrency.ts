import { inForce, isUnlimited, licenseStatus, type License } from './license.js';
import { authorize, type Principal } from './rbac.js';
import { addSeconds } from './time.js';

export const sessionEndReasons = ['logout', 'timeout', 'admin'] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];

/** The moment a session stops counting unless it is heard from again. */
export function sessionExpiresAt(lastSeenAt: string, heartbeatSeconds: number): string {
  return addSeconds(lastSeenAt, heartbeatSeconds);
}

/**
 * Where a session stands at `now`, the one rule every layer follows: `live` while it has not ended
 * and its heartbeat is not overdue; `overdue` once `now` reaches `expiresAt` without an end (it
 * stopped counting then; the job or a late heartbeat closes it as `timeout`); `ended` once closed.
 * The repository's live filter (`ended_at IS NULL AND expires_at > now`) is this rule in SQL.
 *
 * @example
 * sessionState({ endedAt: null, expiresAt: '2024-01-01T10:05:00.000Z' }, '2024-01-01T10:05:00.000Z') // 'overdue'
 */
export function sessionState(session: { endedAt: string | null; expiresAt: string }, now: string): 'live' | 'overdue' | 'ended' {
  if (session.endedAt !== null) return 'ended';
  return now < session.expiresAt ? 'live' : 'overdue';
}

/** A session counts while it is live at `now` (see `sessionState`). */
export function sessionLive(session: { endedAt: string | null; expiresAt: string }, now: string): boolean {
  return sessionState(session, now) === 'live';
}

/** A session as the API shows it at `now`: `live` or `ended`; an overdue one has ended by timeout at its expiry. */
export interface SessionStatus {
  state: 'live' | 'ended';
  endedAt: string | null;
  endReason: SessionEndReason | null;
}

/**
 * The state, end and reason the API answers for a session at `now`, so that nobody else has to
 * decide whether an open session still counts.
 *
 * @example
 * sessionStatus({ endedAt: null, endReason: null, expiresAt: '2024-01-01T10:05:00.000Z' }, '2024-01-01T11:00:00.000Z')
 * // { state: 'ended', endedAt: '2024-01-01T10:05:00.000Z', endReason: 'timeout' }
 */
export function sessionStatus(session: { endedAt: string | null; endReason: SessionEndReason | null; expiresAt: string }, now: string): SessionStatus {
  switch (sessionState(session, now)) {
    case 'live':
      return { state: 'live', endedAt: null, endReason: null };
    case 'overdue':
      return { state: 'ended', endedAt: session.expiresAt, endReason: 'timeout' };
    case 'ended':
      return { state: 'ended', endedAt: session.endedAt, endReason: session.endReason };
  }
}

/**
 * Why a session ends when its caller ends it: `admin` when the caller may manage the tenant's
 * licenses (a vendor admin, a tenant admin key or console user with `licenses.manage`), else
 * `logout` (the application's app key).
 *
 * @example
 * sessionEndReason({ kind: 'app', tenantId: 'ten_a', actor: 'key_1' }, 'ten_a') // 'logout'
 */
export function sessionEndReason(principal: Principal, tenantId: string): Exclude<SessionEndReason, 'timeout'> {
  return authorize(principal, 'licenses.manage', tenantId) === 'allowed' ? 'admin' : 'logout';
}

/** A grace period of a license: its concurrency limit is lifted from `startsAt` until `endsAt`. */
export interface GracePeriod {
  licenseId: string;
  startsAt: string;
  endsAt: string;
}

export function graceActive(grace: Pick<GracePeriod, 'startsAt' | 'endsAt'>, now: string): boolean {
  return now >= grace.startsAt && now < grace.endsAt;
}

/**
 * One concurrent license that covers the module, with the sessions holding that module through it
 * now. Planon counts concurrent users per module: a license's quantity applies to each of its
 * modules on its own, so a session holding two of its modules takes one of each.
 */
export interface ConcurrentSeat {
  license: Pick<License, 'id' | 'code' | 'quantity' | 'unlimited' | 'suspended' | 'validFrom' | 'validUntil'>;
  /** Live sessions holding this module through this license. */
  liveSessions: number;
  inGrace: boolean;
}

/** What the excess-usage log records of one use beyond what is licensed (SPEC 3.3). */
export interface ExcessCount {
  /** The license whose grace period let it be recorded. */
  licenseId: string;
  licenseCode: string;
  /** Users beyond the licensed maximum, this one included. */
  excessUsers: number;
  licensedMaximum: number;
}

export type ModuleAdmission =
  | { admitted: true; code: 'licensed'; licenseId: string }
  | { admitted: true; code: 'grace_excess'; licenseId: string; excess: ExcessCount }
  | { admitted: false; code: 'concurrency_limit'; licenseId: string }
  | { admitted: false; code: 'expired' | 'suspended' | 'not_licensed'; licenseId: string | null };

/**
 * Whether one more session may hold the module now: a covering license in force with a free
 * license of the module is taken first; when all are full, one in its grace period admits the
 * session as excess (the numbers to log come with it); otherwise the module is at its concurrency
 * limit.
 *
 * @example
 * admitToModule([{ license: { id: 'lic_1', code: 'c', quantity: 1, unlimited: false, suspended: false,
 *   validFrom: '2024-01-01T00:00:00.000Z', validUntil: null }, liveSessions: 1, inGrace: false }], '2024-06-01T00:00:00.000Z')
 * // { admitted: false, code: 'concurrency_limit', licenseId: 'lic_1' }
 */
export function admitToModule(seats: readonly ConcurrentSeat[], now: string): ModuleAdmission {
  const live = seats.filter((s) => inForce(s.license, now));
  const free = live.find((s) => isUnlimited(s.license) || s.liveSessions < (s.license.quantity ?? 0));
  if (free) return { admitted: true, code: 'licensed', licenseId: free.license.id };
  const grace = live.find((s) => s.inGrace);
  if (grace) {
    const maximum = grace.license.quantity ?? 0;
    const excess = { licenseId: grace.license.id, licenseCode: grace.license.code, excessUsers: grace.liveSessions + 1 - maximum, licensedMaximum: maximum };
    return { admitted: true, code: 'grace_excess', licenseId: grace.license.id, excess };
  }
  const full = live[0];
  if (full) return { admitted: false, code: 'concurrency_limit', licenseId: full.license.id };
  const suspended = seats.find((s) => licenseStatus(s.license, now) === 'suspended');
  if (suspended) return { admitted: false, code: 'suspended', licenseId: suspended.license.id };
  const expired = seats.find((s) => licenseStatus(s.license, now) === 'expired');
  if (expired) return { admitted: false, code: 'expired', licenseId: expired.license.id };
  return { admitted: false, code: 'not_licensed', licenseId: null };
}

/**
 * The license `admitToModule` admits a session to whatever the other licenses' counts, and the
 * bound its own live sessions must stay below for it to (null: none, it is unlimited): the first
 * license in force that can hold a session at all. Every license in force before it has a quantity
 * of 0, so is always full. Null when no license in force can hold one. A writer that cannot read
 * the counts before it writes (a guarded insert) checks this bound instead.
 *
 * @example
 * admissionBound([{ id: 'lic_1', code: 'c', quantity: 5, unlimited: false, suspended: false,
 *   validFrom: '2024-01-01T00:00:00.000Z', validUntil: null }], '2024-06-01T00:00:00.000Z')
 * // { licenseId: 'lic_1', below: 5 }
 */
export function admissionBound(licenses: readonly ConcurrentSeat['license'][], now: string): { licenseId: string; below: number | null } | null {
  const first = licenses.find((l) => inForce(l, now) && (isUnlimited(l) || (l.quantity ?? 0) > 0));
  if (first === undefined) return null;
  return { licenseId: first.id, below: isUnlimited(first) ? null : (first.quantity ?? 0) };
}

/** A grace period of a concurrent license of the module's product, with its license. */
export interface ProductGrace {
  license: Pick<License, 'id' | 'code' | 'suspended' | 'validFrom' | 'validUntil'>;
  grace: Pick<GracePeriod, 'startsAt' | 'endsAt'>;
}

/**
 * The excess-usage record of an attempt on a module the tenant holds no license for, when a grace
 * period is in force (Planon logs "usage of an unlicensed module" during a grace period). The grace
 * period that applies is one in force now on a concurrent license in force of the same product
 * (a grace key belongs to the product's license bought by the customer; another product's says
 * nothing about this one), the earliest to start, then by license code. The attempt stays refused:
 * a grace period lifts concurrency limits, it grants no module. It is one user beyond a licensed
 * maximum of none. Null when no grace period applies.
 *
 * @example
 * unlicensedExcess([{ license: { id: 'lic_1', code: 'fm', suspended: false, validFrom: '2024-01-01T00:00:00.000Z', validUntil: null },
 *   grace: { startsAt: '2024-06-01T00:00:00.000Z', endsAt: '2024-07-01T00:00:00.000Z' } }], '2024-06-02T00:00:00.000Z')
 * // { licenseId: 'lic_1', licenseCode: 'fm', excessUsers: 1, licensedMaximum: 0 }
 */
export function unlicensedExcess(graces: readonly ProductGrace[], now: string): ExcessCount | null {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const applying = graces
    .filter((g) => inForce(g.license, now) && graceActive(g.grace, now))
    .sort((a, b) => order(a.grace.startsAt, b.grace.startsAt) || order(a.license.code, b.license.code))[0];
  return applying === undefined ? null : { licenseId: applying.license.id, licenseCode: applying.license.code, excessUsers: 1, licensedMaximum: 0 };
}
