import { describe, expect, it } from 'vitest';
import type { License, Tenant } from '@allot/core';
import { deleteTenant, knownHitKeys, recordHits, type Store } from '@allot/storage';
import { sql } from 'kysely';
import { dialects, suiteDatabase, type TestDatabase } from '../../../test-support/databases.js';
import { storedLicense, storedTenantWithUser } from '../../../test-support/storage-fixtures.js';

const at = '2026-03-02T10:00:00.000Z';
const period = { day: '2026-03-02', year: 2026 };

/**
 * A tenant's hit keys reference nothing (the database would check each key written), so deleting
 * the tenant deletes them itself: none may be left behind, not even by batches counted while the
 * tenant is deleted, and the deletion may neither fail nor deadlock on them.
 */
describe.each(dialects)('deleting a tenant on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;

  const tenantWithHits = async (name: string): Promise<{ tenant: Tenant; license: License }> => {
    const { tenant } = await storedTenantWithUser(store, name, at);
    const license = await storedLicense(store, tenant.id, at, { code: 'hits', product: 'fm', quantity: 1_000_000, model: 'hits' });
    return { tenant, license };
  };
  /** A batch counted as the service counts it: under the tenant's licensing lock. */
  const record = (tenant: Tenant, license: License, keys: string[]) =>
    store.db.transaction().execute(async (trx) => {
      await store.lockTenant(trx, tenant.id);
      await recordHits(trx, tenant.id, [{ licenseId: license.id, hits: keys.length, most: license.quantity, keys }], period, at);
    });
  /** Keys of no tenant: a deleted tenant's number goes with it, so any key it left behind is one. */
  const keysLeftBehind = async () => {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from hit_keys where tenant not in (select number from tenant_numbers)`.execute(store.db);
    return Number(rows[0]?.n);
  };

  suiteDatabase(dialect, (opened, made) => ((store = opened), (database = made)));

  it("deletes the tenant's hit keys and leaves another tenant's", async () => {
    const gone = await tenantWithHits('Gone');
    const kept = await tenantWithHits('Kept');
    await record(gone.tenant, gone.license, ['k1', 'k2']);
    await record(kept.tenant, kept.license, ['k1', 'k3']);
    expect(await store.db.transaction().execute((trx) => deleteTenant(trx, gone.tenant.id))).toBe(true);
    expect(await keysLeftBehind()).toBe(0);
    expect([...(await knownHitKeys(store.db, kept.tenant.id, ['k1', 'k2', 'k3']))].sort()).toEqual(['k1', 'k3']);
    expect(await store.db.transaction().execute((trx) => deleteTenant(trx, gone.tenant.id))).toBe(false);
  });

  it('waits for a batch holding the tenant\'s licensing lock, then deletes what it counted', async () => {
    const { tenant, license } = await tenantWithHits('Waiting');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    const batch = store.db.transaction().execute(async (trx) => {
      await store.lockTenant(trx, tenant.id);
      // SQLite's transaction holds the one write lock from its first statement.
      await sql`select 1`.execute(trx);
      locked();
      await gate;
      await recordHits(trx, tenant.id, [{ licenseId: license.id, hits: 2, most: license.quantity, keys: ['w1', 'w2'] }], period, at);
    });
    await lockHeld;
    let deletedYet = false;
    const deleted = store.db
      .transaction()
      .execute((trx) => deleteTenant(trx, tenant.id))
      .then((answer) => ((deletedYet = true), answer));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(deletedYet).toBe(false);
    release();
    await batch;
    expect(await deleted).toBe(true);
    expect(await keysLeftBehind()).toBe(0);
  });

  it('leaves no key behind of the batches counted while the tenant is deleted', async () => {
    for (let round = 0; round < 4; round++) {
      const { tenant, license } = await tenantWithHits(`Racing ${round}`);
      await record(tenant, license, [`r${round}-seed`]);
      const batches = Array.from({ length: 24 }, (_, b) =>
        record(
          tenant,
          license,
          Array.from({ length: 50 }, (_, k) => `r${round}-${b}-${k}`),
        ).then(
          () => 'counted',
          () => 'failed',
        ),
      );
      const deleted = new Promise((resolve) => setTimeout(resolve, round * 3)).then(() => store.db.transaction().execute((trx) => deleteTenant(trx, tenant.id)));
      await Promise.all([...batches, deleted]);
      expect(await deleted).toBe(true);
      expect(await keysLeftBehind()).toBe(0);
    }
  });
});
