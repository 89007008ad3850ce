import { beforeAll, describe, expect, it } from 'vitest';
import type { License, Tenant } from '@allot/core';
import {
  claimLicenseKey,
  decideUpgradeRequest,
  insertUpgradeRequest,
  isKnownHitKey,
  isUniqueViolation,
  knownHitKeys,
  passedHitQuota,
  recordHits,
  takeInvoiceSequence,
  endLiveSession,
  findLicense,
  hitsOfYear,
  insertDevice,
  insertDeviceLicenses,
  insertLicenseKey,
  insertSession,
  moveToTenant,
  newId,
  setSeatsUsed,
  takeFromPool,
  touchLink,
  touchSession,
  upsertLink,
  type DeviceLicense,
  type Store,
  type UpgradeRequest,
} from '@allot/storage';
import { dialects, suiteDatabase, type TestDatabase } from '../../../test-support/databases.js';
import { storedLicense, storedTenantWithUser } from '../../../test-support/storage-fixtures.js';

const at = '2026-03-02T10:00:00.000Z';
const later = '2026-03-02T10:10:00.000Z';

/**
 * Every guarded UPDATE that enforces a limit, on both databases: the database itself refuses the
 * write that would pass the limit, whatever the caller read before. These are the last line behind
 * the licensing lock.
 */
