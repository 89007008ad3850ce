import { beforeAll, describe, expect, it } from 'vitest';
import type { License, Tenant } from '@allot/core';
import { hitDays, hitsOfYear, isKnownHitKey, knownHitKeys, recordHitsIfUnchanged, type CountedHits, type SeenGenerations, type Store } from '@allot/storage';
import { sql } from 'kysely';
import { dialects, suiteDatabase } from '../../../test-support/databases.js';
import { storedLicense, storedTenantWithUser } from '../../../test-support/storage-fixtures.js';

const at = '2026-03-02T10:00:00.000Z';
const period = { day: '2026-03-02', year: 2026 };

/**
 * The hit batch that PostgreSQL records in one round trip (`recordHitsIfUnchanged`): begin, the
 * tenant's licensing lock, the generations checked, the year, day and keys written and commit, sent
 * at once. A moved generation or a year past its bound must keep the whole batch out; the service
 * then decides it again under the lock. The pipeline, and the generations, exist on PostgreSQL only.
 */
describe.each(dialects.filter((d) => d === 'postgres'))('guarded hit batch on %s', (dialect) => {
  let store: Store;
  let tenant: Tenant;
  let counter = 0;

  const hitsLicense = (quantity: number): Promise<License> => {
    counter += 1;
    return storedLicense(store, tenant.id, at, { code: `hits${counter}`, name: 'H', product: 'fm', quantity, model: 'hits' });
  };
  const seen = async (): Promise<SeenGenerations> => {
    const { rows } = await sql<{ scope: string; generation: number }>`select scope, generation::float8 as generation from cache_generations where scope in (${tenant.id}, '')`.execute(store.db);
    return { scopes: rows.map((r) => r.scope), generations: rows.map((r) => r.generation) };
  };
  const counted = (license: License, hits: number, keys: string[], most: number | null = license.quantity): CountedHits[] => [{ licenseId: license.id, hits, most, keys }];
  const year = async (license: License) => (await hitsOfYear(store.db, [license.id], period.year)).get(license.id) ?? 0;
  const days = async (license: License) => (await hitDays(store.db, license.id, period.day, period.day)).map((d) => d.hits);

  suiteDatabase(dialect, (opened) => (store = opened));
  beforeAll(async () => {
    ({ tenant } = await storedTenantWithUser(store, 'Guarded hits', at));
  });

  it('records the year, the day and the keys while the year stays within its bound, to the last hit', async () => {
    const license = await hitsLicense(10);
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 6, ['a1', 'a2']), period, at, await seen())).toBe(true);
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 5, ['a3']), period, at, await seen())).toBe(false);
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 4, ['a3']), period, at, await seen())).toBe(true);
    expect(await year(license)).toBe(10);
    expect(await days(license)).toEqual([10]);
    expect([...(await knownHitKeys(store.db, tenant.id, ['a1', 'a2', 'a3']))].sort()).toEqual(['a1', 'a2', 'a3']);
  });

  it('keeps the batch out, year, day and keys alike, when a bound below the quota would be passed', async () => {
    const license = await hitsLicense(100);
    // A threshold of 80 hits: the year may hold at most 79 while the threshold stays off.
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 70, [], 79), period, at, await seen())).toBe(true);
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 10, ['b1'], 79), period, at, await seen())).toBe(false);
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 80, ['b1'], 79), period, at, await seen())).toBe(false);
    expect(await year(license)).toBe(70);
    expect(await days(license)).toEqual([70]);
    expect((await knownHitKeys(store.db, tenant.id, ['b1'])).size).toBe(0);
  });

  it('keeps the batch out when a lookup generation moved since the decision, or is unknown', async () => {
    const license = await hitsLicense(10);
    const current = await seen();
    const stale = { scopes: current.scopes, generations: current.generations.map((g, i) => (current.scopes[i] === tenant.id ? g - 1 : g)) };
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 1, ['c1']), period, at, stale)).toBe(false);
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 1, ['c1']), period, at, { scopes: [...current.scopes, 'ten_nobody'], generations: [...current.generations, 0] })).toBe(false);
    expect(await year(license)).toBe(0);
    expect((await knownHitKeys(store.db, tenant.id, ['c1'])).size).toBe(0);
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 1, ['c1']), period, at, current)).toBe(true);
    expect(await year(license)).toBe(1);
  });

  it('fails on a key counted before, storing nothing, and leaves the connections usable', async () => {
    const license = await hitsLicense(1000);
    expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 2, ['d1', 'd2']), period, at, await seen())).toBe(true);
    const known = await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 2, ['d3', 'd2']), period, at, await seen()).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isKnownHitKey(known)).toBe(true);
    expect(await year(license)).toBe(2);
    expect((await knownHitKeys(store.db, tenant.id, ['d3'])).size).toBe(0);
    for (let i = 0; i < 12; i += 1) expect(await recordHitsIfUnchanged(store.db, tenant.id, counted(license, 1, [`e${i}`]), period, at, await seen())).toBe(true);
    expect(await year(license)).toBe(14);
  });
});
