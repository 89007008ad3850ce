import type { ConcurrentSeat } from './concurrency.js';
import { inForce, isUnlimited } from './license.js';
import { codeKey } from './module-ref.js';

/** Where a wait for a full module stands (SPEC 11). */
export const queueStates = ['waiting', 'offered', 'claimed', 'expired'] as const;
export type QueueState = (typeof queueStates)[number];

/** Seconds an offer is held for its waiter, and a waiter may go unheard, unless the request says otherwise. */
export const defaultClaimSeconds = 60;
export const claimSecondsRange = { min: 5, max: 3600 } as const;

/** A waiter for one or more modules, in the order the queue keeps: first come, first served. */
export interface Waiter {
  id: string;
  modules: readonly string[];
}

/**
 * The concurrent licenses of a module as the next open finds them when `ahead` waiters come first:
 * the free licenses go to the waiters, in the order admission would hand them out (`admitToModule`
 * takes the first license in force with room), so that an open is admitted only for a license no
 * waiter ahead of it is owed. An unlimited license has room for everyone.
 *
 * @example
 * const seat = { license: { id: 'lic_1', code: 'c', quantity: 2, unlimited: false, suspended: false,
 *   validFrom: '2024-01-01T00:00:00.000Z', validUntil: null }, liveSessions: 1, inGrace: false };
 * afterWaitersAhead([seat], 1, '2024-06-01T00:00:00.000Z')[0].liveSessions // 2: the free license is the waiter's
 */
export function afterWaitersAhead(seats: readonly ConcurrentSeat[], ahead: number, now: string): ConcurrentSeat[] {
  let owed = ahead;
  return seats.map((seat) => {
    if (owed === 0 || !inForce(seat.license, now) || isUnlimited(seat.license)) return seat;
    const room = Math.max(0, (seat.license.quantity ?? 0) - seat.liveSessions);
    const taken = Math.min(room, owed);
    owed -= taken;
    return { ...seat, liveSessions: seat.liveSessions + taken };
  });
}

/**
 * How many waiters of the queue (in its order) want `module` before the waiter `before`, or before
 * a newcomer when `before` is null.
 *
 * @example
 * waitersAhead([{ id: 'q1', modules: ['fm:a'] }, { id: 'q2', modules: ['fm:b'] }, { id: 'q3', modules: ['fm:a'] }], 'fm:a', 'q3') // 1
 */
export function waitersAhead(queue: readonly Waiter[], module: string, before: string | null): number {
  // Codes are one code whatever their case: a waiter who wrote `PSS2:Desk` waits for `pss2:desk`.
  const key = codeKey(module);
  let ahead = 0;
  for (const waiter of queue) {
    if (waiter.id === before) break;
    if (waiter.modules.some((m) => codeKey(m) === key)) ahead += 1;
  }
  return ahead;
}

/**
 * A waiter's place in the queue: one more than the most waiters ahead of it on any of its modules
 * (its turn comes when each of its modules has a license for it).
 *
 * @example
 * queuePosition([{ id: 'q1', modules: ['fm:a'] }, { id: 'q2', modules: ['fm:a', 'fm:b'] }], 'q2') // 2
 */
export function queuePosition(queue: readonly Waiter[], id: string): number {
  const waiter = queue.find((w) => w.id === id);
  if (waiter === undefined) return 0;
  return 1 + Math.max(0, ...waiter.modules.map((module) => waitersAhead(queue, module, id)));
}

/** A queue entry as stored, and the session it was offered. */
export interface QueueEntryFacts {
  state: 'waiting' | 'offered' | 'claimed';
  /** While waiting: when it is dropped unless the waiter asks again. */
  expiresAt: string;
  offer: { endedAt: string | null; expiresAt: string } | null;
}

/**
 * Where a queue entry stands at `now`: a waiter unheard past its expiry has left; an offer not
 * claimed while its session was held has passed on (the session stopped counting, which frees the
 * license for the next waiter); a claimed offer is a session like any other.
 *
 * @example
 * queueState({ state: 'offered', expiresAt: '2024-01-01T10:00:00.000Z', offer: { endedAt: null, expiresAt: '2024-01-01T10:01:00.000Z' } }, '2024-01-01T10:01:00.000Z') // 'expired'
 */
export function queueState(entry: QueueEntryFacts, now: string): QueueState {
  switch (entry.state) {
    case 'claimed':
      return 'claimed';
    case 'waiting':
      return now < entry.expiresAt ? 'waiting' : 'expired';
    case 'offered':
      return entry.offer !== null && entry.offer.endedAt === null && now < entry.offer.expiresAt ? 'offered' : 'expired';
  }
}
