import { sql } from 'kysely';
import { compiledStatement, inList } from '../compiled-statement.js';
import type { Db } from '../database.js';

export async function hitsThisYear(db: Db, licenseId: string, year: number): Promise<number> {
  const row = await db.selectFrom('hit_years').select('hits').where('license_id', '=', licenseId).where('year', '=', year).executeTakeFirst();
  return row === undefined ? 0 : Number(row.hits);
}

/** Hits counted this year per license. */
export async function hitsOfYear(db: Db, licenseIds: readonly string[], year: number): Promise<Map<string, number>> {
  if (licenseIds.length === 0) return new Map();
  const { rows } = await selectHitsOfYear(db, { licenseIds: [...licenseIds], year });
  return new Map(rows.map((r) => [r.license_id, Number(r.hits)]));
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

export async function addDayHits(db: Db, licenseId: string, day: string, hits: number): Promise<void> {
  await upsertDayHits(db, { licenseId, day, hits });
}

const upsertDayHits = compiledStatement<{ licenseId: string; day: string; hits: number }, unknown>((db, p) =>
  db
    .insertInto('hit_days')
    .values({ license_id: p('licenseId'), day: p('day'), hits: p('hits') })
    .onConflict((oc) => oc.columns(['license_id', 'day']).doUpdateSet((eb) => ({ hits: eb('hit_days.hits', '+', eb.ref('excluded.hits')) }))),
);

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

/**
 * Records the keys of accepted events, per license that counted them (a batch rarely spans more
 * than one), answering how many it stored: a key the tenant counted before is left as it was. One
 * statement per license, its keys as one array parameter.
 */
export async function insertHitKeys(db: Db, tenantId: string, keysByLicense: ReadonlyMap<string, string[]>, at: string): Promise<number> {
  let stored = 0;
  for (const [licenseId, keys] of keysByLicense) stored += Number((await insertKeys(db, { tenantId, licenseId, at, keys })).numAffectedRows ?? 0n);
  return stored;
}

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
