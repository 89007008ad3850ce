import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '@allot/storage';
import { dialects } from '../../../test-support/databases.js';
import { adminToken, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';
import { runtimeTenant, type RuntimeTenant } from '../../../test-support/runtime-tenant.js';

describe.each(dialects)('concurrent licensing on %s', (dialect) => {
  let t: TestApp;
  let r: RuntimeTenant;
  const access = (userId: string, module: string) => t.call('POST', r.path('/access'), { key: r.appKey, body: { userId, module } });
  const license = async (body: Record<string, unknown>) => {
    const answer = await t.call('POST', r.path('/licenses'), { body: { name: String(body.code), model: 'concurrent', ...body } });
    if (answer.status !== 201) throw new Error(answer.text);
    return answer.body;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    r = await runtimeTenant(t, { mode: 'sandbox', clock: '2024-03-06T10:00:00Z', timeZone: 'Europe/Berlin' });
    await t.call('POST', '/v1/products', {
      body: { code: 'fm', name: 'Facilities', modules: ['space', 'assets', 'leases', 'config', 'grace', 'multi1', 'multi2', 'spare'].map((code) => ({ code, name: code })) },
    });
  });
  afterAll(() => t.close());

  it('opens sessions up to the licensed number and names the holders when full', async () => {
    const lic = await license({ code: 'space', product: 'fm', modules: ['space'], quantity: 2, heartbeatSeconds: 120 });
    expect(lic).toMatchObject({ model: 'concurrent', heartbeatSeconds: 120, quantity: 2 });
    const [a, b, c] = [await r.user('a@c.io'), await r.user('b@c.io'), await r.user('c@c.io')];
    const first = await r.open(a, ['fm:space']);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ userId: a, state: 'live', heartbeatSeconds: 120, expiresAt: '2024-03-06T10:02:00.000Z', modules: [{ module: 'fm:space', licenseId: lic.id, excess: false }] });
    expect(first.body.id).toMatch(/^ses_/);
    expect((await r.open(b, ['fm:space'])).status).toBe(201);
    const usage = await t.call('GET', r.path(`/licenses/${lic.id}/sessions`), { key: r.ownerKey });
    expect(usage.body).toMatchObject({ licenseId: lic.id, quantity: 2, live: 2, inGrace: false, nextCursor: null });
    expect(usage.body.items.map((h: { userId: string }) => h.userId).sort()).toEqual([a, b].sort());
    expect(usage.body.items.map((h: { id: string }) => h.id)).toContain(first.body.id);
    const full = await r.open(c, ['fm:space']);
    expectProblem(full, 409, 'concurrency_limit');
    expect(full.body.holders.map((h: { userId: string }) => h.userId).sort()).toEqual([a, b].sort());
    expect(full.body.holders[0]).toMatchObject({ since: '2024-03-06T10:00:00.000Z', lastSeenAt: '2024-03-06T10:00:00.000Z' });
    const denied = await t.call('GET', r.path(`/logs/denied?userId=${c}`), { key: r.ownerKey });
    expect(denied.body.items[0]).toMatchObject({ module: 'fm:space', code: 'concurrency_limit', licenseId: lic.id });
    expect((await access(c, 'fm:space')).body.code).toBe('concurrency_limit');
    // After a logout the next one gets in.
    expect((await t.call('DELETE', r.path(`/sessions/${first.body.id}`), { key: r.appKey })).body).toMatchObject({ state: 'ended', endReason: 'logout' });
    expect((await r.open(c, ['fm:space'])).status).toBe(201);
    expectProblem(await t.call('DELETE', r.path(`/sessions/${first.body.id}`), { key: r.appKey }), 410, 'session_ended');
  });

  it('stops counting an overdue session at once, closes it as timeout, and answers a late heartbeat 410', async () => {
    await license({ code: 'assets', product: 'fm', modules: ['assets'], quantity: 1, heartbeatSeconds: 60 });
    const [a, b] = [await r.user('ta@c.io'), await r.user('tb@c.io')];
    const held = await r.open(a, ['fm:assets']);
    expectProblem(await r.open(b, ['fm:assets']), 409, 'concurrency_limit');
    await r.advance('PT30S');
    const kept = await t.call('POST', r.path(`/sessions/${held.body.id}/heartbeat`), { key: r.appKey });
    expect(kept.body.expiresAt).toBe('2024-03-06T10:01:30.000Z');
    await r.advance('PT61S');
    // The job ran with the clock move; the session ended when it stopped counting.
    const list = await t.call('GET', r.path(`/sessions?state=ended&userId=${a}`), { key: r.ownerKey });
    expect(list.body.items[0]).toMatchObject({ id: held.body.id, state: 'ended', endReason: 'timeout', endedAt: '2024-03-06T10:01:30.000Z' });
    expectProblem(await t.call('POST', r.path(`/sessions/${held.body.id}/heartbeat`), { key: r.appKey }), 410, 'session_ended');
    expect((await r.open(b, ['fm:assets'])).status).toBe(201);
  });

  it('holds several modules at once, or none', async () => {
    await license({ code: 'multi1', product: 'fm', modules: ['multi1'], quantity: 5 });
    await license({ code: 'multi2', product: 'fm', modules: ['multi2'], quantity: 1 });
    const [a, b] = [await r.user('ma@c.io'), await r.user('mb@c.io')];
    expect((await r.open(a, ['fm:multi1', 'fm:multi2'])).body.modules).toHaveLength(2);
    expectProblem(await r.open(b, ['fm:multi1', 'fm:multi2']), 409, 'concurrency_limit');
    const live = await t.call('GET', r.path(`/sessions?state=live&userId=${b}`), { key: r.ownerKey });
    expect(live.body.items).toHaveLength(0);
    const multi1 = await t.call('GET', r.path('/sessions?state=live&module=fm:multi1'), { key: r.ownerKey });
    expect(multi1.body.items.map((s: { userId: string }) => s.userId)).toEqual([a]);
  });

  it('lifts the limit during a grace period, logging every excess session, and holds it again after', async () => {
    const lic = await license({ code: 'grace', product: 'fm', modules: ['grace'], quantity: 1 });
    const grace = await t.call('POST', r.path(`/licenses/${lic.id}/grace`), { body: { startsAt: '2024-03-06', endsAt: '2024-03-07', orderNumber: 'PO-77' } });
    expect(grace.status).toBe(201);
    expect(grace.body).toMatchObject({ startsAt: '2024-03-05T23:00:00.000Z', endsAt: '2024-03-07T23:00:00.000Z', orderNumber: 'PO-77' });
    const [a, b, c] = [await r.user('ga@c.io'), await r.user('gb@c.io'), await r.user('gc@c.io')];
    expect((await r.open(a, ['fm:grace'])).body.modules[0].excess).toBe(false);
    const second = await r.open(b, ['fm:grace']);
    expect(second.status).toBe(201);
    expect(second.body.modules[0].excess).toBe(true);
    expect((await r.open(c, ['fm:grace'])).body.modules[0].excess).toBe(true);
    const log = await t.call('GET', r.path(`/logs/excess?licenseId=${lic.id}`), { key: r.ownerKey });
    expect(log.body.items.map((e: { excessUsers: number }) => e.excessUsers)).toEqual([2, 1]);
    expect(log.body.items[0]).toMatchObject({ licenseCode: 'grace', userId: c, licensedMaximum: 1, module: 'fm:grace' });
    expect((await access(await r.user('gd@c.io'), 'fm:grace')).body.code).toBe('grace_excess');
    await r.advance('P2D');
    // The grace period is over (and the sessions above have timed out): the limit holds again.
    expect((await r.open(await r.user('ge@c.io'), ['fm:grace'])).body.modules[0].excess).toBe(false);
    expectProblem(await r.open(await r.user('gf@c.io'), ['fm:grace']), 409, 'concurrency_limit');
  });

  it('refuses a grace key on a named license with 422', async () => {
    const named = await t.call('POST', r.path('/licenses'), { body: { code: 'named-g', name: 'N', model: 'named', product: 'fm', quantity: 1 } });
    expectProblem(await t.call('POST', r.path(`/licenses/${named.body.id}/grace`), { body: { startsAt: '2024-03-06', endsAt: '2024-03-07', orderNumber: 'X' } }), 422, 'unprocessable');
  });

  it('grants a module for one day with a day code, logs each use, and refuses it the next day', async () => {
    const code = await t.call('POST', r.path('/day-codes'), { body: { module: 'fm:config' } });
    expect(code.status).toBe(201);
    const today = code.body.validOn;
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const consultant = await r.user('consultant@c.io');
    expectProblem(await r.open(consultant, ['fm:config']), 403, 'not_licensed');
    const session = await r.open(consultant, ['fm:config'], { dayCode: code.body.dayCode });
    expect(session.status).toBe(201);
    expect(session.body.modules[0]).toMatchObject({ module: 'fm:config', licenseId: null, dayCodeId: code.body.id });
    expect((await access(consultant, 'fm:config')).body.code).toBe('day_code');
    const log = await t.call('GET', r.path('/logs/day-codes'), { key: r.ownerKey });
    expect(log.body.items[0]).toMatchObject({ userId: consultant, module: 'fm:config', sessionId: session.body.id });
    await r.advance('P1D');
    const tomorrow = await r.open(consultant, ['fm:config'], { dayCode: code.body.dayCode });
    expectProblem(tomorrow, 403, 'day_code_invalid');
    expect(tomorrow.body.validOn).toBe(today);
  });

  it('lists the day codes issued, newest first, with their uses but never the codes again', async () => {
    const used = await t.call('POST', r.path('/day-codes'), { body: { module: 'fm:config' } });
    const later = await t.call('POST', r.path('/day-codes'), { body: { module: 'fm:spare', validOn: '2099-01-01' } });
    const session = await r.open(await r.user('lister@c.io'), ['fm:config'], { dayCode: used.body.dayCode });
    expect(session.status).toBe(201);
    const list = await t.call('GET', r.path('/day-codes?limit=500'), { key: r.ownerKey });
    expect(list.status).toBe(200);
    const mine = list.body.items.filter((c: { id: string }) => c.id === used.body.id || c.id === later.body.id);
    expect(mine).toEqual([
      { id: later.body.id, module: 'fm:spare', validOn: '2099-01-01', createdAt: expect.any(String), uses: 0 },
      { id: used.body.id, module: 'fm:config', validOn: used.body.validOn, createdAt: expect.any(String), uses: 1 },
    ]);
    expect((await t.call('GET', r.path('/day-codes?validFrom=2098-12-31'), { key: r.ownerKey })).body.items.map((c: { id: string }) => c.id)).toEqual([later.body.id]);
    const configOnly = await t.call('GET', r.path('/day-codes?module=fm:config&limit=500'), { key: r.ownerKey });
    expect(configOnly.body.items.every((c: { module: string }) => c.module === 'fm:config')).toBe(true);
    expectProblem(await t.call('GET', r.path('/day-codes?validFrom=someday'), { key: r.ownerKey }), 400, 'invalid_request');
    expect(list.text).not.toContain(used.body.dayCode);
    expectProblem(await t.call('GET', r.path('/day-codes'), { key: r.appKey }), 403, 'forbidden');
  });

  it('refuses a day code of another tenant or for another module', async () => {
    const other = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-03-08T10:00:00Z', timeZone: 'Europe/Berlin' });
    const theirs = await t.call('POST', `/v1/tenants/${other.tenantId}/day-codes`, { body: { module: 'fm:config' } });
    const someone = await r.user('dc@c.io');
    expectProblem(await r.open(someone, ['fm:config'], { dayCode: theirs.body.dayCode }), 403, 'day_code_invalid');
    const mine = await t.call('POST', r.path('/day-codes'), { body: { module: 'fm:spare' } });
    expectProblem(await r.open(someone, ['fm:config'], { dayCode: mine.body.dayCode }), 403, 'day_code_invalid');
    expectProblem(await r.open(someone, ['fm:config'], { dayCode: 'DC-nonsense' }), 403, 'day_code_invalid');
    expectProblem(await t.call('POST', r.path('/day-codes'), { key: r.ownerKey, body: { module: 'fm:config' } }), 403, 'forbidden');
  });

  it('refuses sessions on expired and suspended licenses and lets an admin end any session', async () => {
    const lic = await license({ code: 'leases', product: 'fm', modules: ['leases'], quantity: 3, validUntil: '2024-03-20' });
    const u = await r.user('lease@c.io');
    const s = await r.open(u, ['fm:leases']);
    const ended = await t.call('POST', r.path(`/sessions/${s.body.id}/end`), { key: r.ownerKey });
    expect(ended.body).toMatchObject({ state: 'ended', endReason: 'admin' });
    await t.call('PATCH', r.path(`/licenses/${lic.id}`), { body: { status: 'suspended' } });
    expectProblem(await r.open(u, ['fm:leases']), 403, 'suspended');
    await t.call('PATCH', r.path(`/licenses/${lic.id}`), { body: { status: 'active' } });
    await r.advance('P15D');
    expectProblem(await r.open(u, ['fm:leases']), 403, 'expired');
  });

  it('answers bad session requests with their codes', async () => {
    const u = await r.user('bad@c.io');
    expectProblem(await r.open(u, []), 400, 'invalid_request');
    expectProblem(await r.open(u, ['fm:nothing']), 404, 'unknown_module');
    expectProblem(await r.open('usr_ghost', ['fm:space']), 404, 'unknown_user');
    expectProblem(await t.call('POST', r.path('/sessions/ses_ghost/heartbeat'), { key: r.appKey }), 404, 'not_found');
    expectProblem(await t.call('DELETE', r.path('/sessions/ses_ghost'), { key: r.appKey }), 404, 'not_found');
    const other = await tenantWithKey(t);
    const otherApp = (await t.call('POST', `/v1/tenants/${other.tenantId}/api-keys`, { key: other.key, body: { kind: 'app' } })).body.key;
    await license({ code: 'spare', product: 'fm', modules: ['spare'], quantity: 5 });
    const mine = await r.open(u, ['fm:spare']);
    expectProblem(await t.call('POST', `/v1/tenants/${other.tenantId}/sessions/${mine.body.id}/heartbeat`, { key: otherApp }), 404, 'not_found');
    expectProblem(await t.call('POST', r.path(`/sessions/${mine.body.id}/heartbeat`), { key: otherApp }), 404, 'not_found');
  });

  it('exports sessions as CSV', async () => {
    const csv = await t.call('GET', r.path('/sessions?format=csv'), { key: r.ownerKey });
    expect(csv.text.split('\r\n')[0]).toBe('id,tenantId,userId,state,heartbeatSeconds,startedAt,lastSeenAt,expiresAt,endedAt,endReason,modules');
    expect(csv.text.split('\r\n').length).toBeGreaterThan(5);
  });
});

