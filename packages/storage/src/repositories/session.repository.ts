import type { Page, SessionEndReason } from '@allot/core';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../database.js';
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
 * core's `sessionState(session, now)` in SQL, the one rule of every query here: `live` while not
 * ended and `now < expires_at`; `overdue` once `expires_at <= now` without an end; `ended` once
 * closed. The storage contract suite checks that both agree at the boundaries.
 */
export function sessionInState(eb: ExpressionBuilder<Database, 'sessions'>, state: 'live' | 'overdue' | 'ended', now: string) {
  switch (state) {
    case 'live':
      return eb.and([eb('sessions.ended_at', 'is', null), eb('sessions.expires_at', '>', now)]);
    case 'overdue':
      return eb.and([eb('sessions.ended_at', 'is', null), eb('sessions.expires_at', '<=', now)]);
    case 'ended':
      return eb('sessions.ended_at', 'is not', null);
  }
}

/**
 * The tenant's sessions live at `now`, read through the partial index
 * `sessions_open (tenant_id, expires_at) WHERE ended_at IS NULL`.
 */
function liveSessionsOf(db: Db, tenantId: string, now: string) {
  return db.selectFrom('sessions').where('sessions.tenant_id', '=', tenantId).where((eb) => sessionInState(eb, 'live', now));
}

/** Live sessions per license and module: license id → `product:module` → sessions holding it. */
export type ModuleCounts = Map<string, Map<string, number>>;

/** The live sessions holding `module` through `licenseId`, from `liveModuleCounts`. */
export function liveOn(counts: ModuleCounts, licenseId: string, module: string): number {
  return counts.get(licenseId)?.get(module) ?? 0;
}

/**
 * Sessions holding each module of the licenses at `now` (Planon counts concurrent users per
 * module: a session holding two modules of a license takes one of each). A session holds a module
 * once (the primary key of `session_modules`), so each row is one session on one module. The
 * tenant's open sessions come first (a partial index) and their modules after, by primary key:
 * CROSS JOIN keeps SQLite to that order, so that the cost follows the live sessions rather than
 * the history of a license (PostgreSQL plans it as an inner join).
 */
export async function liveModuleCounts(db: Db, tenantId: string, licenseIds: readonly string[], now: string): Promise<ModuleCounts> {
  if (licenseIds.length === 0) return new Map();
  const rows = await liveSessionsOf(db, tenantId, now)
    .crossJoin('session_modules')
    .select((eb) => ['session_modules.license_id as licenseId', 'session_modules.module as module', eb.fn.countAll<number | string | bigint>().as('live')])
    .whereRef('session_modules.session_id', '=', 'sessions.id')
    .where('session_modules.license_id', 'in', [...new Set(licenseIds)])
    .groupBy(['session_modules.license_id', 'session_modules.module'])
    .execute();
  const counts: ModuleCounts = new Map();
  for (const r of rows) {
    const licenseId = r.licenseId as string;
    let modules = counts.get(licenseId);
    if (modules === undefined) counts.set(licenseId, (modules = new Map()));
    modules.set(r.module, Number(r.live));
  }
  return counts;
}

/**
 * Concurrent users in use per license at `now`: the count of its busiest module, which is how
 * close the license is to refusing someone (`used`, `percentUsed` and the threshold follow it).
 */
export async function liveSessionCounts(db: Db, tenantId: string, licenseIds: readonly string[], now: string): Promise<Map<string, number>> {
  return busiestModules(await liveModuleCounts(db, tenantId, licenseIds, now));
}

/** Per license, the live sessions of its busiest module. */
export function busiestModules(counts: ModuleCounts): Map<string, number> {
  return new Map([...counts].map(([licenseId, modules]) => [licenseId, Math.max(0, ...modules.values())]));
}

export interface Holder {
  sessionId: string;
  userId: string;
  /** The module held (`product:module`): a session holding several modules of a license is listed once for each. */
  module: string;
  since: string;
  lastSeenAt: string;
  expiresAt: string;
  /** Beyond the licensed maximum, admitted by a grace period. */
  excess: boolean;
}

/**
 * Who holds a license at `now`, once per module held, or only those holding `module`: read from
 * the open sessions, like `liveModuleCounts`.
 */
