import { beforeAll, describe, expect, it } from 'vitest';
import type { License, Tenant } from '@allot/core';
import {
  deleteQueueEntry,
  findSession,
  insertQueueEntry,
  insertSession,
  insertSessionIfAdmitted,
  liveModuleCounts,
  newId,
  type AdmissionGuard,
  type Session,
  type Store,
} from '@allot/storage';
import { sql } from 'kysely';
import { dialects, suiteDatabase } from '../../../test-support/databases.js';
import { storedLicense, storedTenantWithUser } from '../../../test-support/storage-fixtures.js';

const at = '2026-03-02T10:00:00.000Z';
const expiresAt = '2026-03-02T10:05:00.000Z';

/**
 * The session open that PostgreSQL decides in one round trip (`insertSessionIfAdmitted`): begin,
 * the tenant's licensing lock, the guarded insert and commit sent at once. Each condition of the
 * guard, alone, must keep the session out and change nothing; the service then decides again under
 * the lock. The pipeline, and the generations it checks, exist on PostgreSQL only.
 */
describe.each(dialects.filter((d) => d === 'postgres'))('guarded session open on %s', (dialect) => {
  let store: Store;
  let tenant: Tenant;
  let userId: string;
  let counter = 0;

  const concurrentLicense = (quantity: number): Promise<License> => {
    counter += 1;
    return storedLicense(store, tenant.id, at, { code: `conc${counter}`, name: 'C', product: 'fm', quantity, model: 'concurrent' });
  };
  const sessionOn = (license: License, module = 'fm:desk'): Session => ({
    id: newId('ses'),
    tenantId: tenant.id,
    userId,
    heartbeatSeconds: 300,
    startedAt: at,
    lastSeenAt: at,
    expiresAt,
    endedAt: null,
    endReason: null,
    modules: [{ module, licenseId: license.id, excess: false, dayCodeId: null }],
  });
  const generations = async (): Promise<AdmissionGuard['generations']> => {
    const { rows } = await sql<{ scope: string; generation: number }>`select scope, generation::float8 as generation from cache_generations where scope in (${tenant.id}, '')`.execute(store.db);
    return rows;
  };
  const guardFor = async (license: License, below: number, extra: Partial<AdmissionGuard> = {}): Promise<AdmissionGuard> => ({
    generations: await generations(),
    now: at,
    bounds: [{ licenseId: license.id, module: 'fm:desk', below }],
    thresholds: [],
    ...extra,
  });
  const live = async (license: License, module = 'fm:desk') => (await liveModuleCounts(store.db, tenant.id, [license.id], at)).get(license.id)?.get(module) ?? 0;

  suiteDatabase(dialect, (opened) => (store = opened));
  beforeAll(async () => {
    ({ tenant, userId } = await storedTenantWithUser(store, 'Guarded', at));
  });

  it('stores the session with its modules while the license has room, and refuses it at the bound', async () => {
    const license = await concurrentLicense(2);
    const first = sessionOn(license);
    expect(await insertSessionIfAdmitted(store.db, first, await guardFor(license, 2))).toBe(true);
    expect(await findSession(store.db, tenant.id, first.id)).toMatchObject({ id: first.id, modules: [{ module: 'fm:desk', licenseId: license.id }] });
    expect(await insertSessionIfAdmitted(store.db, sessionOn(license), await guardFor(license, 2))).toBe(true);
    const third = sessionOn(license);
    expect(await insertSessionIfAdmitted(store.db, third, await guardFor(license, 2))).toBe(false);
    expect(await findSession(store.db, tenant.id, third.id)).toBeNull();
    expect(await live(license)).toBe(2);
  });

  it('counts only live sessions: an overdue one leaves room', async () => {
    const license = await concurrentLicense(1);
    await insertSession(store.db, { ...sessionOn(license), expiresAt: at });
    expect(await insertSessionIfAdmitted(store.db, sessionOn(license), await guardFor(license, 1))).toBe(true);
    expect(await live(license)).toBe(1);
  });

  it('keeps the session out when a lookup generation moved since the decision', async () => {
    const license = await concurrentLicense(5);
    const stale = (await generations()).map((g) => (g.scope === tenant.id ? { ...g, generation: g.generation - 1 } : g));
    const session = sessionOn(license);
    expect(await insertSessionIfAdmitted(store.db, session, await guardFor(license, 5, { generations: stale }))).toBe(false);
    expect(await findSession(store.db, tenant.id, session.id)).toBeNull();
    expect(await insertSessionIfAdmitted(store.db, session, await guardFor(license, 5, { generations: [...(await generations()), { scope: 'ten_nobody', generation: 0 }] }))).toBe(false);
    expect(await insertSessionIfAdmitted(store.db, session, await guardFor(license, 5))).toBe(true);
  });

  it('keeps the session out while someone waits in the queue, and lets it in once the waiter is gone', async () => {
    const license = await concurrentLicense(5);
    const waiter = newId('que');
    await insertQueueEntry(store.db, { id: waiter, tenantId: tenant.id, userId, modules: ['fm:other'], requestedAt: at, claimSeconds: 60, state: 'waiting', expiresAt: '2026-03-02T10:01:00.000Z', sessionId: null, offeredAt: null });
    const session = sessionOn(license);
    expect(await insertSessionIfAdmitted(store.db, session, await guardFor(license, 5))).toBe(false);
    // The waiter was last heard from a minute ago and its claim time is over: it waits no more.
    expect(await insertSessionIfAdmitted(store.db, session, await guardFor(license, 5, { now: '2026-03-02T10:01:00.000Z' }))).toBe(true);
    await deleteQueueEntry(store.db, tenant.id, waiter);
  });

  it('keeps the session out when it would turn the threshold on, on this module or on the busiest', async () => {
    const license = await concurrentLicense(10);
    const threshold = (below: number, module = 'fm:desk') => ({ thresholds: [{ licenseId: license.id, module, below }] });
    expect(await insertSessionIfAdmitted(store.db, sessionOn(license), await guardFor(license, 10, threshold(1)))).toBe(false);
    expect(await insertSessionIfAdmitted(store.db, sessionOn(license), await guardFor(license, 10, threshold(2)))).toBe(true);
    // One live on fm:desk: a second would make 2, the threshold.
    expect(await insertSessionIfAdmitted(store.db, sessionOn(license), await guardFor(license, 10, threshold(2)))).toBe(false);
    expect(await insertSessionIfAdmitted(store.db, sessionOn(license), await guardFor(license, 10, threshold(3)))).toBe(true);
    // Two live on fm:desk: opening fm:space leaves the busiest module at 2, the threshold being 2.
    const other = sessionOn(license, 'fm:space');
    expect(await insertSessionIfAdmitted(store.db, other, await guardFor(license, 10, { bounds: [{ licenseId: license.id, module: 'fm:space', below: 10 }], ...threshold(2, 'fm:space') }))).toBe(false);
    expect(await insertSessionIfAdmitted(store.db, other, await guardFor(license, 10, { bounds: [{ licenseId: license.id, module: 'fm:space', below: 10 }], ...threshold(3, 'fm:space') }))).toBe(true);
    expect(await live(license, 'fm:space')).toBe(1);
  });

  it('a statement that fails fails the whole, stores nothing and leaves the connections usable', async () => {
    const license = await concurrentLicense(5);
    const session = sessionOn(license);
    expect(await insertSessionIfAdmitted(store.db, session, await guardFor(license, 5))).toBe(true);
    // The same id again: the insert fails under the lock, and the commit with it.
    await expect(insertSessionIfAdmitted(store.db, { ...session, modules: [{ ...session.modules[0]!, module: 'fm:space' }] }, await guardFor(license, 5))).rejects.toThrow();
    expect(await live(license, 'fm:space')).toBe(0);
    for (let i = 0; i < 12; i += 1) expect(await insertSessionIfAdmitted(store.db, sessionOn(license, 'fm:other'), await guardFor(license, 20, { bounds: [] }))).toBe(true);
  });
});
