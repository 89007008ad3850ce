import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKnownInstallationCustomer,
  insertFirstSigningKey,
  insertInstallation,
  insertSigningKey,
  insertUsageReportOnce,
  installationId,
  isKnownInstallationCustomer,
  isUniqueViolation,
  knownInstallationsWithKey,
  learnInstallationKey,
  migrateToLatest,
  newId,
  retireSigningKeys,
  signingKeys,
  type Store,
} from '@allot/storage';
import { migrations } from '../src/migrations/index.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test-support/databases.js';

const at = '2026-01-15T09:00:00.000Z';
const key = (id: string, purpose: 'vendor' | 'installation' = 'vendor') => ({ id, purpose, publicPem: `pub ${id}`, sealedPrivateKey: `priv ${id}`, createdAt: at, retiredAt: null });
const report = (digest: string) => ({ id: newId('urp'), installationId: 'ins_a', customerCode: 'ACME', from: at, to: at, keyId: 'k1', content: `{"d":"${digest}"}`, digest, receivedAt: at });

describe.each(dialects)('installation identity and trust in storage on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let other: Store;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = database.open();
    other = database.open();
  });
  afterAll(async () => {
    if (other !== store) await other.close();
    await store.close();
    await database.drop();
  });

  it('keeps one current signing key per purpose, whoever inserts at once', async () => {
    const added = await Promise.all([insertFirstSigningKey(store.db, key('v1')), insertFirstSigningKey(other.db, key('v2')), insertFirstSigningKey(store.db, key('i1', 'installation'))]);
    expect(added.filter(Boolean)).toHaveLength(2);
    expect((await signingKeys(store.db, 'vendor')).filter((k) => k.retiredAt === null)).toHaveLength(1);
    let refused: unknown = null;
    await insertSigningKey(store.db, key('v3')).catch((error: unknown) => (refused = error));
    expect(isUniqueViolation(refused)).toBe(true);
    await retireSigningKeys(store.db, 'vendor', at);
    await insertSigningKey(store.db, key('v4'));
    expect((await signingKeys(store.db, 'vendor')).map((k) => [k.id, k.retiredAt === null])[0]).toEqual(['v4', true]);
  });

  it('keeps one installation row: the first id recorded stays', async () => {
    await Promise.all([insertInstallation(store.db, 'ins_first', at), insertInstallation(other.db, 'ins_second', at)]);
    const id = await installationId(store.db);
    await insertInstallation(store.db, 'ins_third', at);
    expect(await installationId(store.db)).toBe(id);
    expect(await store.db.selectFrom('installation').select('id').execute()).toHaveLength(1);
  });

  it('stores a usage report once, answering the stored one for a repeat', async () => {
    const first = await insertUsageReportOnce(store.db, report('d1'));
    const again = await insertUsageReportOnce(other.db, report('d1'));
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, report: { id: first.report.id } });
    expect((await insertUsageReportOnce(store.db, report('d2'))).duplicate).toBe(false);
  });

  it('learns one key per installation and the customers it may report for', async () => {
    const learned = await learnInstallationKey(store.db, { installationId: 'ins_a', keyId: 'k1', publicPem: 'pem 1', learnedAt: at });
    const second = await learnInstallationKey(other.db, { installationId: 'ins_a', keyId: 'k2', publicPem: 'pem 2', learnedAt: at });
    expect([learned.keyId, second.keyId]).toEqual(['k1', 'k1']);
    expect((await knownInstallationsWithKey(store.db, 'k1')).map((k) => k.installationId)).toEqual(['ins_a']);
    expect(await knownInstallationsWithKey(store.db, 'k2')).toEqual([]);
    await addKnownInstallationCustomer(store.db, { installationId: 'ins_a', customerCode: 'ACME', learnedFrom: 'license_request', learnedAt: at });
    await addKnownInstallationCustomer(store.db, { installationId: 'ins_a', customerCode: 'ACME', learnedFrom: 'license_file', learnedAt: at });
    expect(await isKnownInstallationCustomer(store.db, 'ins_a', 'ACME')).toBe(true);
    expect(await isKnownInstallationCustomer(store.db, 'ins_a', 'OTHER')).toBe(false);
  });
});

describe.each(dialects)('the installation-trust migration on %s', (dialect) => {
  it('keeps existing data and settles the duplicates the guards now forbid', async () => {
    const database = await createTestDatabase(dialect, { migrate: false });
    const store = database.open();
    try {
      const before = new Migrator({ db: store.db as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } });
      expect((await before.migrateTo('2026-11-22T19-00-00_live-session-counts')).error).toBeUndefined();
      const db = store.db as unknown as Kysely<any>;
      const keyRow = (id: string, purpose: string, createdAt: string) => ({ id, purpose, public_pem: id, private_pem: id, created_at: createdAt, retired_at: null });
      await db.insertInto('signing_keys').values([keyRow('old', 'vendor', '2026-01-01T00:00:00.000Z'), keyRow('new', 'vendor', '2026-01-02T00:00:00.000Z'), keyRow('inst', 'installation', at)]).execute();
      await db.insertInto('installation').values([{ id: 'ins_early', created_at: '2026-01-01T00:00:00.000Z' }, { id: 'ins_late', created_at: '2026-01-02T00:00:00.000Z' }]).execute();
      const stored = (id: string, content: string) => ({ id, installation_id: 'ins_a', customer_code: 'ACME', period_from: at, period_to: at, content, received_at: at });
      await db.insertInto('usage_reports').values([stored('urp_1', '{"a":1}'), stored('urp_2', '{"a":1}'), stored('urp_3', '{"a":2}')]).execute();

      expect((await migrateToLatest(store.db)).error).toBeUndefined();
      expect((await signingKeys(store.db, 'vendor')).map((k) => [k.id, k.retiredAt === null])).toEqual([['new', true], ['old', false]]);
      expect((await signingKeys(store.db, 'installation')).map((k) => k.id)).toEqual(['inst']);
      expect(await installationId(store.db)).toBe('ins_early');
      const reports = await store.db.selectFrom('usage_reports').select(['id', 'digest']).orderBy('id').execute();
      expect(reports.map((r) => [r.id, r.digest === null])).toEqual([['urp_1', false], ['urp_2', true], ['urp_3', false]]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
