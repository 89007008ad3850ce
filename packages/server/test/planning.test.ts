import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('seat planning on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  let licenseId: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const user = async (email: string) => (await t.call('POST', path('/users'), { key: ownerKey, body: { email, name: email } })).body.id as string;
  const open = (userId: string) => t.call('POST', path('/sessions'), { key: appKey, body: { userId, modules: ['plan:desk'] } });
  const close = (sessionId: string) => t.call('DELETE', path(`/sessions/${sessionId}`), { key: appKey });
  const advance = (advanceBy: string) => t.call('POST', path('/clock'), { key: ownerKey, body: { advanceBy } });
  const plan = (query: string, id = licenseId) => t.call('GET', path(`/licenses/${id}/planning?${query}`), { key: ownerKey });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // 09:00 in Berlin; the tenant day of 6 March began at 5 March 23:00Z.
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-03-06T08:00:00Z', timeZone: 'Europe/Berlin' }));
    appKey = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
    await t.call('POST', '/v1/products', { body: { code: 'plan', name: 'Planning', modules: [{ code: 'desk', name: 'Desk' }] } });
    licenseId = (await t.call('POST', path('/licenses'), { body: { code: 'desk', name: 'Desk', model: 'concurrent', product: 'plan', modules: ['desk'], quantity: 2, heartbeatSeconds: 7200 } })).body.id;

    // A 08:00–09:00, B 08:00–10:00, C refused at 08:30 and admitted 09:00–10:00, E 10:00 never heard
    // from again: it timed out at 12:00.
    const [a, b, c, e] = [await user('a@plan.io'), await user('b@plan.io'), await user('c@plan.io'), await user('e@plan.io')];
    const sessionA = (await open(a)).body.id;
    const sessionB = (await open(b)).body.id;
    await advance('PT30M');
    expectProblem(await open(c), 409, 'concurrency_limit');
    await advance('PT30M');
    await close(sessionA);
    const sessionC = (await open(c)).body.id;
    await advance('PT1H');
    await close(sessionB);
    await close(sessionC);
    expect((await open(e)).status).toBe(201);
    await advance('PT3H');
  });
  afterAll(() => t.close());

  it('replays the day: peak, denials, minutes at each level and the refused share per quantity', async () => {
    const answer = await plan('from=2024-03-06&to=2024-03-06');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      kind: 'concurrent',
      licenseId,
      quantity: 2,
      from: '2024-03-06',
      to: '2024-03-06',
      timeZone: 'Europe/Berlin',
      targetDenialRate: 0.01,
      attempts: 5,
      peak: 2,
      days: [{ date: '2024-03-06', modules: [{ module: 'plan:desk', peak: 2, denials: 1 }] }],
      // 23:00Z to now, 13:00Z: idle until 08:00, two live until 10:00, E alone until its expiry at 12:00.
      levels: [{ module: 'plan:desk', minutes: [600, 120, 120] }],
      // Sessions of 60, 120, 60 and 120 minutes: the refusal would have held one for 90.
      assumedMinutesPerRefusal: { 'plan:desk': 90 },
    });
    // Lowest free number on arrival: A 1, B 2, the refusal 3 (until 10:00), C 1, E 1.
    expect(answer.body.candidates).toEqual([
      { quantity: 1, refused: 2, refusedShare: 0.4 },
      { quantity: 2, refused: 1, refusedShare: 0.2 },
      { quantity: 3, refused: 0, refusedShare: 0 },
      { quantity: 4, refused: 0, refusedShare: 0 },
    ]);
    expect(answer.body.recommendation).toBe(3);
    expect((await plan('from=2024-03-06&to=2024-03-06&targetDenialRate=0.2')).body.recommendation).toBe(2);
  });

  it('answers the days of the period before and after any use', async () => {
    const answer = await plan('from=2024-03-05&to=2024-03-07');
    expect(answer.body.days.map((d: { date: string; modules: { peak: number }[] }) => [d.date, d.modules[0]?.peak])).toEqual([
      ['2024-03-05', 0],
      ['2024-03-06', 2],
      ['2024-03-07', 0],
    ]);
    expect(answer.body.attempts).toBe(5);
    const before = await plan('from=2024-02-01&to=2024-02-29');
    expect(before.body).toMatchObject({ attempts: 0, peak: 0, recommendation: 0, candidates: [], levels: [] });
    expect(before.body.days).toHaveLength(29);
  });

  it.each([
    ['to before from', 'from=2024-03-06&to=2024-03-05', 'to'],
    ['more than 400 days', 'from=2023-01-01&to=2024-02-05', 'to'],
    ['no such day', 'from=2024-02-30&to=2024-03-05', 'from'],
    ['an instant', 'from=2024-03-01T00:00:00Z&to=2024-03-05', 'from'],
  ])('refuses %s with a 400 naming the field', async (_case, query, field) => {
    const answer = await plan(query);
    expectProblem(answer, 400, 'invalid_request');
    expect(answer.body.field ?? answer.body.detail).toContain(field);
  });

  it('refuses a target outside 0 to 1 and a missing period', async () => {
    expectProblem(await plan('from=2024-03-06&to=2024-03-06&targetDenialRate=2'), 400, 'invalid_request');
    expectProblem(await plan('from=2024-03-06'), 400, 'invalid_request');
  });

  it('lists the seats of a named license nobody has used for 30, 60 or 90 days', async () => {
    const { tenantId: seatTenant, key } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-01-10T09:00:00Z' });
    const at = (rest: string) => `/v1/tenants/${seatTenant}${rest}`;
    const app = (await t.call('POST', at('/api-keys'), { key, body: { kind: 'app' } })).body.key;
    const named = (await t.call('POST', at('/licenses'), { body: { code: 'named', name: 'Named', model: 'named', product: 'plan', quantity: 5 } })).body.id;
    const people: string[] = [];
    for (const name of ['early', 'recent', 'never']) people.push((await t.call('POST', at('/users'), { key, body: { email: `${name}@plan.io`, name } })).body.id);
    const [early, recent, never] = people as [string, string, string];
    expect((await t.call('POST', at(`/licenses/${named}/assignments`), { key, body: { userIds: people } })).status).toBe(200);
    const check = async (userId: string) => expect((await t.call('POST', at('/access'), { key: app, body: { userId, module: 'plan:desk' } })).body).toMatchObject({ allowed: true, code: 'licensed' });
    await check(early);
    await t.call('POST', at('/clock'), { key, body: { advanceBy: 'P40D' } });
    await check(recent);
    await t.call('POST', at('/clock'), { key, body: { advanceBy: 'P25D' } });
    const answer = await t.call('GET', at(`/licenses/${named}/planning`), { key });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ kind: 'seats', licenseId: named, quantity: 5, seatsHeld: 3, idle: { days30: 2, days60: 2, days90: 0 } });
    expect(answer.body.idleSeats.map((s: { userId: string; idleForDays: number; lastAccessAt: string | null }) => [s.userId, s.idleForDays, s.lastAccessAt])).toEqual([
      [early, 60, '2024-01-10T09:00:00.000Z'],
      [never, 60, null],
    ]);
    expect(answer.body.idleSeats.map((s: { email: string }) => s.email)).toEqual(['early@plan.io', 'never@plan.io']);
  });

  it('answers 404 for a license of another tenant and 422 for a license that counts no sessions', async () => {
    const other = await tenantWithKey(t, ['owner']);
    const foreign = await t.call('GET', `/v1/tenants/${other.tenantId}/licenses/${licenseId}/planning?from=2024-03-06&to=2024-03-06`, { key: other.key });
    expectProblem(foreign, 404, 'not_found');
    expectProblem(await t.call('GET', path(`/licenses/${licenseId}/planning?from=2024-03-06&to=2024-03-06`), { key: other.key }), 404, 'not_found');
    const hits = (await t.call('POST', path('/licenses'), { body: { code: 'hits', name: 'Hits', model: 'hits', product: 'plan', quantity: 10 } })).body.id;
    expectProblem(await plan('from=2024-03-06&to=2024-03-06', hits), 422, 'unprocessable');
  });
});