describe.each(dialects)('sessions per module, on seats, and what they log on %s', (dialect) => {
  let t: TestApp;
  let r: RuntimeTenant;
  const certifiedUser = async (email: string) => (await t.call('POST', r.path('/users'), { key: r.ownerKey, body: { email, name: email, certifiedProfessional: true } })).body.id as string;
  const access = (userId: string, module: string) => t.call('POST', r.path('/access'), { key: r.appKey, body: { userId, module } });
  const license = async (body: Record<string, unknown>) => {
    const answer = await t.call('POST', r.path('/licenses'), { body: { name: String(body.code), model: 'concurrent', ...body } });
    if (answer.status !== 201) throw new Error(answer.text);
    return answer.body;
  };
  const excessLog = async (filter: string) => (await t.call('GET', r.path(`/logs/excess?${filter}`), { key: r.ownerKey })).body.items;
  const thresholdEvents = async (licenseId: string) => (await listEvents(t.store.db, r.tenantId, 'license.threshold_reached')).filter((e) => e.payload.licenseId === licenseId);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    r = await runtimeTenant(t, { mode: 'sandbox', clock: '2024-03-06T10:00:00Z', timeZone: 'Europe/Berlin' });
    await t.call('POST', '/v1/products', { body: { code: 'pm', name: 'Per module', modules: ['plan', 'book', 'solo'].map((code) => ({ code, name: code })) } });
    await t.call('POST', '/v1/products', { body: { code: 'gp', name: 'Grace', modules: ['lic', 'unlic'].map((code) => ({ code, name: code })) } });
    await t.call('POST', '/v1/products', { body: { code: 'xp', name: 'No grace', modules: [{ code: 'unlic', name: 'unlic' }] } });
    await t.call('POST', '/v1/products', { body: { code: 'sp', name: 'Seats', modules: ['named', 'au', 'srv', 'conc'].map((code) => ({ code, name: code })) } });
  });
  afterAll(() => t.close());

  it('counts concurrent users per module: a session holding two modules of a license takes one of each', async () => {
    const lic = await license({ code: 'pm-pair', product: 'pm', modules: ['plan', 'book'], quantity: 2 });
    const [a, b, c, d, e] = [await r.user('pa@c.io'), await r.user('pb@c.io'), await r.user('pc@c.io'), await r.user('pd@c.io'), await r.user('pe@c.io')];
    const first = await r.open(a, ['pm:plan', 'pm:book']);
    expect(first.status).toBe(201);
    const second = await r.open(b, ['pm:plan', 'pm:book']);
    expect(second.status).toBe(201);
    expect((await t.call('GET', r.path(`/licenses/${lic.id}`), { key: r.ownerKey })).body).toMatchObject({ quantity: 2, used: 2, percentUsed: 100 });

    // The 409 names the holders of the refused module, each once.
    const full = await r.open(c, ['pm:plan']);
    expectProblem(full, 409, 'concurrency_limit');
    expect(full.body.module).toBe('pm:plan');
    expect(full.body.holders.map((h: { sessionId: string; module: string }) => [h.sessionId, h.module])).toEqual([
      [first.body.id, 'pm:plan'],
      [second.body.id, 'pm:plan'],
    ]);

    // The license's live holders: one row per session and module, never twice the same.
    const usage = await t.call('GET', r.path(`/licenses/${lic.id}/sessions`), { key: r.ownerKey });
    expect(usage.body).toMatchObject({ quantity: 2, live: 2, modules: [{ module: 'pm:book', live: 2 }, { module: 'pm:plan', live: 2 }] });
    const rows = usage.body.items.map((h: { sessionId: string; module: string }) => `${h.sessionId} ${h.module}`);
    expect(rows).toHaveLength(4);
    expect(new Set(rows).size).toBe(4);

    // Each module frees on its own.
    await t.call('DELETE', r.path(`/sessions/${first.body.id}`), { key: r.appKey });
    const onlyBook = await r.open(c, ['pm:book']);
    expect(onlyBook.status).toBe(201);
    expect((await r.open(d, ['pm:plan'])).status).toBe(201);
    const refused = await r.open(e, ['pm:book']);
    expectProblem(refused, 409, 'concurrency_limit');
    expect(refused.body.module).toBe('pm:book');
    expect(refused.body.holders.map((h: { sessionId: string }) => h.sessionId)).toEqual([second.body.id, onlyBook.body.id]);
    expect((await access(e, 'pm:plan')).body.code).toBe('concurrency_limit');
    expect((await t.call('GET', r.path(`/licenses/${lic.id}/sessions`), { key: r.ownerKey })).body.modules).toEqual([
      { module: 'pm:book', live: 2 },
      { module: 'pm:plan', live: 2 },
    ]);
  });

  it('records license.threshold_reached when a session open crosses the threshold', async () => {
    const lic = await license({ code: 'pm-solo', product: 'pm', modules: ['solo'], quantity: 4, thresholdPercent: 50 });
    expect((await r.open(await r.user('ta1@c.io'), ['pm:solo'])).status).toBe(201);
    expect(await thresholdEvents(lic.id)).toHaveLength(0);
    expect((await r.open(await r.user('ta2@c.io'), ['pm:solo'])).status).toBe(201);
    const events = await thresholdEvents(lic.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ licenseCode: 'pm-solo', used: 2, quantity: 4, percentUsed: 50 });
    expect((await r.open(await r.user('ta3@c.io'), ['pm:solo'])).status).toBe(201);
    expect(await thresholdEvents(lic.id)).toHaveLength(1);
    expect((await t.call('GET', r.path(`/licenses/${lic.id}`), { key: r.ownerKey })).body).toMatchObject({ used: 3, thresholdReached: true });
  });

  it('logs an attempt on an unlicensed module while a grace period of the product is in force, for access checks and session opens', async () => {
    const lic = await license({ code: 'gp-lic', product: 'gp', modules: ['lic'], quantity: 3 });
    await t.call('POST', r.path(`/licenses/${lic.id}/grace`), { body: { startsAt: '2024-03-06', endsAt: '2024-03-07', orderNumber: 'PO-9' } });
    const [a, b] = [await r.user('ga@c.io'), await r.user('gb@c.io')];

    const checked = await access(a, 'gp:unlic');
    expect(checked.body).toEqual({ allowed: false, code: 'not_licensed', licenseId: null });
    const opened = await r.open(b, ['gp:lic', 'gp:unlic']);
    expectProblem(opened, 403, 'not_licensed');
    expect(opened.body.module).toBe('gp:unlic');

    const log = await excessLog('module=gp:unlic');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ licenseId: lic.id, licenseCode: 'gp-lic', userId: b, module: 'gp:unlic', sessionId: null, excessUsers: 1, licensedMaximum: 0, at: '2024-03-06T10:00:00.000Z' });
    expect(log[1]).toMatchObject({ licenseCode: 'gp-lic', userId: a, module: 'gp:unlic', excessUsers: 1, licensedMaximum: 0 });
    // Still refused and in the denied log; the refused session took nothing.
    const denied = (await t.call('GET', r.path('/logs/denied'), { key: r.ownerKey })).body.items.filter((d: { module: string }) => d.module === 'gp:unlic');
    expect(denied.map((d: { userId: string; code: string }) => [d.userId, d.code])).toEqual([
      [b, 'not_licensed'],
      [a, 'not_licensed'],
    ]);
    expect((await t.call('GET', r.path(`/licenses/${lic.id}/sessions`), { key: r.ownerKey })).body.live).toBe(0);

    // Another product's grace period says nothing about this one; a licensed module is no excess.
    expect((await access(a, 'xp:unlic')).body.code).toBe('not_licensed');
    expect(await excessLog('module=xp:unlic')).toHaveLength(0);
    expect((await access(a, 'gp:lic')).body.code).toBe('licensed');
    expect(await excessLog('module=gp:lic')).toHaveLength(0);

    // Once the grace period is over, attempts are only denied.
    await t.call('POST', r.path('/clock'), { key: r.ownerKey, body: { advanceBy: 'P2D' } });
    expect((await access(a, 'gp:unlic')).body.code).toBe('not_licensed');
    expectProblem(await r.open(a, ['gp:unlic']), 403, 'not_licensed');
    expect(await excessLog('module=gp:unlic')).toHaveLength(2);
  });

  it('opens sessions on modules the user holds a seat for, counting only concurrent licenses', async () => {
    const named = await license({ code: 'sp-named', model: 'named', product: 'sp', modules: ['named'], quantity: 1 });
    const pool = await license({ code: 'sp-au', model: 'active_user', product: 'sp', modules: ['au'], quantity: 1, thresholdPercent: 100 });
    const server = await license({ code: 'sp-srv', model: 'server', product: 'sp', modules: ['srv'] });
    const conc = await license({ code: 'sp-conc', product: 'sp', modules: ['named', 'conc'], quantity: 1 });
    const [seated, other, third, certified] = [await r.user('sa@c.io'), await r.user('sb@c.io'), await r.user('sc@c.io'), await certifiedUser('sd@c.io')];
    expect((await t.call('POST', r.path(`/licenses/${named.id}/assignments`), { key: r.ownerKey, body: { userIds: [seated] } })).status).toBe(200);

    // The seat holds sp:named; only sp:conc takes the concurrent license.
    const mixed = await r.open(seated, ['sp:named', 'sp:conc']);
    expect(mixed.status).toBe(201);
    expect(mixed.body.modules).toEqual([
      { module: 'sp:named', licenseId: named.id, excess: false, dayCodeId: null },
      { module: 'sp:conc', licenseId: conc.id, excess: false, dayCodeId: null },
    ]);
    // So sp:named still has its one concurrent license free for someone without a seat.
    const byConcurrent = await r.open(other, ['sp:named']);
    expect(byConcurrent.status).toBe(201);
    expect(byConcurrent.body.modules[0]).toMatchObject({ licenseId: conc.id });
    const full = await r.open(third, ['sp:named']);
    expectProblem(full, 409, 'concurrency_limit');
    expect(full.body.holders.map((h: { userId: string }) => h.userId)).toEqual([other]);
    expect((await t.call('GET', r.path(`/licenses/${conc.id}/sessions`), { key: r.ownerKey })).body.modules).toEqual([
      { module: 'sp:conc', live: 1 },
      { module: 'sp:named', live: 1 },
    ]);

    // A certified professional uses the named license without a seat; a server license covers everyone.
    expect((await r.open(certified, ['sp:named'])).body.modules[0]).toMatchObject({ licenseId: named.id });
    expect((await r.open(third, ['sp:srv'])).body.modules[0]).toMatchObject({ licenseId: server.id });

    // A session links a free active-user license (SPEC 3.7), with its threshold event; the pool full refuses.
    const linked = await r.open(seated, ['sp:au']);
    expect(linked.status).toBe(201);
    expect(linked.body.modules[0]).toMatchObject({ licenseId: pool.id });
    const links = await t.call('GET', r.path(`/licenses/${pool.id}/linked-users`), { key: r.ownerKey });
    expect(links.body.items.map((l: { userId: string }) => l.userId)).toEqual([seated]);
    expect(await thresholdEvents(pool.id)).toHaveLength(1);
    expect((await r.open(seated, ['sp:au'])).status).toBe(201);
    expectProblem(await r.open(other, ['sp:au']), 409, 'seat_limit');
    // A refused open changes nothing: it linked nobody, even for a module it would have had.
    const pool2 = await license({ code: 'sp-au2', model: 'active_user', product: 'sp', modules: ['conc'], quantity: 5 });
    expectProblem(await r.open(other, ['sp:conc', 'sp:au']), 409, 'seat_limit');
    expect((await t.call('GET', r.path(`/licenses/${pool2.id}/linked-users`), { key: r.ownerKey })).body.items).toEqual([]);
    expect((await r.open(other, ['sp:conc'])).body.modules[0]).toMatchObject({ licenseId: pool2.id });
  });

  it('ends a session as admin when an administrator deletes it, and as logout when its application does', async () => {
    await license({ code: 'sp-end', product: 'sp', modules: ['conc'], quantity: 50 });
    const systemAdmin = (await t.call('POST', r.path('/api-keys'), { key: r.ownerKey, body: { kind: 'admin', roles: ['system_admin'] } })).body.key;
    const someone = await r.user('end@c.io');
    const endWith = async (key: string) => {
      const session = await r.open(someone, ['sp:conc']);
      expect(session.status).toBe(201);
      const ended = await t.call('DELETE', r.path(`/sessions/${session.body.id}`), { key });
      expect(ended.status).toBe(200);
      return ended.body.endReason;
    };
    expect(await endWith(r.appKey)).toBe('logout');
    expect(await endWith(r.ownerKey)).toBe('admin');
    expect(await endWith(systemAdmin)).toBe('admin');
    expect(await endWith(adminToken)).toBe('admin');
    const ended = await t.call('GET', r.path(`/sessions?state=ended&userId=${someone}`), { key: r.ownerKey });
    expect(ended.body.items.map((s: { endReason: string }) => s.endReason)).toEqual(['admin', 'admin', 'admin', 'logout']);
  });
});
