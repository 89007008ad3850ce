import type { Page, SessionEndReason } from '@allot/core';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface SessionModule {
  module: string;
  licenseId: string | null;
  excess: boolean;
  dayCodeId: string | null;
}

export interface Session {
  id: string;
  tenantId: string;
  userId: string;
  heartbeatSeconds: number;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
  endedAt: string | null;
  endReason: SessionEndReason | null;
  modules: SessionModule[];
}

export async function insertSession(db: Db, session: Session): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      tenant_id: session.tenantId,
      user_id: session.userId,
      heartbeat_seconds: session.heartbeatSeconds,
      started_at: session.startedAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
      ended_at: null,
      end_reason: null,
    })
    .execute();
  await db
    .insertInto('session_modules')
    .values(
      session.modules.map((m) => ({
        session_id: session.id,
        module: m.module,
        license_id: m.licenseId,
        tenant_id: session.tenantId,
        excess: m.excess ? 1 : 0,
        day_code_id: m.dayCodeId,
      })),
    )
    .execute();
}

async function withModules(db: Db, rows: { id: string; tenant_id: string; user_id: string; heartbeat_seconds: number; started_at: string; last_seen_at: string; expires_at: string; ended_at: string | null; end_reason: string | null }[]): Promise<Session[]> {
  if (rows.length === 0) return [];
  const modules = await db
    .selectFrom('session_modules')
    .selectAll()
    .where('session_id', 'in', rows.map((r) => r.id))
    .orderBy('module')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    userId: r.user_id,
    heartbeatSeconds: Number(r.heartbeat_seconds),
    startedAt: r.started_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
    endReason: r.end_reason as SessionEndReason | null,
    modules: modules
      .filter((m) => m.session_id === r.id)
      .map((m) => ({ module: m.module, licenseId: m.license_id, excess: m.excess === 1, dayCodeId: m.day_code_id })),
  }));
}

export async function findSession(db: Db, tenantId: string, id: string): Promise<Session | null> {
  const row = await db.selectFrom('sessions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? ((await withModules(db, [row]))[0] ?? null) : null;
}

/**
 * Sessions holding a license at `now`, per license: open and heartbeat not overdue. The tenant's
 * open sessions come first (a partial index) and their modules after, by primary key: CROSS JOIN
 * keeps SQLite to that order, so that the cost follows the live sessions rather than the history
 * of a license (PostgreSQL plans it as an inner join).
 */
export async function liveSessionCounts(db: Db, tenantId: string, licenseIds: readonly string[], now: string): Promise<Map<string, number>> {
  if (licenseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sessions')
    .crossJoin('session_modules')
    .select((eb) => ['session_modules.license_id as licenseId', eb.fn.countAll<number | string | bigint>().as('live')])
    .where('sessions.tenant_id', '=', tenantId)
    .where('sessions.ended_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .whereRef('session_modules.session_id', '=', 'sessions.id')
    .where('session_modules.license_id', 'in', [...new Set(licenseIds)])
    .groupBy('session_modules.license_id')
    .execute();
  return new Map(rows.map((r) => [r.licenseId as string, Number(r.live)]));
}

export interface Holder {
  sessionId: string;
  userId: string;
  since: string;
  lastSeenAt: string;
  expiresAt: string;
  /** Beyond the licensed maximum, admitted by a grace period. */
  excess: boolean;
}

/** Who holds a license at `now`: read from the open sessions, like `liveSessionCounts`. */
export async function licenseHolders(db: Db, tenantId: string, licenseId: string, now: string): Promise<Holder[]> {
  const rows = await db
    .selectFrom('sessions')
    .crossJoin('session_modules')
    .select(['sessions.id as sessionId', 'sessions.user_id as userId', 'sessions.started_at as since', 'sessions.last_seen_at as lastSeenAt', 'sessions.expires_at as expiresAt', 'session_modules.excess as excess'])
    .where('sessions.tenant_id', '=', tenantId)
    .where('sessions.ended_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .whereRef('session_modules.session_id', '=', 'sessions.id')
    .where('session_modules.license_id', '=', licenseId)
    .orderBy('sessions.started_at')
    .orderBy('sessions.id')
    .execute();
  return rows.map((r) => ({ ...r, excess: r.excess === 1 }));
}

/** A user's live session holding the module through a day code, at `now`. */
export async function liveDayCodeSession(db: Db, tenantId: string, userId: string, module: string, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('session_modules')
    .innerJoin('sessions', 'sessions.id', 'session_modules.session_id')
    .select('sessions.id')
    .where('sessions.tenant_id', '=', tenantId)
    .where('sessions.user_id', '=', userId)
    .where('session_modules.module', '=', module)
    .where('session_modules.day_code_id', 'is not', null)
    .where('sessions.ended_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The update of one open session of a tenant. */
function updateOpenSession(db: Db, tenantId: string, id: string) {
  return db.updateTable('sessions').where('tenant_id', '=', tenantId).where('id', '=', id).where('ended_at', 'is', null);
}

/** Keeps a live session; false when it has ended or its heartbeat is already overdue. */
export async function touchSession(db: Db, tenantId: string, id: string, now: string, expiresAt: string): Promise<boolean> {
  const result = await updateOpenSession(db, tenantId, id).set({ last_seen_at: now, expires_at: expiresAt }).where('expires_at', '>', now).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends an open session; false when it had ended already. */
export async function endSession(db: Db, tenantId: string, id: string, at: string, reason: SessionEndReason): Promise<boolean> {
  const result = await updateOpenSession(db, tenantId, id).set({ ended_at: at, end_reason: reason }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a session that is live at `at` and answers it as ended; null when it is unknown, ended or overdue. */
export async function endLiveSession(db: Db, tenantId: string, id: string, at: string, reason: SessionEndReason): Promise<Session | null> {
  const row = await updateOpenSession(db, tenantId, id).set({ ended_at: at, end_reason: reason }).where('expires_at', '>', at).returningAll().executeTakeFirst();
  return row === undefined ? null : ((await withModules(db, [row]))[0] ?? null);
}

/** Closes every session of the tenant whose heartbeat is overdue at `now`, as ended when it stopped counting. */
export async function closeTimedOutSessions(db: Db, tenantId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set((eb) => ({ ended_at: eb.ref('expires_at'), end_reason: 'timeout' }))
    .where('tenant_id', '=', tenantId)
    .where('ended_at', 'is', null)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface SessionFilter {
  state?: 'live' | 'ended' | undefined;
  userId?: string | undefined;
  module?: string | undefined;
}

/** Newest first. `live` and `ended` are decided at `now`: an overdue session has ended. */
export async function listSessions(db: Db, tenantId: string, filter: SessionFilter, now: string, page: PageRequest): Promise<Page<Session>> {
  let query = db.selectFrom('sessions').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.state === 'live') query = query.where('ended_at', 'is', null).where('expires_at', '>', now);
  if (filter.state === 'ended') query = query.where((eb) => eb.or([eb('ended_at', 'is not', null), eb('expires_at', '<=', now)]));
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.module !== undefined) {
    const module = filter.module;
    query = query.where((eb) => eb.exists(eb.selectFrom('session_modules').select('session_id').whereRef('session_modules.session_id', '=', 'sessions.id').where('session_modules.module', '=', module)));
  }
  return toPage(await withModules(db, await query.execute()), page.limit);
}
