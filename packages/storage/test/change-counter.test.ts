import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEvent, insertTenant, newId, updateTenant, type Store } from '@allot/storage';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.js';

describe('write counter of a SQLite store', () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    store = database.open();
  });
  afterAll(() => store.close());

  const at = '2024-01-01T00:00:00.000Z';
  const tenant = () => ({ id: newId('ten'), name: 'T', customerCode: newId('c'), timeZone: 'UTC', mode: 'live' as const, status: 'licensed' as const, clock: null, createdAt: at, updatedAt: at });

  it('marks the store cacheable and moves on every write to a table lookups read', async () => {
    expect(store.cacheable).toBe(true);
    const before = store.generation();
    const t = tenant();
    await insertTenant(store.db, t);
    const afterInsert = store.generation();
    expect(afterInsert).toBeGreaterThan(before);
    await updateTenant(store.db, t.id, { name: 'U' }, at);
    expect(store.generation()).toBeGreaterThan(afterInsert);
    await store.db.transaction().execute(async (trx) => updateTenant(trx, t.id, { name: 'V' }, at));
    expect(store.generation()).toBeGreaterThan(afterInsert + 2);
  });

  it('stays put for reads and for log tables', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    const before = store.generation();
    await store.db.selectFrom('tenants').selectAll().execute();
    await insertAuditEvent(store.db, { id: newId('aud'), tenantId: t.id, actor: 'a', action: 'x', targetType: 't', targetId: t.id, before: null, after: null, at, requestId: null }, at);
    expect(store.generation()).toBe(before);
  });
});

describe('PostgreSQL store', () => {
  it('is not cacheable: other nodes write too', async () => {
    const { openStore } = await import('@allot/storage');
    const store = openStore({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' });
    expect(store.cacheable).toBe(false);
    await store.close();
  });
});
