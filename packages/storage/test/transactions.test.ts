import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@allot/core';
import { findTenant, insertTenant, insertUser, newId, readTogether, writeAtCommit, type Db, type Store } from '@allot/storage';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test-support/databases.js';

const at = '2026-03-02T10:00:00.000Z';
const tenantOf = (id: string): Tenant => ({ id, name: id, customerCode: id, timeZone: 'UTC', mode: 'sandbox', status: 'licensed', clock: at, createdAt: at, updatedAt: at });

/**
 * The drivers behind every transaction: SQLite commits transactions in groups (one sync to disk
 * each group), PostgreSQL pipelines statements and frees the licensing lock before the sync. Each
 * must still answer a commit only once it is durable and visible to every other connection, undo a
 * failed transaction alone, and let reads under the licensing lock see what was committed while
 * they waited for it.
 */
describe.each(dialects)('transactions on %s', (dialect) => {
  let dir: string;
  let database: TestDatabase;
  let store: Store;
  /** Another connection to the same database: what any other reader sees. */
  let observer: Store;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'allot-transactions-'));
    database = await createTestDatabase(dialect, { sqlitePath: join(dir, 'allot.sqlite') });
    store = database.open();
    observer = database.open();
  });
  afterAll(async () => {
    await store.close();
    await observer.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const seenByObserver = async (id: string) => (await findTenant(observer.db, id)) !== null;

  it('answers each commit only once another connection sees it, for transactions running together', async () => {
    const ids = Array.from({ length: 20 }, () => newId('ten'));
    const seenAtCommit = await Promise.all(
      ids.map((id) =>
        store.db
          .transaction()
          .execute((trx) => insertTenant(trx, tenantOf(id)))
          .then(() => seenByObserver(id)),
      ),
    );
    expect(seenAtCommit).toEqual(ids.map(() => true));
  });

  it('answers a write outside a transaction once another connection sees it', async () => {
    const id = newId('ten');
    await insertTenant(store.db, tenantOf(id));
    expect(await seenByObserver(id)).toBe(true);
  });

  it('undoes a failed transaction alone; the ones running with it commit', async () => {
    const [a, b, c] = [newId('ten'), newId('ten'), newId('ten')];
    const outcomes = await Promise.allSettled([
      store.db.transaction().execute((trx) => insertTenant(trx, tenantOf(a))),
      store.db.transaction().execute(async (trx) => {
        await insertTenant(trx, tenantOf(b));
        throw new Error('refused');
      }),
      store.db.transaction().execute((trx) => insertTenant(trx, tenantOf(c))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([await seenByObserver(a), await seenByObserver(b), await seenByObserver(c)]).toEqual([true, false, true]);
  });

  it('fails the commit, and undoes the transaction, when a write sent with the commit fails', async () => {
    const id = newId('ten');
    const taken = newId('ten');
    await insertTenant(store.db, tenantOf(taken));
    const duplicate = (trx: Db) => trx.insertInto('tenants').values({ id: taken, name: 'x', customer_code: newId('c'), time_zone: 'UTC', mode: 'sandbox', status: 'licensed', clock: at, created_at: at, updated_at: at }).compile();
    await expect(
      store.db.transaction().execute(async (trx) => {
        await insertTenant(trx, tenantOf(id));
        await writeAtCommit(trx, duplicate(trx));
      }),
    ).rejects.toThrow();
    expect(await seenByObserver(id)).toBe(false);
  });

  it('reads, under the licensing lock, what its holder committed while they waited', async () => {
    const tenantId = newId('ten');
    await insertTenant(store.db, tenantOf(tenantId));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // The holder takes the lock, changes what the tenant's cached lookups read, and commits when told.
    const holder = store.db.transaction().execute(async (trx) => {
      await store.lockTenant(trx, tenantId);
      await insertUser(trx, { id: newId('usr'), tenantId, email: 'u@x.io', name: 'U', roles: ['member'], certifiedProfessional: false, hasPassword: false, createdAt: at, updatedAt: at }, null);
      locked();
      await held;
    });
    await lockTaken;
    // PostgreSQL: another node waits for the lock. SQLite: its one writer runs the waiter after the holder.
    const waiterStore = dialect === 'postgres' ? observer : store;
    const waiter = waiterStore.db.transaction().execute(async (trx) => {
      const [generations] = await readTogether(trx, [waiterStore.lockedGenerations(trx, tenantId, [tenantId])] as const);
      return generations[0];
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await holder;
    await observer.refreshGenerations([tenantId]);
    const afterHolder = dialect === 'postgres' ? observer.generation(tenantId) : store.generation(tenantId);
    expect(afterHolder).toBeGreaterThanOrEqual(0);
    expect(await waiter).toBe(afterHolder);
  });

  if (dialect === 'sqlite') it('commits the transactions that arrive together as one: the first to answer finds all of them on disk', async () => {
    const ids = Array.from({ length: 10 }, () => newId('ten'));
    const commits = ids.map((id) => store.db.transaction().execute((trx) => insertTenant(trx, tenantOf(id))));
    await Promise.race(commits);
    const seen = await Promise.all(ids.map(seenByObserver));
    expect(seen).toEqual(ids.map(() => true));
    await Promise.all(commits);
  });
});
