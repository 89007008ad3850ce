import { sql } from 'kysely';
import type { Db, Dialect } from '../database.js';

export async function hitsThisYear(db: Db, licenseId: string, year: number): Promise<number> {
  const row = await db.selectFrom('hit_years').select('hits').where('license_id', '=', licenseId).where('year', '=', year).executeTakeFirst();
  return row === undefined ? 0 : Number(row.hits);
}

/** Hits counted this year per license. */
export async function hitsOfYear(db: Db, licenseIds: readonly string[], year: number): Promise<Map<string, number>> {
  if (licenseIds.length === 0) return new Map();
  const rows = await db.selectFrom('hit_years').select(['license_id', 'hits']).where('license_id', 'in', [...licenseIds]).where('year', '=', year).execute();
  return new Map(rows.map((r) => [r.license_id, Number(r.hits)]));
}

/**
 * Adds hits to a license's year, refused by the database (answers false) when they would pass the
 * quota: the last guard against counting past it. One statement: the year's row is made with the
 * hits, or raised by them where the sum stays within the quota.
 */
export async function addYearHits(db: Db, licenseId: string, year: number, hits: number, quota: number | null): Promise<boolean> {
  // A year starts at 0: more hits than the quota pass it whether the row exists or not.
  if (quota !== null && hits > quota) return false;
  const result = await db
    .insertInto('hit_years')
    .values({ license_id: licenseId, year, hits })
    .onConflict((oc) => {
      const raise = oc.columns(['license_id', 'year']).doUpdateSet((eb) => ({ hits: eb('hit_years.hits', '+', eb.ref('excluded.hits')) }));
      return quota === null ? raise : raise.where((eb) => eb(eb('hit_years.hits', '+', eb.ref('excluded.hits')), '<=', quota));
    })
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function addDayHits(db: Db, licenseId: string, day: string, hits: number): Promise<void> {
  await db
    .insertInto('hit_days')
    .values({ license_id: licenseId, day, hits })
    .onConflict((oc) => oc.columns(['license_id', 'day']).doUpdateSet((eb) => ({ hits: eb('hit_days.hits', '+', hits) })))
    .execute();
}

/**
 * Of the keys given, those already counted in the tenant, in one statement whatever the batch's
 * size, the keys as one array parameter, and a plan no table statistics can change: one probe of
 * the primary key per key. On PostgreSQL a LATERAL subquery with LIMIT 1 per key, which the planner
 * can neither flatten into a join nor answer by scanning the tenant's keys (as it does for
 * `key = any($2)` or `key in (…)` while the table is not analyzed); on SQLite `json_each`, probed
 * through the primary key.
 */
export async function knownHitKeys(db: Db, dialect: Dialect, tenantId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  if (dialect === 'postgres') {
    const { rows } = await sql<{ key: string }>`select asked.key from unnest(${[...keys]}::text[]) as asked(key), lateral (select 1 from hit_keys h where h.tenant_id = ${tenantId} and h.key = asked.key limit 1) as known`.execute(db);
    return new Set(rows.map((r) => r.key));
  }
  // A select the SQLite change counter sees as one (a raw statement would count as a write).
  const rows = await db.selectFrom('hit_keys').select('key').where('tenant_id', '=', tenantId).where(sql<boolean>`key in (select value from json_each(${JSON.stringify(keys)}))`).execute();
  return new Set(rows.map((r) => r.key));
}

/** Records the keys of accepted events, in one statement (the keys and their licenses as two array parameters). */
export async function insertHitKeys(db: Db, dialect: Dialect, tenantId: string, keys: readonly { key: string; licenseId: string }[], at: string): Promise<void> {
  if (keys.length === 0) return;
  const rows =
    dialect === 'postgres'
      ? sql`select ${tenantId}, k, l, ${at} from unnest(${keys.map((k) => k.key)}::text[], ${keys.map((k) => k.licenseId)}::text[]) as u(k, l)`
      : sql`select ${tenantId}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ${at} from json_each(${JSON.stringify(keys.map((k) => [k.key, k.licenseId]))})`;
  await db.insertInto('hit_keys').columns(['tenant_id', 'key', 'license_id', 'at']).expression(rows).execute();
}

export async function hitDays(db: Db, licenseId: string, from: string, to: string): Promise<{ day: string; hits: number }[]> {
  const rows = await db.selectFrom('hit_days').select(['day', 'hits']).where('license_id', '=', licenseId).where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
  return rows.map((r) => ({ day: r.day, hits: Number(r.hits) }));
}

export async function hitYears(db: Db, licenseId: string): Promise<{ year: number; hits: number }[]> {
  const rows = await db.selectFrom('hit_years').select(['year', 'hits']).where('license_id', '=', licenseId).orderBy('year').execute();
  return rows.map((r) => ({ year: Number(r.year), hits: Number(r.hits) }));
}