export async function licenseHolders(db: Db, tenantId: string, licenseId: string, now: string, module?: string): Promise<Holder[]> {
  let query = liveSessionsOf(db, tenantId, now)
    .crossJoin('session_modules')
    .select(['sessions.id as sessionId', 'sessions.user_id as userId', 'session_modules.module as module', 'sessions.started_at as since', 'sessions.last_seen_at as lastSeenAt', 'sessions.expires_at as expiresAt', 'session_modules.excess as excess'])
    .whereRef('session_modules.session_id', '=', 'sessions.id')
    .where('session_modules.license_id', '=', licenseId);
  if (module !== undefined) query = query.where('session_modules.module', '=', module);
  const rows = await query.orderBy('sessions.started_at').orderBy('sessions.id').orderBy('session_modules.module').execute();
  return rows.map((r) => ({ ...r, excess: r.excess === 1 }));
}

/** A user's live session holding the module through a day code, at `now`. */
export async function liveDayCodeSession(db: Db, tenantId: string, userId: string, module: string, now: string): Promise<string | null> {
  const row = await liveSessionsOf(db, tenantId, now)
    .innerJoin('session_modules', 'session_modules.session_id', 'sessions.id')
    .select('sessions.id')
    .where('sessions.user_id', '=', userId)
    .where('session_modules.module', '=', module)
    .where('session_modules.day_code_id', 'is not', null)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The update of one open session of a tenant. */
function updateOpenSession(db: Db, tenantId: string, id: string) {
  return db.updateTable('sessions').where('tenant_id', '=', tenantId).where('id', '=', id).where('ended_at', 'is', null);
}

/** The update of one session of a tenant that is live at `now`. */
function updateLiveSession(db: Db, tenantId: string, id: string, now: string) {
  return db.updateTable('sessions').where('tenant_id', '=', tenantId).where('id', '=', id).where((eb) => sessionInState(eb, 'live', now));
}

/** Keeps a live session; false when it has ended or its heartbeat is already overdue. */
export async function touchSession(db: Db, tenantId: string, id: string, now: string, expiresAt: string): Promise<boolean> {
  const result = await updateLiveSession(db, tenantId, id, now).set({ last_seen_at: now, expires_at: expiresAt }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends an open session; false when it had ended already. */
export async function endSession(db: Db, tenantId: string, id: string, at: string, reason: SessionEndReason): Promise<boolean> {
  const result = await updateOpenSession(db, tenantId, id).set({ ended_at: at, end_reason: reason }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a session that is live at `at` and answers it as ended; null when it is unknown, ended or overdue. */
export async function endLiveSession(db: Db, tenantId: string, id: string, at: string, reason: SessionEndReason): Promise<Session | null> {
  const row = await updateLiveSession(db, tenantId, id, at).set({ ended_at: at, end_reason: reason }).returningAll().executeTakeFirst();
  return row === undefined ? null : ((await withModules(db, [row]))[0] ?? null);
}

/** Closes every session of the tenant whose heartbeat is overdue at `now`, as ended when it stopped counting. */
export async function closeTimedOutSessions(db: Db, tenantId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set((eb) => ({ ended_at: eb.ref('expires_at'), end_reason: 'timeout' }))
    .where('tenant_id', '=', tenantId)
    .where((eb) => sessionInState(eb, 'overdue', now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface SessionFilter {
  state?: 'live' | 'ended' | undefined;
  userId?: string | undefined;
  module?: string | undefined;
}

/** Newest first. `live` and `ended` are decided at `now` as the API shows them (core's `sessionStatus`): an overdue session has ended. */
export async function listSessions(db: Db, tenantId: string, filter: SessionFilter, now: string, page: PageRequest): Promise<Page<Session>> {
  let query = db.selectFrom('sessions').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.state === 'live') query = query.where((eb) => sessionInState(eb, 'live', now));
  if (filter.state === 'ended') query = query.where((eb) => eb.or([sessionInState(eb, 'ended', now), sessionInState(eb, 'overdue', now)]));
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.module !== undefined) {
    const module = filter.module;
    query = query.where((eb) => eb.exists(eb.selectFrom('session_modules').select('session_id').whereRef('session_modules.session_id', '=', 'sessions.id').where('session_modules.module', '=', module)));
  }
  return toPage(await withModules(db, await query.execute()), page.limit);
}
