import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf, leaseAllows, readLease } from '@allot/core';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';
import { runtimeTenant, type RuntimeTenant } from '../../../test-support/runtime-tenant.js';

describe.each(dialects)('borrowing on %s', (dialect) => {
  let t: TestApp;
  let r: RuntimeTenant;
  const open = (userId: string, module: string) => r.open(userId, [module]);
  const borrow = (sessionId: string, until: string) => t.call('POST', r.path(`/sessions/${sessionId}/borrow`), { key: r.appKey, body: { until } });
  const giveBack = (borrowId: string, userId: string) => t.call('POST', r.path(`/borrows/${borrowId}/return`), { key: r.appKey, body: { userId } });
  const trusted = async () => {
    const key = (await t.call('GET', '/v1/installation/public-key')).body;
    const publicKey = createPublicKey(key.publicKeyPem);
    expect(keyIdOf(publicKey)).toBe(key.keyId);
    return new Map([[key.keyId as string, publicKey]]);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    r = await runtimeTenant(t, { mode: 'sandbox', clock: '2024-03-06T10:00:00Z' });
    await t.call('POST', '/v1/products', { body: { code: 'brw', name: 'Borrow', modules: ['desk', 'lab', 'fixed'].map((code) => ({ code, name: code })) } });
    for (const [module, maxBorrowDays] of [['desk', 3], ['lab', 3], ['fixed', 0]] as const) {
      const created = await t.call('POST', r.path('/licenses'), { body: { code: module, name: module, model: 'concurrent', product: 'brw', modules: [module], quantity: 1, heartbeatSeconds: 60, maxBorrowDays } });
      expect(created.body.maxBorrowDays).toBe(maxBorrowDays);
    }
  });
  afterAll(() => t.close());

  it('holds the license until the borrow ends, whatever the heartbeats, with a lease that verifies offline', async () => {
    const [a, b] = [await r.user('a@b.io'), await r.user('b@b.io')];
    const session = await open(a, 'brw:desk');
    const borrowed = await borrow(session.body.id, '2024-03-08');
    expect(borrowed.status).toBe(201);
    expect(borrowed.body).toMatchObject({ sessionId: session.body.id, userId: a, modules: ['brw:desk'], startsAt: '2024-03-06T10:00:00.000Z', until: '2024-03-09T00:00:00.000Z', state: 'active', returnedAt: null });
    const lease = readLease(borrowed.body.lease, await trusted());
    expect(lease).toMatchObject({ valid: true, payload: { borrowId: borrowed.body.id, userId: a, tenantId: r.tenantId, modules: ['brw:desk'], until: '2024-03-09T00:00:00.000Z' } });
    if (lease.valid) {
      expect(leaseAllows(lease.payload, 'brw:desk', '2024-03-08T23:59:59.999Z')).toBe(true);
      expect(leaseAllows(lease.payload, 'brw:desk', '2024-03-09T00:00:00.000Z')).toBe(false);
    }
    // One character of the signed body changed: refused offline.
    const lines = (borrowed.body.lease as string).split('\n');
    const body = lines.findIndex((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l));
    expect(body).toBeGreaterThan(-1);
    const forged = lines.map((l, i) => (i === body ? l.slice(0, 20) + (l[20] === 'A' ? 'B' : 'A') + l.slice(21) : l)).join('\n');
    expect(readLease(forged, await trusted())).toMatchObject({ valid: false });

    // Hours without a heartbeat: the borrowed session still holds the one license.
    await r.advance('PT5H');
    expectProblem(await open(b, 'brw:desk'), 409, 'concurrency_limit');
    const kept = await t.call('POST', r.path(`/sessions/${session.body.id}/heartbeat`), { key: r.appKey });
    expect(kept.body.expiresAt).toBe('2024-03-09T00:00:00.000Z');
    expect((await t.call('GET', r.path('/borrows?active=true'), { key: r.ownerKey })).body.items.map((x: { id: string }) => x.id)).toEqual([borrowed.body.id]);

    expectProblem(await giveBack(borrowed.body.id, b), 404, 'not_found');
    const returned = await giveBack(borrowed.body.id, a);
    expect(returned.body).toMatchObject({ state: 'returned', returnedAt: '2024-03-06T15:00:00.000Z' });
    expect((await t.call('GET', r.path(`/sessions/${session.body.id}`), { key: r.ownerKey })).body).toMatchObject({ state: 'ended', endReason: 'logout' });
    expect((await open(b, 'brw:desk')).status).toBe(201);
    expectProblem(await giveBack(borrowed.body.id, a), 410, 'session_ended');
    expectProblem(await borrow(session.body.id, '2024-03-07'), 410, 'session_ended');
  });

  it('ends a borrow at its end by the test clock, and frees the license', async () => {
    const [a, b] = [await r.user('a2@b.io'), await r.user('b2@b.io')];
    const session = await open(a, 'brw:lab');
    const borrowed = await borrow(session.body.id, '2024-03-07T06:00:00Z');
    expect(borrowed.body.until).toBe('2024-03-07T06:00:00.000Z');
    await r.advance('PT14H');
    expectProblem(await open(b, 'brw:lab'), 409, 'concurrency_limit');
    await r.advance('PT1H');
    expect((await open(b, 'brw:lab')).status).toBe(201);
    const all = await t.call('GET', r.path(`/borrows?userId=${a}`), { key: r.ownerKey });
    expect(all.body.items).toMatchObject([{ id: borrowed.body.id, state: 'ended' }]);
  });

  it('refuses a borrow too long, on a license that allows none, twice, or not ahead', async () => {
    const [a, b] = [await r.user('a3@b.io'), await r.user('b3@b.io')];
    await r.advance('PT2M'); // the sessions of the tests before time out
    const fixed = await open(a, 'brw:fixed');
    expectProblem(await borrow(fixed.body.id, '2024-03-08'), 422, 'unprocessable');
    const desk = await open(b, 'brw:lab');
    const tooLong = await borrow(desk.body.id, '2024-03-30');
    expectProblem(tooLong, 422, 'unprocessable');
    expect(tooLong.body.detail).toContain('at most 3 days');
    expectProblem(await borrow(desk.body.id, '2024-03-01'), 400, 'invalid_request');
    expectProblem(await borrow(desk.body.id, 'someday'), 400, 'invalid_request');
    expect((await borrow(desk.body.id, '2024-03-08')).status).toBe(201);
    expectProblem(await borrow(desk.body.id, '2024-03-08'), 409, 'conflict');
    expectProblem(await t.call('POST', r.path('/sessions/ses_01jd0000000000000000000000/borrow'), { key: r.appKey, body: { until: '2024-03-08' } }), 404, 'not_found');
  });

  it('gives the borrow back when its session is ended early, by its application or an administrator', async () => {
    const a = await r.user('a5@b.io');
    await r.advance('PT2M');
    const session = await open(a, 'brw:desk');
    expect(session.status).toBe(201);
    const borrowed = await borrow(session.body.id, '2024-03-09');
    expect((await t.call('POST', r.path(`/sessions/${session.body.id}/end`), { key: r.ownerKey })).status).toBe(200);
    const listed = await t.call('GET', r.path(`/borrows?userId=${a}`), { key: r.ownerKey });
    expect(listed.body.items).toMatchObject([{ id: borrowed.body.id, state: 'returned', returnedAt: expect.any(String) }]);
    expect((await t.call('GET', r.path('/borrows?active=true'), { key: r.ownerKey })).body.items.map((b: { id: string }) => b.id)).not.toContain(borrowed.body.id);
    expectProblem(await giveBack(borrowed.body.id, a), 410, 'session_ended');
  });

  it("answers 404 for another tenant's borrow", async () => {
    const a = await r.user('a4@b.io');
    const list = await t.call('GET', r.path('/borrows?active=true'), { key: r.ownerKey });
    const mine = list.body.items[0];
    const other = await tenantWithKey(t, ['owner']);
    expectProblem(await t.call('POST', `/v1/tenants/${other.tenantId}/borrows/${mine.id}/return`, { key: other.key, body: { userId: mine.userId } }), 404, 'not_found');
    expectProblem(await t.call('POST', r.path(`/borrows/${mine.id}/return`), { key: other.key, body: { userId: a } }), 404, 'not_found');
  });
});
