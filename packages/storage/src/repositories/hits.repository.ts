import { sql, type CompiledQuery } from 'kysely';
import { compiledStatement, dialectOf, inList, type Placeholder } from '../compiled-statement.js';
import { isUniqueViolation } from '../errors.js';
import type { Db } from '../database.js';
import { generationsUnchanged } from '../generations-unchanged.js';
import { readOf, readTogether, transactionAtOnce, writeAtCommit, type Read } from '../read-together.js';
import { tenantLockStatement } from './license.repository.js';

/** Hits counted this year per license. */
export async function hitsOfYear(db: Db, licenseIds: readonly string[], year: number): Promise<Map<string, number>> {
  const [counted] = await readTogether(db, [hitsOfYearRead(db, licenseIds, year)]);
  return counted;
}

/** `hitsOfYear` as a read to send with others (see `readTogether`). */
export function hitsOfYearRead(db: Db, licenseIds: readonly string[], year: number): Read<Map<string, number>> {
  if (licenseIds.length === 0) return { statements: [], answer: () => new Map() };
  return readOf(selectHitsOfYear.bound(db, { licenseIds: [...licenseIds], year }), (rows) => new Map(rows.map((r) => [r.license_id, Number(r.hits)])));
}

const selectHitsOfYear = compiledStatement<{ licenseIds: string[]; year: number }, { license_id: string; hits: number | string }>((db, p, dialect) =>
  db.selectFrom('hit_years').select(['license_id', 'hits']).where(inList(dialect, 'license_id', p('licenseIds'))).where('year', '=', p('year')),
);

interface YearHits extends Record<string, unknown> {
  licenseId: string;
  year: number;
  hits: number;
  most: number | null;
}

/**
 * A license's year raised by a batch's hits, refused by the database when they would pass `most`
 * (its quota): the last guard against counting past it. One statement: the year's row is made with
 * the hits, or raised by them where the sum stays within `most` (none: unlimited).
 */
const yearUpsert = (db: Db, p: Placeholder<YearHits>) =>
  db
    .insertInto('hit_years')
    .values({ license_id: p('licenseId'), year: p('year'), hits: p('hits') })
    .onConflict((oc) =>
      oc
        .columns(['license_id', 'year'])
        .doUpdateSet((eb) => ({ hits: eb('hit_years.hits', '+', eb.ref('excluded.hits')) }))
        .where((eb) => eb.or([eb(sql`cast(${p('most')} as bigint)`, 'is', null), eb(eb('hit_years.hits', '+', eb.ref('excluded.hits')), '<=', sql<number>`cast(${p('most')} as bigint)`)])),
    );

const upsertYearHits = compiledStatement<YearHits, unknown>((db, p) => yearUpsert(db, p));

/**
 * `upsertYearHits` failing when it refuses (PostgreSQL): a data-modifying `WITH` that divides by the
 * rows it wrote, so that a year it leaves alone fails the statement, and with it the transaction.
 */
const upsertYearHitsOrFail = compiledStatement<YearHits, unknown>((db, p) =>
  db
    .with('counted', () => yearUpsert(db, p).returning(sql<number>`1`.as('one')))
    .selectFrom('counted')
    .select(sql<number>`1 / count(*)`.as('guard')),
);

const upsertDayHits = compiledStatement<{ licenseId: string; day: string; hits: number }, unknown>((db, p) =>
  db
    .insertInto('hit_days')
    .values({ license_id: p('licenseId'), day: p('day'), hits: p('hits') })
    .onConflict((oc) => oc.columns(['license_id', 'day']).doUpdateSet((eb) => ({ hits: eb('hit_days.hits', '+', eb.ref('excluded.hits')) }))),
);

/** Hits a batch counted on one license: added to its tenant day and year, the year never past `most` (null: unbounded). */
export interface CountedHits {
  licenseId: string;
  hits: number;
  /** The most hits the year may hold with these: the quota, or less (see `recordHitsIfUnchanged`). */
  most: number | null;
  /** Idempotency keys of the events it counted. */
  keys: readonly string[];
}

/** What `recordHits` throws (see `passedHitQuota`) when a year would pass its quota. */
class HitQuotaPassed extends Error {}

/**
 * Records what a batch of hits counted in the transaction `trx`: per license its year (by the
 * guarded `yearUpsert`), its day and its keys. Nothing is answered: what cannot be recorded fails
 * the transaction instead, so that on PostgreSQL every statement goes with the commit (see
 * `writeAtCommit`) and a batch holds its tenant's lock for no round trip of its own. A key the
 * tenant counted before fails it as a unique violation (`isKnownHitKey`), a year that would pass
 * its quota as `passedHitQuota`; on SQLite at once, on PostgreSQL at the commit. Run it under the
 * tenant's licensing lock (it may make the tenant's number).
 */
