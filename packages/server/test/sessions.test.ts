import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('concurrent licensing on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const user = async (email: string) => (await t.call('POST', path('/users'), { key: ownerKey, body: { email, name: email } })).body.id as string;
  const open = (userId: string, modules: string[], extra: Record<string, unknown> = {}) => t.call('POST', path('/sessions'), { key: appKey, body: { userId, modules, ...extra } });
  const access = (userId: string, module: string) => t.call('POST', path('/access'), { key: appKey, body: { userId, module } });
  const advance = (advanceBy: string) => t.call('POST', path('/clock'), { key: ownerKey, body: { advanceBy } });
  const license = async (body: Record<string, unknown>) => {
    const answer = await t.call('POST', path('/licenses'), { body: { name: String(body.code), model: 'concurrent', ...body } });
    if (answer.status !== 201) throw new Error(answer.text);
    return answer.body;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-03-06T10:00:00Z', timeZone: 'Europe/Berlin' }));
    appKey = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
    await t.call('POST', '/v1/products', {
      body: { code: 'fm', name: 'Facilities', modules: ['space', 'assets', 'leases', 'config', 'grace', 'multi1', 'multi2', 'spare'].map((code) => ({ code, name: code })) },
    });
  });
  afterAll(() => t.close());

  it('opens sessions up to the licensed number and names the holders when full', async () => {
    const lic = await license({ code: 'space', product: 'fm', modules: ['space'], quantity: 2, heartbeatSeconds: 120 });
    expect(lic).toMatchObject({ model: 'concurrent', heartbeatSeconds: 120, quantity: 2 });
    const [a, b, c] = [await user('a@c.io'), await user('b@c.io'), await user('c@c.io')];
    const first = await open(a, ['fm:space']);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ userId: a, state: 'live', heartbeatSeconds: 120, expiresAt: '2024-03-06T10:02:00.000Z', modules: [{ module: 'fm:space', licenseId: lic.id, excess: false }] });
    expect(first.body.id).toMatch(/^ses_/);
    expect((await open(b, ['fm:space'])).status).toBe(201);
    const usage = await t.call('GET', path(`/licenses/${lic.id}/sessions`), { key: ownerKey });
    expect(usage.body).toMatchObject({ licenseId: lic.id, quantity: 2, live: 2, inGrace: false, nextCursor: null });
    expect(usage.body.items.map((h: { userId: string }) => h.userId).sort()).toEqual([a, b].sort());
    expect(usage.body.items.map((h: { id: string }) => h.id)).toContain(first.body.id);
    const full = await open(c, ['fm:space']);
    expectProblem(full, 409, 'concurrency_limit');
    expect(full.body.holders.map((h: { userId: string }) => h.userId).sort()).toEqual([a, b].sort());
    expect(full.body.holders[0]).toMatchObject({ since: '2024-03-06T10:00:00.000Z', lastSeenAt: '2024-03-06T10:00:00.000Z' });
    const denied = await t.call('GET', path(`/logs/denied?userId=${c}`), { key: ownerKey });
    expect(denied.body.items[0]).toMatchObject({ module: 'fm:space', code: 'concurrency_limit', licenseId: lic.id });
    expect((await access(c, 'fm:space')).body.code).toBe('concurrency_limit');
    // After a logout the next one gets in.
    expect((await t.call('DELETE', path(`/sessions/${first.body.id}`), { key: appKey })).body).toMatchObject({ state: 'ended', endReason: 'logout' });
    expect((await open(c, ['fm:space'])).status).toBe(201);
    expectProblem(await t.call('DELETE', path(`/sessions/${first.body.id}`), { key: appKey }), 410, 'session_ended');
  });

  it('stops counting an overdue session at once, closes it as timeout, and answers a late heartbeat 410', async () => {
    await license({ code: 'assets', product: 'fm', modules: ['assets'], quantity: 1, heartbeatSeconds: 60 });
    const [a, b] = [await user('ta@c.io'), await user('tb@c.io')];
    const held = await open(a, ['fm:assets']);
    expectProblem(await open(b, ['fm:assets']), 409, 'concurrency_limit');
    await advance('PT30S');
    const kept = await t.call('POST', path(`/sessions/${held.body.id}/heartbeat`), { key: appKey });
    expect(kept.body.expiresAt).toBe('2024-03-06T10:01:30.000Z');
    await advance('PT61S');
    // The job ran with the clock move; the session ended when it stopped counting.
    const list = await t.call('GET', path(`/sessions?state=ended&userId=${a}`), { key: ownerKey });
    expect(list.body.items[0]).toMatchObject({ id: held.body.id, state: 'ended', endReason: 'timeout', endedAt: '2024-03-06T10:01:30.000Z' });
    expectProblem(await t.call('POST', path(`/sessions/${held.body.id}/heartbeat`), { key: appKey }), 410, 'session_ended');
    expect((await open(b, ['fm:assets'])).status).toBe(201);
  });

  it('holds several modules at once, or none', async () => {
    await license({ code: 'multi1', product: 'fm', modules: ['multi1'], quantity: 5 });
    await license({ code: 'multi2', product: 'fm', modules: ['multi2'], quantity: 1 });
    const [a, b] = [await user('ma@c.io'), await user('mb@c.io')];
    expect((await open(a, ['fm:multi1', 'fm:multi2'])).body.modules).toHaveLength(2);
    expectProblem(await open(b, ['fm:multi1', 'fm:multi2']), 409, 'concurrency_limit');
    const live = await t.call('GET', path(`/sessions?state=live&userId=${b}`), { key: ownerKey });
    expect(live.body.items).toHaveLength(0);
    const multi1 = await t.call('GET', path('/sessions?state=live&module=fm:multi1'), { key: ownerKey });
    expect(multi1.body.items.map((s: { userId: string }) => s.userId)).toEqual([a]);
  });

  it('lifts the limit during a grace period, logging every excess session, and holds it again after', async () => {
    const lic = await license({ code: 'grace', product: 'fm', modules: ['grace'], quantity: 1 });
    const grace = await t.call('POST', path(`/licenses/${lic.id}/grace`), { body: { startsAt: '2024-03-06', endsAt: '2024-03-07', orderNumber: 'PO-77' } });
    expect(grace.status).toBe(201);
    expect(grace.body).toMatchObject({ startsAt: '2024-03-05T23:00:00.000Z', endsAt: '2024-03-07T23:00:00.000Z', orderNumber: 'PO-77' });
    const [a, b, c] = [await user('ga@c.io'), await user('gb@c.io'), await user('gc@c.io')];
    expect((await open(a, ['fm:grace'])).body.modules[0].excess).toBe(false);
    const second = await open(b, ['fm:grace']);
    expect(second.status).toBe(201);
    expect(second.body.modules[0].excess).toBe(true);
    expect((await open(c, ['fm:grace'])).body.modules[0].excess).toBe(true);
    const log = await t.call('GET', path(`/logs/excess?licenseId=${lic.id}`), { key: ownerKey });
    expect(log.body.items.map((e: { excessUsers: number }) => e.excessUsers)).toEqual([2, 1]);
    expect(log.body.items[0]).toMatchObject({ licenseCode: 'grace', userId: c, licensedMaximum: 1, module: 'fm:grace' });
    expect((await access(await user('gd@c.io'), 'fm:grace')).body.code).toBe('grace_excess');
    await advance('P2D');
    // The grace period is over (and the sessions above have timed out): the limit holds again.
    expect((await open(await user('ge@c.io'), ['fm:grace'])).body.modules[0].excess).toBe(false);
    expectProblem(await open(await user('gf@c.io'), ['fm:grace']), 409, 'concurrency_limit');
  });

  it('refuses a grace key on a named license with 422', async () => {
    const named = await t.call('POST', path('/licenses'), { body: { code: 'named-g', name: 'N', model: 'named', product: 'fm', quantity: 1 } });
    expectProblem(await t.call('POST', path(`/licenses/${named.body.id}/grace`), { body: { startsAt: '2024-03-06', endsAt: '2024-03-07', orderNumber: 'X' } }), 422, 'unprocessable');
  });

  it('grants a module for one day with a day code, logs each use, and refuses it the next day', async () => {
    const code = await t.call('POST', path('/day-codes'), { body: { module: 'fm:config' } });
    expect(code.status).toBe(201);
    const today = code.body.validOn;
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const consultant = await user('consultant@c.io');
    expectProblem(await open(consultant, ['fm:config']), 403, 'not_licensed');
    const session = await open(consultant, ['fm:config'], { dayCode: code.body.dayCode });
    expect(session.status).toBe(201);
    expect(session.body.modules[0]).toMatchObject({ module: 'fm:config', licenseId: null, dayCodeId: code.body.id });
    expect((await access(consultant, 'fm:config')).body.code).toBe('day_code');
    const log = await t.call('GET', path('/logs/day-codes'), { key: ownerKey });
    expect(log.body.items[0]).toMatchObject({ userId: consultant, module: 'fm:config', sessionId: session.body.id });
    await advance('P1D');
    const tomorrow = await open(consultant, ['fm:config'], { dayCode: code.body.dayCode });
    expectProblem(tomorrow, 403, 'day_code_invalid');
    expect(tomorrow.body.validOn).toBe(today);
  });

  it('lists the day codes issued, newest first, with their uses but never the codes again', async () => {
    const used = await t.call('POST', path('/day-codes'), { body: { module: 'fm:config' } });
    const later = await t.call('POST', path('/day-codes'), { body: { module: 'fm:spare', validOn: '2099-01-01' } });
    const session = await open(await user('lister@c.io'), ['fm:config'], { dayCode: used.body.dayCode });
    expect(session.status).toBe(201);
    const list = await t.call('GET', path('/day-codes?limit=500'), { key: ownerKey });
    expect(list.status).toBe(200);
    const mine = list.body.items.filter((c: { id: string }) => c.id === used.body.id || c.id === later.body.id);
    expect(mine).toEqual([
      { id: later.body.id, module: 'fm:spare', validOn: '2099-01-01', createdAt: expect.any(String), uses: 0 },
      { id: used.body.id, module: 'fm:config', validOn: used.body.validOn, createdAt: expect.any(String), uses: 1 },
    ]);
    expect((await t.call('GET', path('/day-codes?validFrom=2098-12-31'), { key: ownerKey })).body.items.map((c: { id: string }) => c.id)).toEqual([later.body.id]);
    const configOnly = await t.call('GET', path('/day-codes?module=fm:config&limit=500'), { key: ownerKey });
    expect(configOnly.body.items.every((c: { module: string }) => c.module === 'fm:config')).toBe(true);
    expectProblem(await t.call('GET', path('/day-codes?validFrom=someday'), { key: ownerKey }), 400, 'invalid_request');
    expect(list.text).not.toContain(used.body.dayCode);
    expectProblem(await t.call('GET', path('/day-codes'), { key: appKey }), 403, 'forbidden');
  });

  it('refuses a day code of another tenant or for another module', async () => {
    const other = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-03-08T10:00:00Z', timeZone: 'Europe/Berlin' });
    const theirs = await t.call('POST', `/v1/tenants/${other.tenantId}/day-codes`, { body: { module: 'fm:config' } });
    const someone = await user('dc@c.io');
    expectProblem(await open(someone, ['fm:config'], { dayCode: theirs.body.dayCode }), 403, 'day_code_invalid');
    const mine = await t.call('POST', path('/day-codes'), { body: { module: 'fm:spare' } });
    expectProblem(await open(someone, ['fm:config'], { dayCode: mine.body.dayCode }), 403, 'day_code_invalid');
    expectProblem(await open(someone, ['fm:config'], { dayCode: 'DC-nonsense' }), 403, 'day_code_invalid');
    expectProblem(await t.call('POST', path('/day-codes'), { key: ownerKey, body: { module: 'fm:config' } }), 403, 'forbidden');
  });

  it('refuses sessions on expired and suspended licenses and lets an admin end any session', async () => {
    const lic = await license({ code: 'leases', product: 'fm', modules: ['leases'], quantity: 3, validUntil: '2024-03-20' });
    const u = await user('lease@c.io');
    const s = await open(u, ['fm:leases']);
    const ended = await t.call('POST', path(`/sessions/${s.body.id}/end`), { key: ownerKey });
    expect(ended.body).toMatchObject({ state: 'ended', endReason: 'admin' });
    await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { status: 'suspended' } });
    expectProblem(await open(u, ['fm:leases']), 403, 'suspended');
    await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { status: 'active' } });
    await advance('P15D');
    expectProblem(await open(u, ['fm:leases']), 403, 'expired');
  });

  it('answers bad session requests with their codes', async () => {
    const u = await user('bad@c.io');
    expectProblem(await open(u, []), 400, 'invalid_request');
    expectProblem(await open(u, ['fm:nothing']), 404, 'unknown_module');
    expectProblem(await open('usr_ghost', ['fm:space']), 404, 'unknown_user');
    expectProblem(await t.call('POST', path('/sessions/ses_ghost/heartbeat'), { key: appKey }), 404, 'not_found');
    expectProblem(await t.call('DELETE', path('/sessions/ses_ghost'), { key: appKey }), 404, 'not_found');
    const other = await tenantWithKey(t);
    const otherApp = (await t.call('POST', `/v1/tenants/${other.tenantId}/api-keys`, { key: other.key, body: { kind: 'app' } })).body.key;
    await license({ code: 'spare', product: 'fm', modules: ['spare'], quantity: 5 });
    const mine = await open(u, ['fm:spare']);
    expectProblem(await t.call('POST', `/v1/tenants/${other.tenantId}/sessions/${mine.body.id}/heartbeat`, { key: otherApp }), 404, 'not_found');
    expectProblem(await t.call('POST', path(`/sessions/${mine.body.id}/heartbeat`), { key: otherApp }), 404, 'not_found');
  });

  it('exports sessions as CSV', async () => {
    const csv = await t.call('GET', path('/sessions?format=csv'), { key: ownerKey });
    expect(csv.text.split('\r\n')[0]).toBe('id,tenantId,userId,state,heartbeatSeconds,startedAt,lastSeenAt,expiresAt,endedAt,endReason,modules');
    expect(csv.text.split('\r\n').length).toBeGreaterThan(5);
  });
});
