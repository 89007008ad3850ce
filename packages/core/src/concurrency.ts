import { inForce, isUnlimited, licenseStatus, type License } from './license.js';
import { addSeconds } from './time.js';

export const sessionEndReasons = ['logout', 'timeout', 'admin'] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];

/** The moment a session stops counting unless it is heard from again. */
export function sessionExpiresAt(lastSeenAt: string, heartbeatSeconds: number): string {
  return addSeconds(lastSeenAt, heartbeatSeconds);
}

/** A session counts while it has not ended and its heartbeat is not overdue, decided at `now`. */
export function sessionLive(session: { endedAt: string | null; expiresAt: string }, now: string): boolean {
  return session.endedAt === null && now < session.expiresAt;
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

/** One concurrent license that covers the module, with the sessions holding it now. */
export interface ConcurrentSeat {
  license: Pick<License, 'id' | 'code' | 'quantity' | 'unlimited' | 'suspended' | 'validFrom' | 'validUntil'>;
  liveSessions: number;
  inGrace: boolean;
}

export type ModuleAdmission =
  | { admitted: true; code: 'licensed'; licenseId: string }
  | { admitted: true; code: 'grace_excess'; licenseId: string; excessUsers: number; licensedMaximum: number }
  | { admitted: false; code: 'concurrency_limit'; licenseId: string }
  | { admitted: false; code: 'expired' | 'suspended' | 'not_licensed'; licenseId: string | null };

/**
 * Whether one more session may hold the module now: a covering license in force with a free
 * license is taken first; when all are full, one in its grace period admits the session as excess
 * (logged); otherwise the module is at its concurrency limit.
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
    return { admitted: true, code: 'grace_excess', licenseId: grace.license.id, excessUsers: grace.liveSessions + 1 - maximum, licensedMaximum: maximum };
  }
  const full = live[0];
  if (full) return { admitted: false, code: 'concurrency_limit', licenseId: full.license.id };
  const suspended = seats.find((s) => licenseStatus(s.license, now) === 'suspended');
  if (suspended) return { admitted: false, code: 'suspended', licenseId: suspended.license.id };
  const expired = seats.find((s) => licenseStatus(s.license, now) === 'expired');
  if (expired) return { admitted: false, code: 'expired', licenseId: expired.license.id };
  return { admitted: false, code: 'not_licensed', licenseId: null };
}