export async function recordHits(trx: Db, tenantId: string, counted: readonly CountedHits[], period: { day: string; year: number }, at: string): Promise<void> {
  if (counted.some(passesAlone)) throw new HitQuotaPassed();
  if (dialectOf(trx) === 'postgres') {
    for (const statement of countedStatements(trx, tenantId, counted, period, at)) await writeAtCommit(trx, statement);
    return;
  }
  for (const c of counted) {
    if (((await upsertYearHits(trx, yearOf(c, period.year))).numAffectedRows ?? 0n) === 0n) throw new HitQuotaPassed();
    await upsertDayHits(trx, { licenseId: c.licenseId, day: period.day, hits: c.hits });
  }
  const keyed = counted.filter((c) => c.keys.length > 0);
  if (keyed.length > 0) await numberTenant(trx, { tenantId });
  for (const c of keyed) {
    const { insertId } = await insertBatch(trx, { tenantId, licenseId: c.licenseId, at });
    await insertKeys(trx, { tenantId, batch: Number(insertId), keys: c.keys });
  }
}

/** A year starts at 0: more hits than `most` pass it whether its row exists or not. */
const passesAlone = (c: CountedHits) => c.most !== null && c.hits > c.most;

const yearOf = (c: CountedHits, year: number): YearHits => ({ licenseId: c.licenseId, year, hits: c.hits, most: c.most });

/**
 * PostgreSQL: the statements recording what a batch counted, none needing an answer from another:
 * each license's year (failing when it refuses) and day, the tenant's number, each license's
 * keys with the batch that brought them.
 */
function countedStatements(db: Db, tenantId: string, counted: readonly CountedHits[], period: { day: string; year: number }, at: string): CompiledQuery[] {
  const statements: CompiledQuery[] = [];
  for (const c of counted) statements.push(upsertYearHitsOrFail.bound(db, yearOf(c, period.year)), upsertDayHits.bound(db, { licenseId: c.licenseId, day: period.day, hits: c.hits }));
  const keyed = counted.filter((c) => c.keys.length > 0);
  if (keyed.length > 0) statements.push(numberTenant.bound(db, { tenantId }));
  for (const c of keyed) statements.push(insertBatchAndKeys.bound(db, { tenantId, licenseId: c.licenseId, at, keys: c.keys }));
  return statements;
}

/** The lookup generations a decision's facts were read at (`cache_generations`). */
export interface SeenGenerations {
  scopes: string[];
  generations: number[];
}

/** Fails its statement, and with it the transaction, unless every generation is as seen: a division by zero (22012). */
const failUnlessGenerationsAre = compiledStatement<{ scopes: string[]; generations: number[] }, unknown>((db, p) =>
  db.selectNoFrom(sql<number>`1 / (${generationsUnchanged(p('scopes'), p('generations'))})::int`.as('guard')),
);

/**
 * PostgreSQL: records what a batch counted, decided before the tenant's licensing lock from the
 * cached facts and counts no higher than the years' (a year's count only grows), when the database
 * finds under the lock that the decision stands: one transaction sent whole (see `transactionAtOnce`), so the lock is
 * held for no round trip to this process. It takes the lock, checks that the generations are those
 * the facts were read at, and writes each year (within its `most`), day and keys. Answers false,
 * having changed nothing, when a check fails: the batch is then to be decided again under the lock.
 * A key the tenant counted before fails it as it fails `recordHits` (see `isKnownHitKey`).
 */
export async function recordHitsIfUnchanged(db: Db, tenantId: string, counted: readonly CountedHits[], period: { day: string; year: number }, at: string, seen: SeenGenerations): Promise<boolean> {
  if (counted.some(passesAlone)) return false;
  const statements = [tenantLockStatement(db, tenantId), failUnlessGenerationsAre.bound(db, seen), ...countedStatements(db, tenantId, counted, period, at)];
  try {
    await transactionAtOnce(db, statements);
    return true;
  } catch (error) {
    if (passedHitQuota(error)) return false;
    throw error;
  }
}

/** Whether `error` is `recordHits` refusing to count a year past its quota (on PostgreSQL, its guard's division by zero). */
export function passedHitQuota(error: unknown): boolean {
  return error instanceof HitQuotaPassed || (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '22012');
}

/** Whether `error` is `recordHits` meeting an idempotency key the tenant counted before. */
export function isKnownHitKey(error: unknown): boolean {
  if (!isUniqueViolation(error)) return false;
  const { constraint, message } = error as { constraint?: unknown; message?: unknown };
  return constraint === 'hit_keys_pk' || (typeof message === 'string' && message.includes('hit_keys.'));
}

