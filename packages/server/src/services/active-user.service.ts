import { AllotError, daysLeft, decodeTextCursor, encodeCursor, inForce, isUnlimited, linkExpiresAt, notFound, retentionRange, tenantNow, type License, type Page, type Tenant } from '@allot/core';
import { findLicense, findLicensesByIds, liveLinkCounts, liveLinksOfUser, listLinks, releaseRunOutLinks, touchLink, upsertLink, type Db } from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';
import { updateThreshold } from './seats.js';
import { requireCounting } from './usage.service.js';

export type ActiveUserOutcome = { linked: true; licenseId: string } | { linked: false; licenseId: string | null };

const retentionOf = (l: License) => l.retentionDays ?? retentionRange.default;

/** Restarts the retention of a link the user holds in the pool; false when they hold none live. */
async function touchHeldLink(db: Db, tenant: Tenant, userId: string, live: readonly License[], now: string): Promise<string | null> {
  const held = await liveLinksOfUser(db, userId, live.map((l) => l.id), now);
  const first = held[0];
  if (first === undefined) return null;
  const license = live.find((l) => l.id === first.licenseId);
  if (license && (await touchLink(db, license.id, userId, now, linkExpiresAt(now, retentionOf(license), tenant.timeZone)))) return license.id;
  return null;
}

/**
 * Links the user to a free license of the pool, in `trx`, which must hold the tenant's licensing
 * lock (`Store.lockTenant`): the link they hold (its retention restarts), or a free one linked
 * now, with the threshold of that license brought up to date in the same transaction. None free:
 * not linked (`seat_limit`).
 */
export async function linkActiveUser(ctx: ServiceContext, trx: Db, tenant: Tenant, userId: string, pool: readonly License[], now: string): Promise<ActiveUserOutcome> {
  // Read again under the lock: quantities, status and the threshold flag as they are now.
  const live = (await findLicensesByIds(trx, tenant.id, pool.map((l) => l.id))).filter((l) => inForce(l, now));
  if (live.length === 0) return { linked: false, licenseId: null };
  const touched = await touchHeldLink(trx, tenant, userId, live, now);
  if (touched !== null) return { linked: true, licenseId: touched };
  const counts = await liveLinkCounts(trx, live.map((l) => l.id), now);
  const free = live.find((l) => isUnlimited(l) || (counts.get(l.id) ?? 0) < (l.quantity ?? 0));
  if (free === undefined) return { linked: false, licenseId: live[0]?.id ?? null };
  await upsertLink(trx, tenant.id, { licenseId: free.id, userId, linkedAt: now, lastAccessAt: now, expiresAt: linkExpiresAt(now, retentionOf(free), tenant.timeZone) });
  await updateThreshold(ctx, trx, { ...free, used: (counts.get(free.id) ?? 0) + 1 }, now);
  return { linked: true, licenseId: free.id };
}

/**
 * Gives the user a license of an active-user pool that covers the module: the link they hold
 * (its retention restarts), or a free license linked now. None free: not linked (`seat_limit`).
 * Linking runs under the tenant's licensing lock, so the pool is never over-linked.
 */
export async function useActiveUserLicense(ctx: ServiceContext, tenant: Tenant, userId: string, pool: readonly License[], now: string): Promise<ActiveUserOutcome> {
  const live = pool.filter((l) => inForce(l, now));
  if (live.length === 0) return { linked: false, licenseId: null };
  // The common case, a user linked already, needs no lock.
  const touched = await touchHeldLink(ctx.store.db, tenant, userId, live, now);
  if (touched !== null) return { linked: true, licenseId: touched };
  return inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    return linkActiveUser(ctx, trx, tenant, userId, live, now);
  });
}

export interface LinkedUser {
  id: string;
  userId: string;
  linkedAt: string;
  lastAccessAt: string;
  expiresAt: string;
  daysLeft: number;
}

/** The users an active-user license is linked to now, with their last access and days left. */
export async function listLinkedUsers(ctx: ServiceContext, tenant: Tenant, licenseId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<LinkedUser>> {
  const license = await findLicense(ctx.store.db, tenant.id, licenseId);
  if (license === null) throw notFound('license', licenseId);
  requireCounting(license, 'live_links');
  const now = tenantNow(tenant, ctx.clock.now());
  const cursor = page.cursor === '' ? undefined : page.cursor;
  const after = cursor === undefined ? null : decodeTextCursor(cursor);
  if (cursor !== undefined && after === null) throw new AllotError('invalid_request', 'The cursor is not valid.', { field: 'cursor' });
  const rows = await listLinks(ctx.store.db, licenseId, now, after, page.limit + 1);
  const items = rows.slice(0, page.limit).map((l) => ({ id: l.userId, userId: l.userId, linkedAt: l.linkedAt, lastAccessAt: l.lastAccessAt, expiresAt: l.expiresAt, daysLeft: daysLeft(l.expiresAt, now, tenant.timeZone) }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.userId) : null };
}

/** The link job's work for one tenant: run-out links go back to the pool. */
export function releaseLinks(db: Db, tenant: Tenant, now: string): Promise<number> {
  return releaseRunOutLinks(db, tenant.id, now);
}
