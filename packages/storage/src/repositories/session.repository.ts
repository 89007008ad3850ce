import type { Page, SessionEndReason } from '@allot/core';
import { sql, type ExpressionBuilder, type RawBuilder, type Selectable } from 'kysely';
import { compiledStatement, dialectOf, inList, type Placeholder } from '../compiled-statement.js';
import type { Database, Db, Dialect } from '../database.js';
import { generationsUnchanged } from '../generations-unchanged.js';
import { readOf, readTogether, transactionAtOnce, writeAtCommit, type Read } from '../read-together.js';
import { tenantLockStatement } from './license.repository.js';
import { waitingOf } from './session-queue.repository.js';
import type { SessionsTable } from '../tables/sessions.table.js';
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

type SessionValues = {
  id: string;
  tenantId: string;
  userId: string;
  heartbeatSeconds: number;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** Per module held, in order: its name, license, excess (0 or 1) and day code. */
  modules: string[];
  licenseIds: (string | null)[];
  excess: number[];
  dayCodeIds: (string | null)[];
  /** The same on SQLite, one `[module, license, excess, day code]` per module. */
  held: [string, string | null, number, string | null][];
};

/** The session's row, with `p` standing for its values. */
const sessionRow = (p: Placeholder<SessionValues>) => ({
  id: p('id'),
  tenant_id: p('tenantId'),
  user_id: p('userId'),
  heartbeat_seconds: p('heartbeatSeconds'),
  started_at: p('startedAt'),
  last_seen_at: p('lastSeenAt'),
  expires_at: p('expiresAt'),
  ended_at: null,
  end_reason: null,
});

const moduleColumns = ['session_id', 'module', 'license_id', 'tenant_id', 'excess', 'day_code_id'] as const;

/** PostgreSQL: the session and its modules in one statement (a data-modifying WITH), the modules as arrays. */
const insertSessionWithModules = compiledStatement<SessionValues, unknown>((db, p) =>
  db
    .with('opened', (w) => w.insertInto('sessions').values(sessionRow(p)))
    .insertInto('session_modules')
    .columns(moduleColumns)
    .expression(sql`select ${p('id')}, m, l, ${p('tenantId')}, e, d from unnest(${p('modules')}::text[], ${p('licenseIds')}::text[], ${p('excess')}::int[], ${p('dayCodeIds')}::text[]) as held(m, l, e, d)`),
);

/** SQLite: the session's row, then its modules from one JSON parameter; no round trips to save. */
const insertSessionRow = compiledStatement<SessionValues, unknown>((db, p) => db.insertInto('sessions').values(sessionRow(p)));
const insertSessionModules = compiledStatement<SessionValues, unknown>((db, p) =>
  db
    .insertInto('session_modules')
    .columns(moduleColumns)
    .expression(sql`select ${p('id')}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ${p('tenantId')}, json_extract(value, '$[2]'), json_extract(value, '$[3]') from json_each(${p('held')})`),
);

/**
 * Records an opened session and the modules it holds. In a transaction on PostgreSQL it is written
 * with the commit (`writeAtCommit`): nothing later in the transaction may read it.
 */
export async function insertSession(db: Db, session: Session): Promise<void> {
  const values = sessionValues(session);
  if (dialectOf(db) === 'postgres') {
    await writeAtCommit(db, insertSessionWithModules.bound(db, values));
    return;
  }
  await insertSessionRow(db, values);
  await insertSessionModules(db, values);
}

function sessionValues(session: Session): SessionValues {
  return {
    id: session.id,
    tenantId: session.tenantId,
    userId: session.userId,
    heartbeatSeconds: session.heartbeatSeconds,
    startedAt: session.startedAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: session.expiresAt,
    modules: session.modules.map((m) => m.module),
    licenseIds: session.modules.map((m) => m.licenseId),
    excess: session.modules.map((m) => (m.excess ? 1 : 0)),
    dayCodeIds: session.modules.map((m) => m.dayCodeId),
    held: session.modules.map((m) => [m.module, m.licenseId, m.excess ? 1 : 0, m.dayCodeId]),
  };
}

