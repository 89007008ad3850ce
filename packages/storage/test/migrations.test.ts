import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '@allot/storage';
import { migrations } from '../src/migrations/index.js';
import { createTestDatabase, dialects } from '../../../test-support/databases.js';

describe.each(dialects)('migrations on %s', (dialect) => {
  it('apply whole or not at all', async () => {
    const database = await createTestDatabase(dialect, { migrate: false });
    const store = database.open();
    try {
      const failing = new Migrator({
        db: store.db,
        provider: {
          getMigrations: async () => ({
            '0001_half': {
              up: async (db) => {
                await db.schema.createTable('half_done').addColumn('id', 'text', (c) => c.primaryKey()).execute();
                await db.insertInto('half_done' as never).values({ id: 'x' } as never).execute();
                throw new Error('the second step fails');
              },
            },
          }),
        },
      });
      const outcome = await failing.migrateToLatest();
      expect(String(outcome.error)).toContain('the second step fails');
      const tables = (await store.db.introspection.getTables()).map((t) => t.name);
      expect(tables).not.toContain('half_done');

      const applied = await migrateToLatest(store.db);
      expect(applied.error).toBeUndefined();
      expect(applied.applied.length).toBeGreaterThan(5);
      expect((await store.db.introspection.getTables()).map((t) => t.name)).toContain('sessions');
    } finally {
      await store.close();
      await database.drop();
    }
  });

  it('names who registered a license key registered before keys kept it, from its audit event', async () => {
    const database = await createTestDatabase(dialect, { migrate: false });
    const store = database.open();
    try {
      const before = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      expect((await before.migrateTo('2026-11-22T19-00-00_live-session-counts')).error).toBeUndefined();
      const key = { category: 'switch', term_days: 365, count: 1, issued_at: '2024-01-01T00:00:00.000Z', tenant_id: null };
      await store.db.insertInto('license_keys').values([
        { ...key, id: 'lky_01hx0000000001', key: 'AAAAA-1', registered_at: '2024-02-01T00:00:00.000Z' },
        { ...key, id: 'lky_01hx0000000002', key: 'AAAAA-2', registered_at: null },
      ]).execute();
      await store.db
        .insertInto('audit_events')
        .values({ id: 'aud_01hx0000000001', tenant_id: null, actor: 'user:usr_01hx0000000001', action: 'license_key.registered', target_type: 'license_key', target_id: 'lky_01hx0000000001', before: null, after: null, at: '2024-02-01T00:00:00.000Z', recorded_at: '2024-02-01T00:00:00.000Z', request_id: null })
        .execute();
      expect((await migrateToLatest(store.db)).error).toBeUndefined();
      const rows = await store.db.selectFrom('license_keys').select(['id', 'registered_by']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'lky_01hx0000000001', registered_by: 'user:usr_01hx0000000001' },
        { id: 'lky_01hx0000000002', registered_by: null },
      ]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
