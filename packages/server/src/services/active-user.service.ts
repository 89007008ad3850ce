import { AllotError, daysLeft, inForce, isUnlimited, linkExpiresAt, notFound, retentionRange, tenantNow, type License, type Page, type Tenant } from '@allot/core';
import { findLicense, liveLinkCounts, liveLinksOfUser, listLinks, releaseRunOutLinks, touchLink, upsertLink, type Db } from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';
import { lockTenantLicensing } from './seats.js';

export type ActiveUserOutcome = { linked: true; licenseId: string } | { linked: false; licenseId: string | null };

/**
 * Gives the user a license of an active-user pool that covers the module: the link they hold
 * (its retention restarts), or a free license linked now. None free: not linked (`seat_limit`).
 * Linking runs under the tenant's licensing lock, so the pool is never over-linked.
 */
export async function useActiveUserLicense(ctx: ServiceContext, tenant: Tenant, userId: string, pool: readonly License[], now: string): Promise<ActiveUserOutcome> {
  const live = pool.filter((l) => inForce(l, now));
  if (live.length === 0) return { linked: false, licenseId: null };
  const ids = live.map((l) => l.id);
  const retention = (l: License) => l.retentionDays ?? retentionRange.default;
  const held = await liveLinksOfUser(ctx.store.db, userId, ids, now);
  const first = held[0];
  if (first !== undefined) {
    const license = live.find((l) => l.id === first.licenseId);
    if (license && (await touchLink(ctx.store.db, license.id, userId, now, linkExpiresAt(now, retention(license), tenant.timeZone)))) {
      return { linked: true, licenseId: license.id };
    }
  }
  return inTransaction(ctx, async (trx) => {
    await lockTenantLicensing(ctx, trx, tenant.id);
    const counts = await liveLinkCounts(trx, ids, now);
    const free = live.find((l) => isUnlimited(l) || (counts.get(l.id) ?? 0) < (l.quantity ?? 0));
    if (free === undefined) return { linked: false, licenseId: live[0]?.id ?? null };
    await upsertLink(trx, tenant.id, { licenseId: free.id, userId, linkedAt: now, lastAccessAt: now, expiresAt: linkExpiresAt(now, retention(free), tenant.timeZone) });
    return { linked: true, licenseId: free.id };
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
  if (license.model !== 'active_user') throw new AllotError('unprocessable', `License ${license.code} is a ${license.model} license, not an active-user license.`, { model: license.model });
  const now = tenantNow(tenant, ctx.clock.now());
  const after = page.cursor === undefined ? null : Buffer.from(page.cursor, 'base64url').toString('utf8');
  const rows = await listLinks(ctx.store.db, licenseId, now, after, page.limit + 1);
  const items = rows.slice(0, page.limit).map((l) => ({ id: l.userId, userId: l.userId, linkedAt: l.linkedAt, lastAccessAt: l.lastAccessAt, expiresAt: l.expiresAt, daysLeft: daysLeft(l.expiresAt, now, tenant.timeZone) }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? Buffer.from(last.userId, 'utf8').toString('base64url') : null };
}

/** The link job's work for one tenant: run-out links go back to the pool. */
export function releaseLinks(db: Db, tenant: Tenant, now: string): Promise<number> {
  return releaseRunOutLinks(db, tenant.id, now);
}
