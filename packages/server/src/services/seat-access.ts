import type { Tenant } from '@allot/core';
import { recordSeatAccess } from '@allot/storage';
import type { ServiceContext } from './context.js';

/** Bounded: a node forgets its notes (and writes one more each) rather than grow without end. */
const maxRemembered = 100_000;

/**
 * The clock hour (`2026-03-02T08` of the tenant's instant) this node last noted each seat's use
 * in, by store, license and user: comparing text costs the check nothing, and idle seats are
 * counted in days.
 */
const lastNoted = new WeakMap<object, { size: number; byLicense: Map<string, Map<string, string>> }>();

/**
 * Notes that an access check was answered through the user's seat of the license, for seat
 * planning's idle seats: written at most once per clock hour per seat on each node, so that the
 * cached access check stays free of writes (and of promises) the rest of the time.
 */
export function noteSeatAccess(ctx: ServiceContext, tenant: Tenant, licenseId: string, userId: string, now: string): void | Promise<void> {
  let noted = lastNoted.get(ctx.store);
  if (noted === undefined) lastNoted.set(ctx.store, (noted = { size: 0, byLicense: new Map() }));
  // Canonical instants (`YYYY-MM-DDTHH:…Z`): the first 13 characters are the hour.
  const hour = now.slice(0, 13);
  let users = noted.byLicense.get(licenseId);
  if (users?.get(userId) === hour) return;
  if (noted.size >= maxRemembered) {
    noted.byLicense.clear();
    noted.size = 0;
    users = undefined;
  }
  if (users === undefined) noted.byLicense.set(licenseId, (users = new Map()));
  if (!users.has(userId)) noted.size += 1;
  users.set(userId, hour);
  return recordSeatAccess(ctx.store.db, tenant.id, licenseId, userId, now);
}
