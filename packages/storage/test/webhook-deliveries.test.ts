import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimDueDeliveries,
  insertWebhookDeliveries,
  insertWebhook,
  moveWebhookCursor,
  newId,
  readWebhookCursor,
  recordWebhookDeliveryOutcome,
  type Store,
} from '@allot/storage';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test-support/databases.js';

const t0 = '2026-03-02T10:00:00.000Z';
const t1 = '2026-03-02T10:00:30.000Z';
const t2 = '2026-03-02T10:01:00.000Z';

/** The webhook queue's guards on both databases: unique deliveries, leased claims, outcomes only for the claim that holds the row. */
describe.each(dialects)('webhook deliveries on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const hook = async (enabled = true) => {
    const id = newId('whk');
    await insertWebhook(store.db, { id, tenantId: null, url: 'http://127.0.0.1:9/', events: ['license.expired'], enabled, publicOnly: false, createdAt: t0, updatedAt: t0 }, 'whsec_x');
    return id;
  };
  const queue = async (webhookId: string, count: number) =>
    insertWebhookDeliveries(
      store.db,
      Array.from({ length: count }, () => ({ webhookId, eventId: newId('evt'), type: 'license.expired', body: '{}' })),
      t0,
    );
  const claim = (limit: number, now = t0, perWebhook = 100, on: Store = store) => claimDueDeliveries(on.db, on.dialect, { now, leaseUntil: t1, limit, perWebhook });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = database.open();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('queues an event once per webhook however often it is fanned out', async () => {
    const id = await hook();
    const delivery = { webhookId: id, eventId: newId('evt'), type: 'license.expired', body: '{}' };
    expect(await insertWebhookDeliveries(store.db, [delivery], t0)).toBe(1);
    expect(await insertWebhookDeliveries(store.db, [delivery, delivery], t0)).toBe(0);
    const rows = await store.db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    await store.db.updateTable('webhooks').set({ enabled: 0 }).where('id', '=', id).execute();
  });

  it('claims a due delivery once until its lease runs out, and then records only the newer claim', async () => {
    const id = await hook();
    await queue(id, 1);
    const [first] = await claim(10);
    expect(first).toMatchObject({ webhookId: id, attempt: 1, url: 'http://127.0.0.1:9/', secret: 'whsec_x', publicOnly: false });
    // Leased: no one else takes it meanwhile.
    expect(await claim(10)).toEqual([]);
    expect(await claim(10, t1)).toHaveLength(0 + 1);
    // The claim of attempt 1 outlived its lease: what it came to is not recorded.
    expect(await recordWebhookDeliveryOutcome(store.db, { id: first?.id ?? '', attempt: 1 }, { delivered: true, responseStatus: 200, at: t1 })).toBe(false);
    expect(await recordWebhookDeliveryOutcome(store.db, { id: first?.id ?? '', attempt: 2 }, { delivered: false, responseStatus: 500, error: 'HTTP 500', nextAttemptAt: null, at: t2 })).toBe(true);
    const row = await store.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', first?.id ?? '').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', last_error: 'HTTP 500', next_attempt_at: null });
    expect(Number(row.attempt)).toBe(2);
    // Failed is final: a late outcome changes nothing.
    expect(await recordWebhookDeliveryOutcome(store.db, { id: first?.id ?? '', attempt: 2 }, { delivered: true, responseStatus: 200, at: t2 })).toBe(false);
    await store.db.updateTable('webhooks').set({ enabled: 0 }).where('id', '=', id).execute();
  });

  it('takes at most so many of one webhook per claim, and none of a disabled or skipped one', async () => {
    const busy = await hook();
    const quiet = await hook();
    const off = await hook(false);
    await queue(busy, 10);
    await queue(quiet, 2);
    await queue(off, 3);
    const claimed = await claim(50, t0, 4);
    expect(claimed.filter((c) => c.webhookId === busy)).toHaveLength(4);
    expect(claimed.filter((c) => c.webhookId === quiet)).toHaveLength(2);
    expect(claimed.filter((c) => c.webhookId === off)).toHaveLength(0);
    const skipped = await claimDueDeliveries(store.db, store.dialect, { now: t0, leaseUntil: t1, limit: 50, perWebhook: 4, skipWebhookIds: [busy] });
    expect(skipped).toEqual([]);
    await store.db.updateTable('webhooks').set({ enabled: 0 }).execute();
  });

  it('gives claims made at once by several nodes disjoint rows, until every due row is taken', async () => {
    const id = await hook();
    await queue(id, 60);
    const nodes = [store, database.open(), database.open()];
    try {
      const ids: string[] = [];
      // Rounds of claims at once, four per node; a row another claim holds is skipped, never taken twice.
      for (let round = 0; round < 20 && ids.length < 60; round++) {
        const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(10, t0, 100, nodes[i % nodes.length] as Store)));
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
  });

  it('moves the cursor forward only', async () => {
    const ahead = newId('evt');
    await moveWebhookCursor(store.db, ahead, t0);
    await moveWebhookCursor(store.db, 'evt_0', t0);
    expect(await readWebhookCursor(store.db)).toBe(ahead);
  });
});