/**
 * What must hold under the tenant's licensing lock for a session decided before it to be stored
 * as decided (see `insertSessionIfAdmitted`).
 */
export interface AdmissionGuard {
  /** The lookup generations the decision's facts were read at (`cache_generations`): none has moved since. */
  generations: { scope: string; generation: number }[];
  /** Nobody waits in the tenant's queue at `now`. */
  now: string;
  /** Live sessions holding `module` through `licenseId` stay below `below` (the license admits one more). */
  bounds: { licenseId: string; module: string; below: number }[];
  /** Every module of `licenseId`, with this session on `module`, stays below `below` live sessions (its threshold stays off). */
  thresholds: { licenseId: string; module: string; below: number }[];
}

type GuardedSessionValues = SessionValues & {
  scopes: string[];
  generations: number[];
  now: string;
  countedLicenseIds: string[];
  boundLicenseIds: string[];
  boundModules: string[];
  below: number[];
  thresholdLicenseIds: string[];
  thresholdModules: string[];
  thresholdBelow: number[];
};

/** PostgreSQL: the session and its modules, written only when the guard holds, which it answers (`admitted`). */
const insertSessionIfGuardHolds = compiledStatement<GuardedSessionValues, { admitted: boolean }>((db, p) => {
  const fresh = generationsUnchanged(p('scopes'), p('generations'));
  const noWaiter = sql<boolean>`not exists (${waitingOf(db, p('tenantId'), p('now')).select(sql.lit(1).as('one'))})`;
  const belowBounds = sql<boolean>`not exists (select 1 from unnest(${p('boundLicenseIds')}::text[], ${p('boundModules')}::text[], ${p('below')}::int[]) as b(license_id, module, below)
    where coalesce((select live from live where live."licenseId" = b.license_id and live.module = b.module), 0) >= b.below)`;
  const belowThresholds = sql<boolean>`not exists (select 1 from unnest(${p('thresholdLicenseIds')}::text[], ${p('thresholdModules')}::text[], ${p('thresholdBelow')}::int[]) as t(license_id, module, below)
    where t.below <= 1 or exists (select 1 from live where live."licenseId" = t.license_id and live.live + (live.module = t.module)::int >= t.below))`;
  const row = sessionRow(p);
  return db
    .with('live', (w) => liveModuleCountsQuery(w as unknown as Db, 'postgres', p('tenantId'), p('now'), p('countedLicenseIds')))
    .with('guard', (w) => w.selectNoFrom(sql<boolean>`${fresh} and ${noWaiter} and ${belowBounds} and ${belowThresholds}`.as('admitted')))
    .with('opened', (w) =>
      w
        .insertInto('sessions')
        .columns(['id', 'tenant_id', 'user_id', 'heartbeat_seconds', 'started_at', 'last_seen_at', 'expires_at'])
        .expression(sql`select ${row.id}, ${row.tenant_id}, ${row.user_id}, ${row.heartbeat_seconds}::int, ${row.started_at}, ${row.last_seen_at}, ${row.expires_at} from guard where guard.admitted`)
        .returning('id'),
    )
    .with('held', (w) =>
      w
        .insertInto('session_modules')
        .columns(moduleColumns)
        .expression(sql`select opened.id, m, l, ${p('tenantId')}, e, d from opened, unnest(${p('modules')}::text[], ${p('licenseIds')}::text[], ${p('excess')}::int[], ${p('dayCodeIds')}::text[]) as held(m, l, e, d)`),
    )
    .selectFrom('guard')
    .select('guard.admitted');
});

/**
 * PostgreSQL: stores a session decided before the tenant's licensing lock was taken, when the
 * database finds under the lock that the decision still stands (`guard`): one transaction sent
 * whole, so the lock is held for no round trip to this process. Answers whether it was stored; a
 * session not stored changed nothing, and is to be decided again under the lock.
 */
