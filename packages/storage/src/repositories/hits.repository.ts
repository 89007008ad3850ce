import { sql, type QueryResult } from 'kysely';
import { compiledStatement, inList } from '../compiled-statement.js';
import type { Db } from '../database.js';
import { readOf, readTogether, type Read } from '../read-together.js';

export async function hitsThisYear(db: Db, licenseId: string, year: number): Promise<number> {
  const row = await db.selectFrom('hit_years').select('hits').where('license_id', '=', licenseId).where('year', '=', year).executeTakeFirst();
  return row === undefined ? 0 : Number(row.hits);
}

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

/**
 * Adds hits to a license's year, refused by the database (answers false) when they would pass the
 * quota: the last guard against counting past it. One statement: the year's row is made with the
 * hits, or raised by them where the sum stays within the quota (none: unlimited).
 */
export async function addYearHits(db: Db, licenseId: string, year: number, hits: number, quota: number | null): Promise<boolean> {
  // A year starts at 0: more hits than the quota pass it whether the row exists or not.
  if (quota !== null && hits > quota) return false;
  const result = await upsertYearHits(db, { licenseId, year, hits, quota });
  return (result.numAffectedRows ?? 0n) > 0n;
}

const upsertYearHits = compiledStatement<{ licenseId: string; year: number; hits: number; quota: number | null }, unknown>((db, p) =>
  db
    .insertInto('hit_years')
    .values({ license_id: p('licenseId'), year: p('year'), hits: p('hits') })
    .onConflict((oc) =>
      oc
        .columns(['license_id', 'year'])
        .doUpdateSet((eb) => ({ hits: eb('hit_years.hits', '+', eb.ref('excluded.hits')) }))
        .where((eb) => eb.or([eb(sql`cast(${p('quota')} as bigint)`, 'is', null), eb(eb('hit_years.hits', '+', eb.ref('excluded.hits')), '<=', sql<number>`cast(${p('quota')} as bigint)`)])),
    ),
);

const upsertDayHits = compiledStatement<{ licenseId: string; day: string; hits: number }, unknown>((db, p) =>
  db
    .insertInto('hit_days')
    .values({ license_id: p('licenseId'), day: p('day'), hits: p('hits') })
    .onConflict((oc) => oc.columns(['license_id', 'day']).doUpdateSet((eb) => ({ hits: eb('hit_days.hits', '+', eb.ref('excluded.hits')) }))),
);

/** Hits a batch counted on one license: added to its tenant day and year, never past `quota` (null: unlimited). */
export interface CountedHits {
  licenseId: string;
  hits: number;
  quota: number | null;
  /** Idempotency keys of the events it counted. */
  keys: readonly string[];
}

/**
 * Records what a batch of hits counted, every statement sent at once (one round trip on
 * PostgreSQL, see `readTogether`): per license its year (by `addYearHits`'s guarded statement),
 * its day and its keys. Answers whether every year stayed within its quota, which the database
 * checks, and how many keys were stored (a key the tenant counted before is left as it was); the
 * caller rolls the transaction back when either falls short.
 */
export async function recordHits(db: Db, tenantId: string, counted: readonly CountedHits[], period: { day: string; year: number }, at: string): Promise<{ withinQuotas: boolean; keysStored: number }> {
  // A year starts at 0: more hits than the quota pass it whether the row exists or not.
  if (counted.some((c) => c.quota !== null && c.hits > c.quota)) return { withinQuotas: false, keysStored: 0 };
  const changed = (result: QueryResult<unknown> | undefined) => Number(result?.numAffectedRows ?? 0n);
  const perLicense = counted.map(
    (c): Read<{ withinQuota: boolean; keysStored: number }> => ({
      statements: [
        upsertYearHits.bound(db, { licenseId: c.licenseId, year: period.year, hits: c.hits, quota: c.quota }),
        upsertDayHits.bound(db, { licenseId: c.licenseId, day: period.day, hits: c.hits }),
        ...(c.keys.length === 0 ? [] : [insertKeys.bound(db, { tenantId, licenseId: c.licenseId, at, keys: [...c.keys] })]),
      ],
      answer: ([year, , keys]) => ({ withinQuota: changed(year) > 0, keysStored: changed(keys) }),
    }),
  );
  const answers = await readTogether(db, perLicense);
  return { withinQuotas: answers.every((a) => a.withinQuota), keysStored: answers.reduce((sum, a) => sum + a.keysStored, 0) };
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

const selectKnownHitKeys = compiledStatement<{ tenantId: string; keys: string[] }, { key: string }>((db, p, dialect) =>
  dialect === 'postgres'
    ? db
        // A function in FROM names its one column after its alias: `asked.asked` is each key asked for.
        .selectFrom(sql<{ asked: string }>`unnest(${p('keys')}::text[])`.as('asked'))
        .innerJoinLateral(
          (eb) => eb.selectFrom('hit_keys as h').select(sql.lit(1).as('one')).where('h.tenant_id', '=', p('tenantId')).where(sql<boolean>`h.key = asked.asked`).limit(1).as('known'),
          (join) => join.onTrue(),
        )
        .select(sql<string>`asked.asked`.as('key'))
    : db.selectFrom('hit_keys').select('key').where('tenant_id', '=', p('tenantId')).where(inList(dialect, 'key', p('keys'))),
);

// On SQLite the `where true` tells the upsert's ON CONFLICT from a join's ON in INSERT … SELECT.
const insertKeys = compiledStatement<{ tenantId: string; licenseId: string; at: string; keys: string[] }, unknown>((db, p, dialect) =>
  db
    .insertInto('hit_keys')
    .columns(['tenant_id', 'key', 'license_id', 'at'])
    .expression(
      dialect === 'postgres'
        ? sql`select ${p('tenantId')}, k, ${p('licenseId')}, ${p('at')} from unnest(${p('keys')}::text[]) as u(k)`
        : sql`select ${p('tenantId')}, value, ${p('licenseId')}, ${p('at')} from json_each(${p('keys')}) where true`,
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing()),
);

export async function hitDays(db: Db, licenseId: string, from: string, to: string): Promise<{ day: string; hits: number }[]> {
  const rows = await db.selectFrom('hit_days').select(['day', 'hits']).where('license_id', '=', licenseId).where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
  return rows.map((r) => ({ day: r.day, hits: Number(r.hits) }));
}

export async function hitYears(db: Db, licenseId: string): Promise<{ year: number; hits: number }[]> {
  const rows = await db.selectFrom('hit_years').select(['year', 'hits']).where('license_id', '=', licenseId).orderBy('year').execute();
  return rows.map((r) => ({ year: Number(r.year), hits: Number(r.hits) }));
}
