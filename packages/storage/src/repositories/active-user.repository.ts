import type { Db } from '../database.js';

export interface ActiveUserLink {
  licenseId: string;
  userId: string;
  linkedAt: string;
  lastAccessAt: string;
  expiresAt: string;
}

const toLink = (r: { license_id: string; user_id: string; linked_at: string; last_access_at: string; expires_at: string }): ActiveUserLink => ({
  licenseId: r.license_id,
  userId: r.user_id,
  linkedAt: r.linked_at,
  lastAccessAt: r.last_access_at,
  expiresAt: r.expires_at,
});

/** The user's links that have not run out at `now`, among the licenses given. */
export async function liveLinksOfUser(db: Db, userId: string, licenseIds: readonly string[], now: string): Promise<ActiveUserLink[]> {
  if (licenseIds.length === 0) return [];
  const rows = await db
    .selectFrom('active_user_links')
    .selectAll()
    .where('user_id', '=', userId)
    .where('license_id', 'in', [...licenseIds])
    .where('expires_at', '>', now)
    .execute();
  return rows.map(toLink);
}

/** Links that have not run out at `now`, per license. */
export async function liveLinkCounts(db: Db, licenseIds: readonly string[], now: string): Promise<Map<string, number>> {
  if (licenseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('active_user_links')
    .select(['license_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('license_id', 'in', [...licenseIds])
    .where('expires_at', '>', now)
    .groupBy('license_id')
    .execute();
  return new Map(rows.map((r) => [r.license_id, Number(r.n)]));
}

/** Links the user (again): a new link, or a run-out one taken anew, or a live one whose period restarts. */
export async function upsertLink(db: Db, tenantId: string, link: ActiveUserLink): Promise<void> {
  await db
    .insertInto('active_user_links')
    .values({ license_id: link.licenseId, user_id: link.userId, tenant_id: tenantId, linked_at: link.linkedAt, last_access_at: link.lastAccessAt, expires_at: link.expiresAt })
    .onConflict((oc) =>
      oc.columns(['license_id', 'user_id']).doUpdateSet((eb) => ({
        // A run-out link is a new link: it starts now.
        linked_at: eb.case().when('active_user_links.expires_at', '<=', link.lastAccessAt).then(link.linkedAt).else(eb.ref('active_user_links.linked_at')).end(),
        last_access_at: link.lastAccessAt,
        expires_at: link.expiresAt,
      })),
    )
    .execute();
}

/** Restarts the retention of a live link; false when it has run out meanwhile. */
export async function touchLink(db: Db, licenseId: string, userId: string, now: string, expiresAt: string): Promise<boolean> {
  const result = await db
    .updateTable('active_user_links')
    .set({ last_access_at: now, expires_at: expiresAt })
    .where('license_id', '=', licenseId)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Returns run-out links of a tenant to the pool. */
export async function releaseRunOutLinks(db: Db, tenantId: string, now: string): Promise<number> {
  const result = await db.deleteFrom('active_user_links').where('tenant_id', '=', tenantId).where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listLinks(db: Db, licenseId: string, now: string, afterUserId: string | null, limit: number): Promise<ActiveUserLink[]> {
  let query = db.selectFrom('active_user_links').selectAll().where('license_id', '=', licenseId).where('expires_at', '>', now).orderBy('user_id').limit(limit);
  if (afterUserId !== null) query = query.where('user_id', '>', afterUserId);
  return (await query.execute()).map(toLink);
}