export async function insertSessionIfAdmitted(db: Db, session: Session, guard: AdmissionGuard): Promise<boolean> {
  const values: GuardedSessionValues = {
    ...sessionValues(session),
    scopes: guard.generations.map((g) => g.scope),
    generations: guard.generations.map((g) => g.generation),
    now: guard.now,
    countedLicenseIds: [...new Set([...guard.bounds, ...guard.thresholds].map((b) => b.licenseId))],
    boundLicenseIds: guard.bounds.map((b) => b.licenseId),
    boundModules: guard.bounds.map((b) => b.module),
    below: guard.bounds.map((b) => b.below),
    thresholdLicenseIds: guard.thresholds.map((t) => t.licenseId),
    thresholdModules: guard.thresholds.map((t) => t.module),
    thresholdBelow: guard.thresholds.map((t) => t.below),
  };
  const [, stored] = await transactionAtOnce(db, [tenantLockStatement(db, session.tenantId), insertSessionIfGuardHolds.bound(db, values)]);
  return (stored?.rows[0] as { admitted: boolean } | undefined)?.admitted === true;
}

type SessionRow = Selectable<SessionsTable> & { modules: unknown };

/**
 * The modules of the session of the row at hand (`sessions.id`), by module, as one JSON array of
 * `[module, license_id, excess, day_code_id]`: a subquery, so that reading a session, or ending it
 * with `RETURNING`, takes one statement.
 */
function modulesOfRow(dialect: Dialect): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`(select coalesce(json_agg(json_build_array(m.module, m.license_id, m.excess, m.day_code_id) order by m.module), '[]'::json) from session_modules m where m.session_id = sessions.id)`
    : sql`(select json_group_array(json_array(module, license_id, excess, day_code_id)) from (select module, license_id, excess, day_code_id from session_modules m where m.session_id = sessions.id order by module))`;
}

type SessionFields = Omit<Selectable<SessionsTable>, 'modules'>;

/** A session from its row and its modules. */
function sessionOf(r: SessionFields, modules: Session['modules']): Session {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    userId: r.user_id,
    heartbeatSeconds: Number(r.heartbeat_seconds),
    startedAt: r.started_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
    endReason: r.end_reason as SessionEndReason | null,
    modules,
  };
}

function toSession(r: SessionRow): Session {
  const modules = (typeof r.modules === 'string' ? JSON.parse(r.modules) : r.modules) as [string, string | null, number, string | null][];
  return sessionOf(r, modules.map(([module, licenseId, excess, dayCodeId]) => ({ module, licenseId, excess: Number(excess) === 1, dayCodeId })));
}

async function withModules(db: Db, rows: SessionFields[]): Promise<Session[]> {
  if (rows.length === 0) return [];
  const modules = await db
    .selectFrom('session_modules')
    .selectAll()
    .where('session_id', 'in', rows.map((r) => r.id))
    .orderBy('module')
    .execute();
  return rows.map((r) =>
    sessionOf(
      r,
      modules.filter((m) => m.session_id === r.id).map((m) => ({ module: m.module, licenseId: m.license_id, excess: m.excess === 1, dayCodeId: m.day_code_id })),
    ),
  );
}

const selectSession = compiledStatement<{ tenantId: string; id: string }, SessionRow>((db, p, dialect) =>
  db.selectFrom('sessions').selectAll().select(modulesOfRow(dialect).as('modules')).where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
);

/** One session of the tenant with its modules, in one statement. */
export async function findSession(db: Db, tenantId: string, id: string): Promise<Session | null> {
  const { rows } = await selectSession(db, { tenantId, id });
  return rows[0] === undefined ? null : toSession(rows[0]);
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
  const [counts] = await readTogether(db, [liveModuleCountsRead(db, tenantId, licenseIds, now)]);
  return counts;
}

/** `liveModuleCounts` as a read to send with others (see `readTogether`). */
export function liveModuleCountsRead(db: Db, tenantId: string, licenseIds: readonly string[], now: string): Read<ModuleCounts> {
  if (licenseIds.length === 0) return { statements: [], answer: () => new Map() };
  return readOf(selectLiveModuleCounts.bound(db, { tenantId, now, licenseIds: [...new Set(licenseIds)] }), (rows) => {
    const counts: ModuleCounts = new Map();
    for (const r of rows) {
      const licenseId = r.licenseId as string;
      let modules = counts.get(licenseId);
      if (modules === undefined) counts.set(licenseId, (modules = new Map()));
      modules.set(r.module, Number(r.live));
    }
    return counts;
  });
}

