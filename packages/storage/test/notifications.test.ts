import { Migrator, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dueDeliveryIds,
  findDelivery,
  idFloor,
  insertDeliveries,
  insertEvent,
  insertNotifications,
  insertTenant,
  insertUser,
  leaseDeliveries,
  listDeliveries,
  listNotifications,
  migrateToLatest,
  moveOutboxPosition,
  newId,
  outboxPosition,
  recordDeliveryOutcome,
  scheduleDeliveryNow,
  settleExpiryMark,
  type Store,
} from '@allot/storage';
import { migrations } from '../src/migrations/index.js';
import { createTestDatabase, dialects, suiteDatabase } from '../../../test-support/databases.js';

const at = '2026-03-02T10:00:00.000Z';
const lease = '2026-03-02T10:02:00.000Z';

/** The guards of the notification tables, on both databases: what makes fan-out and delivery safe to repeat and to race. */
describe.each(dialects)('notification storage on %s', (dialect) => {
  let store: Store;
  const tenantId = newId('ten');
  const userId = newId('usr');
  const event = async (): Promise<string> => {
    const id = newId('evt');
    await insertEvent(store.db, { id, tenantId, type: 'license.expired', payload: {}, at }, at);
    return id;
  };
  const claim = (now: string, limit = 10) =>
    store.db.transaction().execute(async (trx) => leaseDeliveries(trx, await dueDeliveryIds(trx, { channel: 'test', now, limit, skipLocked: dialect === 'postgres' }), lease, now));

  suiteDatabase(dialect, (opened) => (store = opened));
  beforeAll(async () => {
    await insertTenant(store.db, { id: tenantId, name: 'T', customerCode: newId('c'), timeZone: 'UTC', mode: 'live', status: 'licensed', clock: null, createdAt: at, updatedAt: at });
    await insertUser(store.db, { id: userId, tenantId, email: 'u@example.com', name: 'U', roles: ['owner'], certifiedProfessional: false, hasPassword: false, createdAt: at, updatedAt: at }, null);
  });

  it('orders ids made before an instant below its floor, and those made at or after it above', () => {
    const ms = Date.parse(at);
    expect(newId('evt', ms - 1) < idFloor('evt', ms)).toBe(true);
    expect(newId('evt', ms) > idFloor('evt', ms)).toBe(true);
    expect(newId('evt', ms + 1) > idFloor('evt', ms)).toBe(true);
  });

  it('moves an outbox cursor forward only', async () => {
    expect(await outboxPosition(store.db, 'test')).toBe('');
    await moveOutboxPosition(store.db, 'test', 'evt_b', at);
    await moveOutboxPosition(store.db, 'test', 'evt_a', at);
    expect(await outboxPosition(store.db, 'test')).toBe('evt_b');
    await moveOutboxPosition(store.db, 'test', 'evt_c', at);
    expect(await outboxPosition(store.db, 'test')).toBe('evt_c');
  });

  it('writes a notification and a delivery once per event and recipient, however often they are written', async () => {
    const eventId = await event();
    for (let i = 0; i < 2; i++) {
      await insertNotifications(store.db, [{ id: newId('ntf'), tenantId, userId, eventId, type: 'license.expired', createdAt: at }]);
      await insertDeliveries(store.db, [{ id: newId('dlv'), channel: 'test', eventId, type: 'license.expired', tenantId, recipient: userId, address: 'u@example.com', body: null }], at);
    }
    expect((await listNotifications(store.db, tenantId, userId, { limit: 10 })).items.filter((n) => n.eventId === eventId)).toHaveLength(1);
    expect((await listDeliveries(store.db, { channel: 'test', eventId }, { limit: 10 })).items).toHaveLength(1);
  });

  it('settles an expiry mark of a term once', async () => {
    const licenseId = newId('lic');
    await store.db
      .insertInto('licenses')
      .values({ id: licenseId, tenant_id: tenantId, code: licenseId, name: 'L', model: 'named', product: null, modules: null, solution: null, quantity: 1, unlimited: 0, valid_from: at, valid_until: lease, suspended: 0, package: null, threshold_percent: null, threshold_reached: 0, source: 'manual', role: null, heartbeat_seconds: null, bundle: null, retention_days: null, object_kind: null, counted_statuses: null, used: 0, created_at: at, updated_at: at })
      .execute();
    const mark = { licenseId, validUntil: lease, mark: 7 as const, eventId: null, at };
    expect(await settleExpiryMark(store.db, mark)).toBe(true);
    expect(await settleExpiryMark(store.db, mark)).toBe(false);
    // Another term of the same license is another matter.
    expect(await settleExpiryMark(store.db, { ...mark, validUntil: at })).toBe(true);
  });

  it('claims a due delivery once, counts the attempt, and takes only the outcome of the claim that holds it', async () => {
    const eventId = await event();
    await insertDeliveries(store.db, [{ id: newId('dlv'), channel: 'test', eventId, type: 'license.expired', tenantId, recipient: 'r1', address: null, body: null }], at);
    // Everything due of the channel (the earlier test's delivery too).
    const first = await claim(at);
    const mine = first.find((d) => d.eventId === eventId);
    expect(mine).toMatchObject({ attempt: 1, nextAttemptAt: lease, status: 'pending' });
    // Claimed: not due again within the lease.
    expect(await claim(at)).toEqual([]);
    expect(await claim('2026-03-02T10:01:59.999Z')).toEqual([]);
    // The lease ran out: claimed again, a second attempt; the first claimer's outcome no longer counts.
    const second = (await claim(lease)).find((d) => d.eventId === eventId);
    expect(second?.attempt).toBe(2);
    const id = mine?.id ?? '';
    expect(await recordDeliveryOutcome(store.db, id, 1, { status: 'delivered', at: lease, responseStatus: 250 })).toBe(false);
    expect(await recordDeliveryOutcome(store.db, id, 2, { status: 'pending', at: lease, nextAttemptAt: '2026-03-02T10:03:00.000Z', error: 'busy', responseStatus: 451 })).toBe(true);
    expect(await findDelivery(store.db, id)).toMatchObject({ status: 'pending', attempt: 2, lastError: 'busy', responseStatus: 451, nextAttemptAt: '2026-03-02T10:03:00.000Z' });
    // Recorded once: the same claim cannot record twice once it is done.
    const third = (await claim('2026-03-02T10:03:00.000Z')).find((d) => d.eventId === eventId);
    expect(await recordDeliveryOutcome(store.db, id, 3, { status: 'failed', at: lease, error: 'gave up', responseStatus: null })).toBe(true);
    expect(await recordDeliveryOutcome(store.db, id, third?.attempt ?? 3, { status: 'delivered', at: lease, responseStatus: 250 })).toBe(false);
    expect((await findDelivery(store.db, id))?.status).toBe('failed');
    // A failed delivery is never due again, until someone asks for it by hand.
    expect((await claim('2030-01-01T00:00:00.000Z')).map((d) => d.id)).not.toContain(id);
    expect(await scheduleDeliveryNow(store.db, id, '2030-01-01T00:00:00.000Z')).toBe(true);
    expect((await claim('2030-01-01T00:00:00.000Z')).find((d) => d.id === id)?.attempt).toBe(4);
  });

  it('starts the cursors of an upgraded installation after the events it already has', async () => {
    const upgraded = await createTestDatabase(dialect, { migrate: false });
    const old = upgraded.open();
    try {
      const names = Object.keys(migrations).sort();
      const before = names[names.indexOf('2026-11-30T20-30-00_notifications') - 1] ?? '';
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const db = old.db as unknown as Kysely<any>;
      await db.insertInto('tenants').values({ id: 'ten_1', name: 'T', customer_code: 'T1', time_zone: 'UTC', mode: 'live', status: 'licensed', created_at: at, updated_at: at }).execute();
      await db.insertInto('events').values({ id: 'evt_01old', tenant_id: 'ten_1', type: 'license.threshold_reached', payload: '{}', at, recorded_at: at }).execute();
      expect((await migrateToLatest(old.db)).error).toBeUndefined();
      expect(await outboxPosition(old.db, 'in_app')).toBe('evt_01old');
      expect(await outboxPosition(old.db, 'email')).toBe('evt_01old');
    } finally {
      await old.close();
      await upgraded.drop();
    }
  });
});
