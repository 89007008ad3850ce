import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { findProductByCode, findSolutionByCode, isKnownHitKey, isUniqueViolation, knownHitKeys, licensesCoveringModule, migrateToLatest, resolveModuleRefs } from '@allot/storage';
import { migrations } from '../src/migrations/index.js';
import { createTestDatabase, dialects } from '../../../test-support/databases.js';

const codesIgnoringCase = '2026-11-30T19-00-00_codes-ignoring-case';

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

  it('keeps existing lower-case codes working when codes become unique ignoring case, and renames a clash instead of losing it', async () => {
    const database = await createTestDatabase(dialect, { migrate: false });
    const store = database.open();
    try {
      const names = Object.keys(migrations).sort();
      const before = names[names.indexOf(codesIgnoringCase) - 1] ?? '';
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(before)).error).toBeUndefined();

      // Data as the API left it before: lower-case codes only. Two licenses whose codes differ only
      // in case could have come from a license file written elsewhere.
      const db = store.db as unknown as Kysely<any>;
      const at = '2026-01-01T00:00:00.000Z';
      await db.insertInto('tenants').values({ id: 'ten_1', name: 'T', customer_code: 'T1', time_zone: 'UTC', mode: 'live', status: 'licensed', created_at: at, updated_at: at }).execute();
      await db.insertInto('products').values({ id: 'prd_1', code: 'crm', name: 'CRM', created_at: at, updated_at: at }).execute();
      await db.insertInto('modules').values({ id: 'mod_1', product_id: 'prd_1', code: 'leads', name: 'Leads', created_at: at }).execute();
      await db.insertInto('solutions').values({ id: 'sol_1', code: 'suite', name: 'Suite', created_at: at, updated_at: at }).execute();
      await db.insertInto('solution_modules').values({ solution_id: 'sol_1', module_id: 'mod_1' }).execute();
      const license = (id: string, code: string, createdAt: string) => ({ id, tenant_id: 'ten_1', code, name: code, model: 'named', product: 'crm', modules: '["leads"]', quantity: 5, valid_from: at, source: 'license_file', created_at: createdAt, updated_at: createdAt });
      await db.insertInto('licenses').values([license('lic_1', 'crm-n', at), license('lic_2', 'dup', at), license('lic_3', 'DUP', '2026-01-02T00:00:00.000Z'), license('lic_4', 'dup-2', at)]).execute();

      const applied = await migrateToLatest(store.db);
      expect(applied.error).toBeUndefined();
      expect(applied.applied).toContain(codesIgnoringCase);

      // Found in any case, answered in the stored spelling.
      expect((await findProductByCode(store.db, 'CRM'))?.code).toBe('crm');
      expect((await findSolutionByCode(store.db, 'Suite'))?.code).toBe('suite');
      expect(await resolveModuleRefs(store.db, ['CRM:Leads', 'crm:leads', 'crm:nothing'])).toEqual(
        new Map([
          ['CRM:Leads', { id: 'mod_1', ref: 'crm:leads' }],
          ['crm:leads', { id: 'mod_1', ref: 'crm:leads' }],
        ]),
      );
      const covering = await licensesCoveringModule(store.db, 'ten_1', 'crm', 'leads');
      expect(covering.map((l) => l.code).sort()).toEqual(['DUP-3', 'crm-n', 'dup', 'dup-2']);
      // The clash is kept: the older keeps its code, the later gets the first free suffix.
      const codes = await db.selectFrom('licenses').select(['id', 'code']).orderBy('id').execute();
      expect(codes).toEqual([
        { id: 'lic_1', code: 'crm-n' },
        { id: 'lic_2', code: 'dup' },
        { id: 'lic_3', code: 'DUP-3' },
        { id: 'lic_4', code: 'dup-2' },
      ]);

      // From now on the database refuses codes that differ only in case.
      const refused = async (write: Promise<unknown>) => {
        const error = await write.then(() => null, (e: unknown) => e);
        expect(isUniqueViolation(error)).toBe(true);
      };
      await refused(db.insertInto('products').values({ id: 'prd_2', code: 'CRM', name: 'CRM', created_at: at, updated_at: at }).execute());
      await refused(db.insertInto('modules').values({ id: 'mod_2', product_id: 'prd_1', code: 'LEADS', name: 'Leads', created_at: at }).execute());
      await refused(db.insertInto('solutions').values({ id: 'sol_2', code: 'SUITE', name: 'Suite', created_at: at, updated_at: at }).execute());
      await refused(db.insertInto('licenses').values(license('lic_5', 'CRM-N', at)).execute());
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

  it('renames signing_keys.private_pem to sealed_private_key, keeping every key as stored, and back down', async () => {
    const database = await createTestDatabase(dialect, { migrate: false });
    const store = database.open();
    try {
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('2026-11-30T20-40-00_webhooks')).error).toBeUndefined();
      const row = { id: 'key-1', purpose: 'vendor', public_pem: 'public', created_at: '2026-01-01T00:00:00.000Z', retired_at: null };
      await (store.db as unknown as Kysely<any>).insertInto('signing_keys').values({ ...row, private_pem: 'sealed:AQ==' }).execute();
      expect((await migrateToLatest(store.db)).error).toBeUndefined();
      expect(await store.db.selectFrom('signing_keys').selectAll().execute()).toEqual([{ ...row, sealed_private_key: 'sealed:AQ==' }]);
      expect((await migrator.migrateTo('2026-11-30T20-40-00_webhooks')).error).toBeUndefined();
      expect(await (store.db as unknown as Kysely<any>).selectFrom('signing_keys').selectAll().execute()).toEqual([{ ...row, private_pem: 'sealed:AQ==' }]);
    } finally {
      await store.close();
      await database.drop();
    }
  });

  it('keeps every counted hit key when keys are stored by tenant number and batch, and back down', async () => {
    const database = await createTestDatabase(dialect, { migrate: false });
    const store = database.open();
    try {
      const db = store.db as unknown as Kysely<any>;
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      const before = '2026-12-03T13-00-00_hit-keys-unreferenced';
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const [a, b] = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'];
      for (const id of ['ten_1', 'ten_2', 'ten_3']) await db.insertInto('tenants').values({ id, name: id, customer_code: id, time_zone: 'UTC', mode: 'live', status: 'licensed', created_at: a, updated_at: a }).execute();
      const keys = [
        { tenant_id: 'ten_1', key: 'k1', license_id: 'lic_1', at: a },
        { tenant_id: 'ten_1', key: 'k2', license_id: 'lic_1', at: a },
        { tenant_id: 'ten_1', key: 'k3', license_id: 'lic_1', at: b },
        { tenant_id: 'ten_1', key: 'k4', license_id: 'lic_2', at: b },
        { tenant_id: 'ten_2', key: 'k1', license_id: 'lic_3', at: a },
      ];
      // A key of a tenant deleted before its keys went with it belongs to nobody: it is not carried over.
      await db.insertInto('hit_keys').values([...keys, { tenant_id: 'ten_gone', key: 'k9', license_id: 'lic_9', at: a }]).execute();

      expect((await migrateToLatest(store.db)).error).toBeUndefined();
      expect([...(await knownHitKeys(store.db, 'ten_1', ['k1', 'k2', 'k3', 'k4', 'k5']))].sort()).toEqual(['k1', 'k2', 'k3', 'k4']);
      expect([...(await knownHitKeys(store.db, 'ten_2', ['k1', 'k2']))]).toEqual(['k1']);
      expect([...(await knownHitKeys(store.db, 'ten_3', ['k1']))]).toEqual([]);
      // One batch per tenant, license and time: the three of tenant 1 and the one of tenant 2.
      const batches = await store.db.selectFrom('hit_batches').select(['tenant_id', 'license_id', 'at']).orderBy('tenant_id').orderBy('license_id').orderBy('at').execute();
      expect(batches).toEqual([
        { tenant_id: 'ten_1', license_id: 'lic_1', at: a },
        { tenant_id: 'ten_1', license_id: 'lic_1', at: b },
        { tenant_id: 'ten_1', license_id: 'lic_2', at: b },
        { tenant_id: 'ten_2', license_id: 'lic_3', at: a },
      ]);
      const numbered = await store.db.selectFrom('tenant_numbers').select('tenant_id').orderBy('number').execute();
      expect(numbered).toEqual([{ tenant_id: 'ten_1' }, { tenant_id: 'ten_2' }]);
      // The database still refuses a key its tenant counted before.
      const [first] = await store.db.selectFrom('hit_keys').select(['tenant', 'batch']).where('key', '=', 'k1').orderBy('tenant').execute();
      const again = await store.db.insertInto('hit_keys').values({ tenant: first?.tenant as number, key: 'k1', batch: first?.batch as number }).execute().then(() => null, (e: unknown) => e);
      expect(isKnownHitKey(again)).toBe(true);

      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const restored = await db.selectFrom('hit_keys').select(['tenant_id', 'key', 'license_id', 'at']).orderBy('tenant_id').orderBy('key').execute();
      expect(restored).toEqual(keys);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
