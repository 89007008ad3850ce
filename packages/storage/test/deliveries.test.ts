import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  dueDeliveryIds,
  findDelivery,
  insertDeliveries,
  insertWebhook,
  leaseDeliveries,
  migrateToLatest,
  newId,
  outboxPosition,
  pruneSettledDeliveries,
  queryWebhookDeliveries,
  recordDeliveryOutcome,
  webhookChannelName,
  type Store,
} from '@allot/storage';
import { migrations } from '../src/migrations/index.js';
import { createTestDatabase, dialects, suiteDatabase, type TestDatabase } from '../../../test-support/databases.js';

const t0 = '2026-03-02T10:00:00.000Z';
const t1 = '2026-03-02T10:00:30.000Z';

/** The claim every sending channel shares, on both databases: caps per recipient, paused webhooks, disjoint claims; pruning; the upgrade from webhook_deliveries. */
describe.each(dialects)('deliveries on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const hook = async (enabled = true) => {
    const id = newId('whk');
    await insertWebhook(store.db, { id, tenantId: null, url: 'http://127.0.0.1:9/', events: ['license.expired'], enabled, publicOnly: false, createdAt: t0, updatedAt: t0 }, 'whsec_x');
    return id;
  };
  /** Pending webhook deliveries of new events to one recipient; answers how many were new. */
  const queue = (recipient: string, count: number, at = t0) =>
    insertDeliveries(
      store.db,
      Array.from({ length: count }, () => ({ id: newId('whd'), channel: webhookChannelName, eventId: newId('evt'), type: 'license.expired', tenantId: null, recipient, address: null, body: '{}' })),
      at,
    );
  const claim = (limit: number, options: { on?: Store; perRecipient?: number; busy?: Map<string, number>; now?: string } = {}) => {
    const on = options.on ?? store;
    const now = options.now ?? t0;
    return on.db.transaction().execute(async (trx) => {
      const ids = await dueDeliveryIds(trx, { channel: webhookChannelName, now, limit, skipLocked: on.dialect === 'postgres', perRecipient: options.perRecipient, busy: options.busy });
      return leaseDeliveries(trx, ids, t1, now);
    });
  };
  /** Settles everything due, so that each case starts with nothing to claim. */
  const settleAll = async () => {
    for (const d of await claim(10_000, { now: '2100-01-01T00:00:00.000Z' })) await recordDeliveryOutcome(store.db, d.id, d.attempt, { status: 'delivered', at: t1, responseStatus: 200 });
  };

  suiteDatabase(dialect, (opened, made) => ((store = opened), (database = made)));

  it('makes a delivery once per channel, event and recipient however often it is written', async () => {
    const id = await hook();
    const row = { id: newId('whd'), channel: webhookChannelName, eventId: newId('evt'), type: 'license.expired', tenantId: null, recipient: id, address: null, body: '{"a":1}' };
    expect(await insertDeliveries(store.db, [row], t0)).toBe(1);
    expect(await insertDeliveries(store.db, [{ ...row, id: newId('whd') }, { ...row, id: newId('whd'), channel: 'email' }], t0)).toBe(1);
    expect((await queryWebhookDeliveries(store.db, id, {}, { limit: 10 })).items).toMatchObject([{ id: row.id, webhookId: id, eventId: row.eventId, type: 'license.expired', status: 'pending', nextAttemptAt: t0 }]);
    await settleAll();
  });

  it('takes at most so many of one recipient, counting those the claimer sends already, and none of a disabled webhook', async () => {
    const busy = await hook();
    const quiet = await hook();
    const off = await hook(false);
    await queue(busy, 10);
    await queue(quiet, 2);
    await queue(off, 3);
    const claimed = await claim(50, { perRecipient: 4 });
    expect(claimed.filter((c) => c.recipient === busy)).toHaveLength(4);
    expect(claimed.filter((c) => c.recipient === quiet)).toHaveLength(2);
    expect(claimed.filter((c) => c.recipient === off)).toHaveLength(0);
    // The claimer sends 3 to `busy` already: one more of it, however many are due.
    expect(await claim(50, { perRecipient: 4, busy: new Map([[busy, 3]]) })).toHaveLength(1);
    expect(await claim(50, { perRecipient: 4, busy: new Map([[busy, 4]]) })).toEqual([]);
    await store.db.updateTable('webhooks').set({ enabled: 1 }).where('id', '=', off).execute();
    expect((await claim(50)).filter((c) => c.recipient === off)).toHaveLength(3);
    await settleAll();
  });

  it('gives claims made at once by several nodes disjoint rows, until every due row is taken', async () => {
    const id = await hook();
    await queue(id, 60);
    const nodes = [store, database.open(), database.open()];
    try {
      const ids: string[] = [];
      // Rounds of claims at once, four per node; a row another claim holds is skipped, never taken twice.
      for (let round = 0; round < 20 && ids.length < 60; round++) {
        const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(10, { on: nodes[i % nodes.length] as Store })));
        expect(claims.flat().length).toBeGreaterThan(0);
        ids.push(...claims.flat().map((c) => c.id));
      }
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      expect(await claim(10)).toEqual([]);
    } finally {
      // An in-memory SQLite database is one store, whichever way it is opened.
      for (const other of nodes.slice(1)) if (other !== store) await other.close();
    }
    await settleAll();
  });

  it('prunes deliveries settled before the cutoff, and never a pending one', async () => {
    const id = await hook();
    await queue(id, 3, '2026-01-01T00:00:00.000Z');
    const [delivered, failed, pending] = await claim(3, { now: '2026-01-01T00:00:00.000Z' });
    await recordDeliveryOutcome(store.db, delivered?.id ?? '', 1, { status: 'delivered', at: '2026-01-01T00:00:01.000Z', responseStatus: 200 });
    await recordDeliveryOutcome(store.db, failed?.id ?? '', 1, { status: 'failed', at: '2026-01-02T00:00:00.000Z', error: 'HTTP 410', responseStatus: 410 });
    expect(await pruneSettledDeliveries(store.db, '2026-01-01T00:00:01.000Z')).toBe(0);
    expect(await pruneSettledDeliveries(store.db, '2026-01-01T12:00:00.000Z')).toBeGreaterThanOrEqual(1);
    expect(await findDelivery(store.db, delivered?.id ?? '')).toBeNull();
    expect(await findDelivery(store.db, failed?.id ?? '')).not.toBeNull();
    await pruneSettledDeliveries(store.db, '2100-01-01T00:00:00.000Z');
    expect(await findDelivery(store.db, failed?.id ?? '')).toBeNull();
    expect(await findDelivery(store.db, pending?.id ?? '')).toMatchObject({ status: 'pending' });
  });

  it('moves the webhook deliveries and the webhook cursor of an upgraded installation into deliveries and outbox_cursors', async () => {
    const upgraded = await createTestDatabase(dialect, { migrate: false });
    const old = upgraded.open();
    try {
      const names = Object.keys(migrations).sort();
      const before = names[names.indexOf('2026-12-01T10-00-00_one-delivery-table') - 1] ?? '';
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const db = old.db as unknown as Kysely<any>;
      await db.insertInto('tenants').values({ id: 'ten_1', name: 'T', customer_code: 'T1', time_zone: 'UTC', mode: 'live', status: 'licensed', created_at: t0, updated_at: t0 }).execute();
      await db.insertInto('events').values({ id: 'evt_01a', tenant_id: 'ten_1', type: 'license.expired', payload: '{}', at: t0, recorded_at: t0 }).execute();
      await db.insertInto('webhooks').values({ id: 'whk_1', tenant_id: null, url: 'https://example.com/h', events: '["license.expired"]', secret: 'sealed', enabled: 1, public_only: 0, created_at: t0, updated_at: t0 }).execute();
      const webhookRow = { webhook_id: 'whk_1', body: '{"x":1}', attempt: 1, response_status: null, last_error: null, created_at: t0, updated_at: t1 };
      await db
        .insertInto('webhook_deliveries')
        .values([
          { ...webhookRow, id: 'whd_1', event_id: 'evt_01a', event_type: 'license.expired', status: 'delivered', next_attempt_at: null, response_status: 204, delivered_at: t1 },
          // A ping: its event is in no table.
          { ...webhookRow, id: 'whd_2', event_id: 'evt_01ping', event_type: 'ping', status: 'pending', next_attempt_at: t1, last_error: 'HTTP 500', delivered_at: null },
        ])
        .execute();
      await db.insertInto('deliveries').values({ id: 'dlv_1', channel: 'email', event_id: 'evt_01a', tenant_id: 'ten_1', recipient: 'usr_1', address: 'u@example.com', status: 'pending', attempt: 0, next_attempt_at: t0, created_at: t0, updated_at: t0 }).execute();
      await db.updateTable('webhook_cursor').set({ last_event_id: 'evt_01a' }).execute();

      expect((await migrateToLatest(old.db)).error).toBeUndefined();
      expect(await outboxPosition(old.db, webhookChannelName)).toBe('evt_01a');
      const log = (await queryWebhookDeliveries(old.db, 'whk_1', {}, { limit: 10 })).items;
      expect(log).toEqual([
        { id: 'whd_2', webhookId: 'whk_1', eventId: 'evt_01ping', type: 'ping', attempt: 1, status: 'pending', responseStatus: null, error: 'HTTP 500', nextAttemptAt: t1, deliveredAt: null, createdAt: t0, updatedAt: t1 },
        { id: 'whd_1', webhookId: 'whk_1', eventId: 'evt_01a', type: 'license.expired', attempt: 1, status: 'delivered', responseStatus: 204, error: null, nextAttemptAt: null, deliveredAt: t1, createdAt: t0, updatedAt: t1 },
      ]);
      expect(await findDelivery(old.db, 'whd_2')).toMatchObject({ channel: webhookChannelName, recipient: 'whk_1', body: '{"x":1}', tenantId: null });
      expect(await findDelivery(old.db, 'whd_1')).toMatchObject({ tenantId: 'ten_1' });
      expect(await findDelivery(old.db, 'dlv_1')).toMatchObject({ channel: 'email', type: 'license.expired', address: 'u@example.com', body: null, status: 'pending' });
      // The old tables are gone; going down and up again keeps the rows.
      const tables = (await old.db.introspection.getTables()).map((table) => table.name);
      expect(tables).not.toContain('webhook_deliveries');
      expect(tables).not.toContain('webhook_cursor');
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      expect((await migrateToLatest(old.db)).error).toBeUndefined();
      expect((await queryWebhookDeliveries(old.db, 'whk_1', {}, { limit: 10 })).items.map((d) => d.id)).toEqual(['whd_2', 'whd_1']);
      expect(await findDelivery(old.db, 'dlv_1')).toMatchObject({ channel: 'email' });
      expect(await outboxPosition(old.db, webhookChannelName)).toBe('evt_01a');
    } finally {
      await old.close();
      await upgraded.drop();
    }
  });
});