const selectLiveModuleCounts = compiledStatement<{ tenantId: string; now: string; licenseIds: string[] }, { licenseId: string | null; module: string; live: number | string | bigint }>((db, p, dialect) =>
  liveModuleCountsQuery(db, dialect, p('tenantId'), p('now'), p('licenseIds')),
);

/** The query of `liveModuleCounts`: rows of `licenseId`, `module` and `live`. */
function liveModuleCountsQuery(db: Db, dialect: Dialect, tenantId: string, now: string, licenseIds: string[]) {
  const live = liveSessionsOf(db, tenantId, now);
  if (dialect === 'postgres') {
    // A LATERAL subquery per live session, kept apart by OFFSET 0, so that PostgreSQL probes the
    // session's modules by primary key instead of hashing a scan of every module ever held (its
    // choice on a large, unanalyzed history).
    return live
      .crossJoinLateral((eb) =>
        eb
          .selectFrom('session_modules')
          .select(['session_modules.license_id', 'session_modules.module'])
          .whereRef('session_modules.session_id', '=', 'sessions.id')
          .where(inList(dialect, 'session_modules.license_id', licenseIds))
          .offset(0)
          .as('held'),
      )
      .select((eb) => ['held.license_id as licenseId', 'held.module as module', eb.fn.countAll<number | string | bigint>().as('live')])
      .groupBy(['held.license_id', 'held.module']);
  }
  return live
    .crossJoin('session_modules')
    .select((eb) => ['session_modules.license_id as licenseId', 'session_modules.module as module', eb.fn.countAll<number | string | bigint>().as('live')])
    .whereRef('session_modules.session_id', '=', 'sessions.id')
    .where(inList(dialect, 'session_modules.license_id', licenseIds))
    .groupBy(['session_modules.license_id', 'session_modules.module']);
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

const touchLiveSession = compiledStatement<{ tenantId: string; id: string; now: string; expiresAt: string }, unknown>((db, p) =>
  db
    .updateTable('sessions')
    .set({ last_seen_at: p('now'), expires_at: p('expiresAt') })
    .where('tenant_id', '=', p('tenantId'))
    .where('id', '=', p('id'))
    .where((eb) => sessionInState(eb, 'live', p('now'))),
);

/** Keeps a live session; false when it has ended or its heartbeat is already overdue. */
export async function touchSession(db: Db, tenantId: string, id: string, now: string, expiresAt: string): Promise<boolean> {
  const result = await touchLiveSession(db, { tenantId, id, now, expiresAt });
  return (result.numAffectedRows ?? 0n) > 0n;
}

const endOpenSession = compiledStatement<{ tenantId: string; id: string; at: string; reason: SessionEndReason }, unknown>((db, p) =>
  db.updateTable('sessions').set({ ended_at: p('at'), end_reason: p('reason') }).where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')).where('ended_at', 'is', null),
);

/** Ends an open session; false when it had ended already. */
export async function endSession(db: Db, tenantId: string, id: string, at: string, reason: SessionEndReason): Promise<boolean> {
  const result = await endOpenSession(db, { tenantId, id, at, reason });
  return (result.numAffectedRows ?? 0n) > 0n;
}

const endLive = compiledStatement<{ tenantId: string; id: string; at: string; reason: SessionEndReason }, SessionRow>((db, p, dialect) =>
  db
    .updateTable('sessions')
    .set({ ended_at: p('at'), end_reason: p('reason') })
    .where('tenant_id', '=', p('tenantId'))
    .where('id', '=', p('id'))
    .where((eb) => sessionInState(eb, 'live', p('at')))
    .returningAll()
    .returning(modulesOfRow(dialect).as('modules')),
);

/**
 * Ends a session that is live at `at` and answers it as ended, with its modules, in one statement
 * (`UPDATE … RETURNING` reads them); null when it is unknown, ended or overdue.
 */
export async function endLiveSession(db: Db, tenantId: string, id: string, at: string, reason: SessionEndReason): Promise<Session | null> {
  const { rows } = await endLive(db, { tenantId, id, at, reason });
  return rows[0] === undefined ? null : toSession(rows[0]);
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
