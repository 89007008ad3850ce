import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';
import { runtimeTenant, type RuntimeTenant } from '../../../test-support/runtime-tenant.js';

describe.each(dialects)('the wait queue on %s', (dialect) => {
  let t: TestApp;
  let r: RuntimeTenant;
  const open = (userId: string, module: string, extra: Record<string, unknown> = {}) => r.open(userId, [module], extra);
  const poll = (queueId: string) => t.call('GET', r.path(`/session-queue/${queueId}`), { key: r.appKey });
  const close = (sessionId: string) => t.call('DELETE', r.path(`/sessions/${sessionId}`), { key: r.appKey });
  const beat = (sessionId: string) => t.call('POST', r.path(`/sessions/${sessionId}/heartbeat`), { key: r.appKey });
  const license = (module: string, quantity: number) =>
    t.call('POST', r.path('/licenses'), { body: { code: module, name: module, model: 'concurrent', product: 'wq', modules: [module], quantity, heartbeatSeconds: 600 } });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    r = await runtimeTenant(t, { mode: 'sandbox', clock: '2024-03-06T10:00:00Z' });
    await t.call('POST', '/v1/products', { body: { code: 'wq', name: 'Queue', modules: ['one', 'two', 'three', 'none'].map((code) => ({ code, name: code })) } });
  });
  afterAll(() => t.close());

  it('serves waiters first come first, offers a freed license to the first, and lets its first heartbeat claim it', async () => {
    await license('one', 1);
    const [a, b, c, d] = [await r.user('a@q.io'), await r.user('b@q.io'), await r.user('c@q.io'), await r.user('d@q.io')];
    const held = await open(a, 'wq:one');
    expect(held.status).toBe(201);
    const first = await open(b, 'wq:one', { wait: true });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ position: 1, claimSeconds: 60 });
    expect(first.body.queueId).toMatch(/^squ_/);
    const second = await open(c, 'wq:one', { wait: true, claimSeconds: 30 });
    expect(second.body).toMatchObject({ position: 2, claimSeconds: 30 });
    const refused = await open(d, 'wq:one');
    expectProblem(refused, 409, 'concurrency_limit');
    expect(refused.body).toMatchObject({ queueLength: 2 });
    expect(refused.body.detail).toContain('2 waiters are ahead');

    const queue = await t.call('GET', r.path('/session-queue'), { key: r.ownerKey });
    expect(queue.body.items.map((e: { userId: string; position: number }) => [e.userId, e.position])).toEqual([
      [b, 1],
      [c, 2],
    ]);

    await close(held.body.id);
    // The freed license is owed to the first waiter: a newcomer and the second waiter do not get it.
    expectProblem(await open(d, 'wq:one'), 409, 'concurrency_limit');
    expect((await poll(second.body.queueId)).body).toMatchObject({ state: 'waiting', position: 2, sessionId: null });
    const offered = await poll(first.body.queueId);
    expect(offered.body).toMatchObject({ state: 'offered', position: null, offeredAt: '2024-03-06T10:00:00.000Z' });
    const session = await t.call('GET', r.path(`/sessions/${offered.body.sessionId}`), { key: r.ownerKey });
    // Held for the claim time, then the license's heartbeat once claimed.
    expect(session.body).toMatchObject({ userId: b, state: 'live', expiresAt: '2024-03-06T10:01:00.000Z' });
    expect((await poll(second.body.queueId)).body).toMatchObject({ state: 'waiting', position: 1 });

    expect((await beat(offered.body.sessionId)).body.expiresAt).toBe('2024-03-06T10:10:00.000Z');
    expect((await poll(first.body.queueId)).body).toMatchObject({ state: 'claimed', sessionId: offered.body.sessionId });
    expect((await t.call('GET', r.path('/session-queue'), { key: r.ownerKey })).body.items).toHaveLength(1);
  });

  it('passes an offer not claimed in time to the next waiter', async () => {
    await license('two', 1);
    const [a, b, c] = [await r.user('a2@q.io'), await r.user('b2@q.io'), await r.user('c2@q.io')];
    const held = await open(a, 'wq:two');
    const first = await open(b, 'wq:two', { wait: true, claimSeconds: 30 });
    const second = await open(c, 'wq:two', { wait: true, claimSeconds: 60 });
    await close(held.body.id);
    const offer = await poll(first.body.queueId);
    expect(offer.body.state).toBe('offered');
    await r.advance('PT20S');
    expect((await poll(second.body.queueId)).body).toMatchObject({ state: 'waiting', position: 1 });
    await r.advance('PT10S');
    expect((await poll(first.body.queueId)).body).toMatchObject({ state: 'expired' });
    expectProblem(await beat(offer.body.sessionId), 410, 'session_ended');
    const next = await poll(second.body.queueId);
    expect(next.body).toMatchObject({ state: 'offered' });
    expect((await beat(next.body.sessionId)).status).toBe(200);
  });

  it('drops a waiter unheard for its claim time, and a leaver gives back its offer', async () => {
    await license('three', 1);
    const [a, b, c, d] = [await r.user('a3@q.io'), await r.user('b3@q.io'), await r.user('c3@q.io'), await r.user('d3@q.io')];
    const held = await open(a, 'wq:three');
    const silent = await open(b, 'wq:three', { wait: true, claimSeconds: 10 });
    const leaver = await open(c, 'wq:three', { wait: true, claimSeconds: 60 });
    expect(leaver.body.position).toBe(2);
    await r.advance('PT11S');
    expect((await poll(silent.body.queueId)).body.state).toBe('expired');
    expect((await poll(leaver.body.queueId)).body).toMatchObject({ state: 'waiting', position: 1 });
    await close(held.body.id);
    expect((await poll(leaver.body.queueId)).body.state).toBe('offered');
    expect((await t.call('DELETE', r.path(`/session-queue/${leaver.body.queueId}`), { key: r.appKey })).status).toBe(204);
    expectProblem(await poll(leaver.body.queueId), 404, 'not_found');
    // The offer's session was ended with it: the license is free for anyone.
    expect((await open(d, 'wq:three')).status).toBe(201);
  });

  it('queues nothing for a refusal other than the limit, and refuses a claim time out of range', async () => {
    const a = await r.user('a4@q.io');
    expectProblem(await open(a, 'wq:none', { wait: true }), 403, 'not_licensed');
    expect((await t.call('GET', r.path('/session-queue'), { key: r.ownerKey })).body.items.every((e: { modules: string[] }) => !e.modules.includes('wq:none'))).toBe(true);
    expectProblem(await open(a, 'wq:one', { wait: true, claimSeconds: 1 }), 400, 'invalid_request');
  });

  it("answers 404 for another tenant's queue entry", async () => {
    const b = await r.user('b5@q.io');
    const waiting = await open(b, 'wq:one', { wait: true });
    expect(waiting.status).toBe(202);
    const other = await tenantWithKey(t, ['owner']);
    expectProblem(await t.call('GET', `/v1/tenants/${other.tenantId}/session-queue/${waiting.body.queueId}`, { key: other.key }), 404, 'not_found');
    expectProblem(await t.call('DELETE', `/v1/tenants/${other.tenantId}/session-queue/${waiting.body.queueId}`, { key: other.key }), 404, 'not_found');
    expectProblem(await t.call('GET', r.path(`/session-queue/${waiting.body.queueId}`), { key: other.key }), 404, 'not_found');
  });
});
