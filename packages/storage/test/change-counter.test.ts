import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEvent, insertTenant, newId, noTenantScope, updateTenant, type Store } from '@allot/storage';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test-support/databases.js';
import { uncachedTables } from '../src/change-counter.js';

const at = '2024-01-01T00:00:00.000Z';
const tenant = () => ({ id: newId('ten'), name: 'T', customerCode: newId('c'), timeZone: 'UTC', mode: 'live' as const, status: 'licensed' as const, clock: null, createdAt: at, updatedAt: at });

describe('write counter of a SQLite store', () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    store = database.open();
  });
  afterAll(() => store.close());

  it('marks the store cacheable and moves on every write to a table lookups read', async () => {
    expect(store.cacheableThrough(store.db)).toBe(true);
    const before = store.generation(noTenantScope);
    const t = tenant();
    await insertTenant(store.db, t);
    const afterInsert = store.generation(t.id);
    expect(afterInsert).toBeGreaterThan(before);
    await updateTenant(store.db, t.id, { name: 'U' }, at);
    expect(store.generation(t.id)).toBeGreaterThan(afterInsert);
    await store.db.transaction().execute(async (trx) => {
      expect(store.cacheableThrough(trx)).toBe(true);
      await updateTenant(trx, t.id, { name: 'V' }, at);
    });
    // One count for every scope: this process sees every write.
    expect(store.generation(noTenantScope)).toBeGreaterThan(afterInsert + 2);
  });

  it('stays put for reads and for log tables', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    const before = store.generation(t.id);
    await store.db.selectFrom('tenants').selectAll().execute();
    await insertAuditEvent(store.db, { id: newId('aud'), tenantId: t.id, actor: 'a', action: 'x', targetType: 't', targetId: t.id, before: null, after: null, at, requestId: null }, at);
    expect(store.generation(t.id)).toBe(before);
  });
});

describe.each(dialects.filter((d) => d === 'postgres'))('generations of a %s store', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let other: Store;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = database.open();
    // Another node on the same database: it learns of writes only by reading the generations.
    other = database.open();
  });
  afterAll(async () => {
    await store.close();
    await other.close();
    await database.drop();
  });

  const group = (tenantId: string) => ({ id: newId('grp'), tenant_id: tenantId, name: newId('g'), created_at: at, updated_at: at });
  /** The generations another node reads now. */
  const read = async (...scopes: string[]) => {
    await other.refreshGenerations(scopes);
    return scopes.map((scope) => other.generation(scope));
  };

  it('caches outside transactions only, and knows no generation before reading it', async () => {
    expect(store.cacheableThrough(store.db)).toBe(true);
    await store.db.transaction().execute(async (trx) => expect(store.cacheableThrough(trx)).toBe(false));
    expect(store.generation(newId('ten'))).toBe(-1);
    // A made-up tenant id stays unknown once read: it is neither cached nor remembered.
    const madeUp = newId('ten');
    const [none] = await read(madeUp, noTenantScope);
    expect(none).toBe(-1);
    expect(other.generation(noTenantScope)).toBeGreaterThanOrEqual(0);
  });

  it("moves a tenant's generation with each write to its rows, committed, and no other", async () => {
    const [a, b] = [tenant(), tenant()];
    await insertTenant(store.db, a);
    await insertTenant(store.db, b);
    const [a0, b0, none0] = await read(a.id, b.id, noTenantScope);
    await updateTenant(store.db, a.id, { name: 'A' }, at);
    const [a1, b1] = await read(a.id, b.id);
    expect(a1).toBeGreaterThan(a0 as number);
    expect(b1).toBe(b0);
    // Many rows of two tenants in one statement: each tenant moves once.
    await store.db.insertInto('groups').values([group(a.id), group(a.id), group(b.id)]).execute();
    const [a2, b2, none2] = await read(a.id, b.id, noTenantScope);
    expect([a2, b2, none2]).toEqual([(a1 as number) + 1, (b1 as number) + 1, none0]);
    // A statement that changes no row, and a transaction rolled back, move nothing.
    await store.db.deleteFrom('groups').where('tenant_id', '=', a.id).where('name', '=', 'none').execute();
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx.updateTable('groups').set({ updated_at: '2024-02-01T00:00:00.000Z' }).where('tenant_id', '=', a.id).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await read(a.id, b.id, noTenantScope)).toEqual([a2, b2, none2]);
    await store.db.deleteFrom('groups').where('tenant_id', '=', b.id).execute();
    expect(await read(a.id, b.id)).toEqual([a2, (b2 as number) + 1]);
  });

  it('moves the no-tenant generation with the catalog', async () => {
    const [before] = await read(noTenantScope);
    await store.db.insertInto('products').values({ id: newId('prd'), code: newId('p'), name: 'P', created_at: at, updated_at: at }).execute();
    expect(await read(noTenantScope)).toEqual([(before as number) + 1]);
  });

  it('has the generation triggers on every table the write counter counts', async () => {
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(store.db);
    const triggers = await sql<{ table: string; name: string }>`select c.relname as table, t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal`.execute(store.db);
    const counted = tables.rows.map((r) => r.name).filter((name) => !uncachedTables.has(name) && name !== 'cache_generations');
    expect(counted.length).toBeGreaterThan(15);
    for (const table of counted) expect(triggers.rows.filter((t) => t.table === table && t.name.startsWith(`${table}_generation`)).length, table).toBeGreaterThan(0);
  });
});