describe.each(dialects)('limit guards on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let tenant: Tenant;
  let userId: string;

  const license = (input: Record<string, unknown>): Promise<License> => storedLicense(store, tenant.id, at, input);

  suiteDatabase(dialect, (opened, made) => ((store = opened), (database = made)));
  beforeAll(async () => {
    ({ tenant, userId } = await storedTenantWithUser(store, 'Guards', at));
  });

  it('seats: refuses a count above the quantity, allows up to it and any shrinking', async () => {
    const lic = await license({ quantity: 3 });
    expect(await setSeatsUsed(store.db, lic.id, 3)).toBe(true);
    expect(await setSeatsUsed(store.db, lic.id, 4)).toBe(false);
    expect((await findLicense(store.db, tenant.id, lic.id))?.used).toBe(3);
    expect(await setSeatsUsed(store.db, lic.id, 1)).toBe(true);
    const unlimited = await license({ quantity: undefined, unlimited: true });
    expect(await setSeatsUsed(store.db, unlimited.id, 250_000)).toBe(true);
  });

  it('seats: lets a count stay above a lowered quantity, but never grow there', async () => {
    const lic = await license({ quantity: 5 });
    expect(await setSeatsUsed(store.db, lic.id, 5)).toBe(true);
    await store.db.updateTable('licenses').set({ quantity: 2 }).where('id', '=', lic.id).execute();
    expect(await setSeatsUsed(store.db, lic.id, 4)).toBe(true);
    expect(await setSeatsUsed(store.db, lic.id, 5)).toBe(false);
  });

  it('hits: never counts past the yearly quota, to the last hit', async () => {
    const lic = await license({ model: 'hits', quantity: 10 });
    /** Records `hits` on the year in a transaction of their own: false when the guard refused them. */
    const add = (year: number, hits: number, quota: number | null) =>
      store.db
        .transaction()
        .execute((trx) => recordHits(trx, tenant.id, [{ licenseId: lic.id, hits, most: quota, keys: [] }], { day: `${year}-03-02`, year }, at))
        .then(
          () => true,
          (error: unknown) => {
            if (passedHitQuota(error)) return false;
            throw error;
          },
        );
    expect(await add(2026, 7, 10)).toBe(true);
    expect(await add(2026, 4, 10)).toBe(false);
    expect(await add(2026, 3, 10)).toBe(true);
    expect(await add(2026, 1, 10)).toBe(false);
    expect((await hitsOfYear(store.db, [lic.id], 2026)).get(lic.id)).toBe(10);
    expect(await add(2027, 10, 10)).toBe(true);
    expect(await add(2026, 1_000_000, null)).toBe(true);
    expect((await hitsOfYear(store.db, [lic.id], 2026)).get(lic.id)).toBe(1_000_010);
    // A year's first batch above the quota makes no row.
    expect(await add(2028, 11, 10)).toBe(false);
    expect((await hitsOfYear(store.db, [lic.id], 2028)).has(lic.id)).toBe(false);
  });

  it('hits: a batch recorded past the quota, or with a key counted before, fails its transaction and stores nothing', async () => {
    const lic = await license({ model: 'hits', quantity: 10 });
    const period = { day: '2026-03-02', year: 2026 };
    const record = (hits: number, keys: string[]) => store.db.transaction().execute((trx) => recordHits(trx, tenant.id, [{ licenseId: lic.id, hits, most: 10, keys }], period, at));
    const failure = (work: Promise<unknown>) => work.then(() => null, (error: unknown) => error);
    await record(8, ['a', 'b']);

    const past = await failure(record(3, ['c']));
    expect(passedHitQuota(past)).toBe(true);
    expect(isKnownHitKey(past)).toBe(false);
    const known = await failure(record(1, ['c', 'b']));
    expect(isKnownHitKey(known)).toBe(true);
    expect(passedHitQuota(known)).toBe(false);

    expect((await hitsOfYear(store.db, [lic.id], 2026)).get(lic.id)).toBe(8);
    expect([...(await knownHitKeys(store.db, tenant.id, ['a', 'b', 'c']))].sort()).toEqual(['a', 'b']);
    await record(2, ['c']);
    expect((await hitsOfYear(store.db, [lic.id], 2026)).get(lic.id)).toBe(10);
  });

  it('device licenses: a pooled license goes to one device, and only from the pool', async () => {
    const deviceId = newId('dev');
    await insertDevice(store.db, { id: deviceId, tenantId: tenant.id, name: 'AP', serial: newId('s'), model: 'LN-1700', licensedSince: null, validUntil: null, createdAt: at, updatedAt: at });
    const pooled = (): DeviceLicense => ({ id: newId('dlc'), tenantId: tenant.id, licenseKeyId: null, category: 'wlan', termDays: 365, origin: 'remainder', state: 'available', deviceId: null, assignedOn: null, createdAt: at });
    const [a, b] = [pooled(), pooled()];
    await insertDeviceLicenses(store.db, [a, b]);
    expect(await takeFromPool(store.db, tenant.id, [a.id], deviceId, '2026-03-02')).toBe(true);
    expect(await takeFromPool(store.db, tenant.id, [a.id, b.id], deviceId, '2026-03-02')).toBe(false);
    expect(await moveToTenant(store.db, a.id, tenant.id, newId('ten'))).toBe(false);
  });

  it('license keys: register once, in one tenant', async () => {
    const key = { id: newId('lky'), key: `K-${newId('k')}`, category: 'wlan', termDays: 365, count: 1, issuedAt: at, tenantId: null, registeredAt: null, registeredBy: null };
    await insertLicenseKey(store.db, key);
    expect(await claimLicenseKey(store.db, key.id, tenant.id, at, 'someone')).toBe(true);
    expect(await claimLicenseKey(store.db, key.id, tenant.id, later, 'someone else')).toBe(false);
  });

  it('sessions: an overdue or ended session can be neither kept nor ended again', async () => {
    const session = { id: newId('ses'), tenantId: tenant.id, userId, heartbeatSeconds: 300, startedAt: at, lastSeenAt: at, expiresAt: '2026-03-02T10:05:00.000Z', endedAt: null, endReason: null, modules: [{ module: 'P:m', licenseId: null, excess: false, dayCodeId: null }] };
    await insertSession(store.db, session);
    expect(await touchSession(store.db, tenant.id, session.id, later, '2026-03-02T10:15:00.000Z')).toBe(false);
    expect(await endLiveSession(store.db, tenant.id, session.id, later, 'logout')).toBeNull();
    expect(await touchSession(store.db, tenant.id, session.id, '2026-03-02T10:01:00.000Z', '2026-03-02T10:06:00.000Z')).toBe(true);
    expect(await endLiveSession(store.db, tenant.id, session.id, '2026-03-02T10:02:00.000Z', 'admin')).toMatchObject({ endReason: 'admin' });
    expect(await endLiveSession(store.db, tenant.id, session.id, '2026-03-02T10:03:00.000Z', 'logout')).toBeNull();
  });

  it('active-user links: a link that ran out is not kept alive', async () => {
    const lic = await license({ model: 'active_user', quantity: 1 });
    await upsertLink(store.db, tenant.id, { licenseId: lic.id, userId, linkedAt: at, lastAccessAt: at, expiresAt: '2026-03-02T10:05:00.000Z' });
    expect(await touchLink(store.db, lic.id, userId, later, '2026-06-01T10:00:00.000Z')).toBe(false);
    expect(await touchLink(store.db, lic.id, userId, '2026-03-02T10:04:00.000Z', '2026-06-01T10:00:00.000Z')).toBe(true);
  });

  it('upgrade requests: one open per tenant and product; a closed one decides no more', async () => {
    const request = (product: string): UpgradeRequest => ({
      id: newId('upg'),
      tenantId: tenant.id,
      tenantName: tenant.name,
      status: 'open',
      product,
      productName: product,
      items: [],
      monthlyTotal: 0,
      currency: 'EUR',
      purchaseOrder: null,
      requestedBy: null,
      requestedAt: at,
      decidedAt: null,
      decidedBy: null,
      reason: null,
    });
    const first = request('crm');
    await insertUpgradeRequest(store.db, first, at);
    const second = await insertUpgradeRequest(store.db, request('crm'), at).then(() => null, (error: unknown) => error);
    expect(isUniqueViolation(second)).toBe(true);
    await insertUpgradeRequest(store.db, request('erp'), at);
    const decision = { status: 'rejected' as const, decidedAt: later, decidedBy: 'admin-token', reason: 'no' };
    expect(await decideUpgradeRequest(store.db, first.id, decision, later)).toBe(true);
    expect(await decideUpgradeRequest(store.db, first.id, { ...decision, status: 'approved' }, later)).toBe(false);
    // Closed, the product takes the next request.
    await insertUpgradeRequest(store.db, request('crm'), at);
  });

  it('invoice numbers: one after the other per year, and a rolled-back purchase gives its number back', async () => {
    expect(await takeInvoiceSequence(store.db, 2030)).toBe(1);
    expect(await takeInvoiceSequence(store.db, 2030)).toBe(2);
    expect(await takeInvoiceSequence(store.db, 2031)).toBe(1);
    await store.db
      .transaction()
      .execute(async (trx) => {
        expect(await takeInvoiceSequence(trx, 2030)).toBe(3);
        throw new Error('purchase refused');
      })
      .catch(() => undefined);
    expect(await takeInvoiceSequence(store.db, 2030)).toBe(3);
  });
});
