import type { Tenant } from '@allot/core';
import { recordSeatAccess } from '@allot/storage';
import type { ServiceContext } from './context.js';

/** Idle seats are counted in days: one note an hour per seat and node is precise enough and costs nothing. */
const noteEveryMs = 60 * 60 * 1000;
/** Bounded: a node forgets its notes (and writes one more each) rather than grow without end. */
const maxRemembered = 100_000;

/** When this node last noted each seat's use (`license|user` → the tenant instant, as ms), by store. */
const lastNoted = new WeakMap<object, Map<string, number>>();

/**
 * Notes that an access check was answered through the user's seat of the license, for seat
 * planning's idle seats: written at most once an hour per seat on each node, so that the cached
 * access check stays free of writes (and of promises) the rest of the time.
 */
export function noteSeatAccess(ctx: ServiceContext, tenant: Tenant, licenseId: string, userId: string, now: string): void | Promise<void> {
  let noted = lastNoted.get(ctx.store);
  if (noted === undefined) lastNoted.set(ctx.store, (noted = new Map()));
  const key = `${licenseId}|${userId}`;
  const at = Date.parse(now);
  const last = noted.get(key);
  if (last !== undefined && at >= last && at - last < noteEveryMs) return;
  if (noted.size >= maxRemembered) noted.clear();
  noted.set(key, at);
  return recordSeatAccess(ctx.store.db, tenant.id, licenseId, userId, now);
}
