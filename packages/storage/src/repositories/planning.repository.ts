import type { Db } from '../database.js';

/** A session's hold on one module, as seat planning replays it. */
export interface HeldModule {
  module: string;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  expiresAt: string;
}

export interface PlanningScope {
  tenantId: string;
  licenseId: string;
  /** The license's modules (`product:module`): day codes and refusals name a module, not a license. */
  modules: readonly string[];
  /** Instants: the start of the first day and the start of the day after the last. */
  from: string;
  to: string;
}

/**
 * Every hold on the license's modules that overlaps the period: through the license itself (grace
 * excess included) or through a day code for one of its modules. A session stops counting at its
 * end, or at its expiry when it was never ended.
 */
export async function heldModulesOverlapping(db: Db, scope: PlanningScope): Promise<HeldModule[]> {
  const rows = await db
    .selectFrom('session_modules as m')
    .innerJoin('sessions as s', 's.id', 'm.session_id')
    .select(['m.module', 's.started_at', 's.ended_at', 's.end_reason', 's.expires_at'])
    .where('m.tenant_id', '=', scope.tenantId)
    .where((eb) =>
      eb.or([
        eb('m.license_id', '=', scope.licenseId),
        ...(scope.modules.length > 0 ? [eb.and([eb('m.day_code_id', 'is not', null), eb('m.module', 'in', [...scope.modules])])] : []),
      ]),
    )
    .where('s.started_at', '<', scope.to)
    .where((eb) => eb(eb.fn.coalesce('s.ended_at', 's.expires_at'), '>', scope.from))
    .execute();
  return rows.map((r) => ({ module: r.module, startedAt: r.started_at, endedAt: r.ended_at, endReason: r.end_reason, expiresAt: r.expires_at }));
}

/** The session attempts refused because every license of the module was in use, in the period. */
export async function concurrencyRefusals(db: Db, scope: PlanningScope): Promise<{ module: string; at: string }[]> {
  return db
    .selectFrom('denied_access')
    .select(['module', 'at'])
    .where('tenant_id', '=', scope.tenantId)
    .where('code', '=', 'concurrency_limit')
    .where('at', '>=', scope.from)
    .where('at', '<', scope.to)
    .where((eb) => eb.or([eb('license_id', '=', scope.licenseId), ...(scope.modules.length > 0 ? [eb.and([eb('license_id', 'is', null), eb('module', 'in', [...scope.modules])])] : [])]))
    .execute();
}

/** Who holds a seat of the license, since when, and their last access check through it. */
export async function seatUses(db: Db, licenseId: string): Promise<{ userId: string; email: string; name: string; since: string; lastAccessAt: string | null }[]> {
  const rows = await db
    .selectFrom('license_seats')
    .innerJoin('users', 'users.id', 'license_seats.user_id')
    .leftJoin('seat_last_access as last', (join) => join.onRef('last.license_id', '=', 'license_seats.license_id').onRef('last.user_id', '=', 'license_seats.user_id'))
    .select(['users.id', 'users.email', 'users.name', 'license_seats.created_at', 'last.at'])
    .where('license_seats.license_id', '=', licenseId)
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, since: r.created_at, lastAccessAt: r.at }));
}

/** Notes an access check answered through the user's seat of the license. */
export async function recordSeatAccess(db: Db, tenantId: string, licenseId: string, userId: string, at: string): Promise<void> {
  await db
    .insertInto('seat_last_access')
    .values({ license_id: licenseId, user_id: userId, tenant_id: tenantId, at })
    .onConflict((oc) => oc.columns(['license_id', 'user_id']).doUpdateSet({ at }))
    .execute();
}