/**
 * Of the keys given, those already counted in the tenant, in one statement whatever the batch's
 * size, the keys as one array parameter, and a plan no table statistics can change: one probe of
 * the primary key per key. On PostgreSQL a LATERAL subquery with LIMIT 1 per key, which the planner
 * can neither flatten into a join nor answer by scanning the tenant's keys (as it does for
 * `key = any($2)` or `key in (…)` while the table is not analyzed); on SQLite `json_each`, probed
 * through the primary key.
 */
export async function knownHitKeys(db: Db, tenantId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await selectKnownHitKeys(db, { tenantId, keys: [...keys] });
  return new Set(rows.map((r) => r.key));
}

/** The tenant's number (`tenant_numbers`); none before its first keys. */
const tenantNumber = (db: Db, tenantId: string) => db.selectFrom('tenant_numbers').select('number').where('tenant_id', '=', tenantId);

const selectKnownHitKeys = compiledStatement<{ tenantId: string; keys: string[] }, { key: string }>((db, p, dialect) =>
  dialect === 'postgres'
    ? db
        // A function in FROM names its one column after its alias: `asked.asked` is each key asked for.
        .selectFrom(sql<{ asked: string }>`unnest(${p('keys')}::text[])`.as('asked'))
        .innerJoin(tenantNumber(db, p('tenantId')).as('t'), (join) => join.onTrue())
        .innerJoinLateral(
          (eb) => eb.selectFrom('hit_keys as h').select(sql.lit(1).as('one')).where(sql<boolean>`h.tenant = t.number`).where(sql<boolean>`h.key = asked.asked`).limit(1).as('known'),
          (join) => join.onTrue(),
        )
        .select(sql<string>`asked.asked`.as('key'))
    : db.selectFrom('hit_keys').select('key').where('tenant', '=', tenantNumber(db, p('tenantId'))).where(inList(dialect, 'key', p('keys'))),
);

/**
 * Gives the tenant its number unless it has one: under the tenant's licensing lock, which every
 * transaction recording keys holds, no other can give it one meanwhile. A number is never drawn
 * for nothing (`ON CONFLICT` would draw one from PostgreSQL's sequence on every batch).
 */
const numberTenant = compiledStatement<{ tenantId: string }, unknown>((db, p) =>
  db
    .insertInto('tenant_numbers')
    .columns(['tenant_id'])
    .expression(
      db
        .selectNoFrom(sql<string>`cast(${p('tenantId')} as text)`.as('tenant_id'))
        .where((eb) => eb.not(eb.exists(tenantNumber(db, p('tenantId'))))),
    ),
);

/** SQLite: a batch's keys on one license (`insertKeys` stores them under its id). */
const insertBatch = compiledStatement<{ tenantId: string; licenseId: string; at: string }, unknown>((db, p) =>
  db.insertInto('hit_batches').values({ tenant_id: p('tenantId'), license_id: p('licenseId'), at: p('at') }),
);

/** SQLite: stores keys of accepted events; one the tenant counted before fails the statement (see `isKnownHitKey`). */
const insertKeys = compiledStatement<{ tenantId: string; batch: number; keys: readonly string[] }, unknown>((db, p) =>
  db
    .insertInto('hit_keys')
    .columns(['tenant', 'key', 'batch'])
    .expression(sql`select (${tenantNumber(db, p('tenantId'))}), value, ${p('batch')} from json_each(${p('keys')})`),
);

/** PostgreSQL: `insertBatch` and `insertKeys` in one statement, the batch's id passed on in SQL. */
const insertBatchAndKeys = compiledStatement<{ tenantId: string; licenseId: string; at: string; keys: readonly string[] }, unknown>((db, p) =>
  db
    .with('batch', (w) => w.insertInto('hit_batches').values({ tenant_id: p('tenantId'), license_id: p('licenseId'), at: p('at') }).returning('id'))
    .insertInto('hit_keys')
    .columns(['tenant', 'key', 'batch'])
    .expression(sql`select (${tenantNumber(db, p('tenantId'))}), k, batch.id from batch, unnest(${p('keys')}::text[]) as u(k)`),
);

export async function hitDays(db: Db, licenseId: string, from: string, to: string): Promise<{ day: string; hits: number }[]> {
  const rows = await db.selectFrom('hit_days').select(['day', 'hits']).where('license_id', '=', licenseId).where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
  return rows.map((r) => ({ day: r.day, hits: Number(r.hits) }));
}

export async function hitYears(db: Db, licenseId: string): Promise<{ year: number; hits: number }[]> {
  const rows = await db.selectFrom('hit_years').select(['year', 'hits']).where('license_id', '=', licenseId).orderBy('year').execute();
  return rows.map((r) => ({ year: Number(r.year), hits: Number(r.hits) }));
}
