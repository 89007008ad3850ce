import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '@allot/storage';
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
});
