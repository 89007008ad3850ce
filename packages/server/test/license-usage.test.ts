import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

/** Usage is the same figure wherever a license is shown: GET, PATCH, lists, the overview, the usage view, the audit log. */
describe.each(dialects)('license usage everywhere on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const license = async (body: Record<string, unknown>) => {
    const answer = await t.call('POST', path('/licenses'), { body: { name: String(body.code), product: 'fm', ...body } });
    if (answer.status !== 201) throw new Error(answer.text);
    return answer.body as { id: string };
  };
  const user = async (email: string) => (await t.call('POST', path('/users'), { key: ownerKey, body: { email, name: email } })).body.id as string;
  const usageFields = (body: Record<string, unknown>) => ({ quantity: body.quantity, used: body.used, available: body.available, percentUsed: body.percentUsed, thresholdReached: body.thresholdReached });
  const lastAudit = async (licenseId: string) => (await t.call('GET', path(`/audit?targetId=${licenseId}&limit=1`), { key: ownerKey })).body.items[0];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2026-03-02T10:00:00Z' }));
    appKey = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
    const modules = ['hits', 'objects', 'pool', 'desk', 'rooms', 'fin', 'quota'].map((code) => ({ code, name: code }));
    await t.call('POST', '/v1/products', { body: { code: 'fm', name: 'Facilities', modules } });
  });
  afterAll(() => t.close());

  it.each<[string, Record<string, unknown>, (licenseId: string) => Promise<void>, Record<string, unknown>]>([
    [
      'hits',
      { model: 'hits', modules: ['hits'], quantity: 10, thresholdPercent: 50 },
      async () => {
        const answer = await t.call('POST', path('/usage/hits'), { key: appKey, body: { events: [{ module: 'fm:hits', kind: 'query', count: 6 }] } });
        expect(answer.body.results[0].status).toBe('accepted');
      },
      { quantity: 12, used: 6, available: 6, percentUsed: 50, thresholdReached: true },
    ],
    [
      'volume',
      { model: 'volume', modules: ['objects'], objectKind: 'property_set', quantity: 4 },
      async (id) => {
        for (const ref of ['a', 'b', 'c']) expect((await t.call('POST', path(`/licenses/${id}/objects`), { key: ownerKey, body: { ref, status: 'active' } })).status).toBe(201);
      },
      { quantity: 12, used: 3, available: 9, percentUsed: 25, thresholdReached: false },
    ],
    [
      'active_user',
      { model: 'active_user', modules: ['pool'], quantity: 2, thresholdPercent: 20 },
      async () => {
        expect((await t.call('POST', path('/access'), { key: appKey, body: { userId: await user('pool@fm.io'), module: 'fm:pool' } })).body.code).toBe('active_user');
      },
      { quantity: 12, used: 1, available: 11, percentUsed: 8.3, thresholdReached: false },
    ],
    [
      'concurrent',
      { model: 'concurrent', modules: ['desk'], quantity: 3 },
      async () => {
        expect((await t.call('POST', path('/sessions'), { key: appKey, body: { userId: await user('desk@fm.io'), modules: ['fm:desk'] } })).status).toBe(201);
      },
      { quantity: 12, used: 1, available: 11, percentUsed: 8.3, thresholdReached: false },
    ],
  ])('a PATCH of a %s license answers its usage as GET does, and logs it', async (model, body, use, expected) => {
    const lic = await license({ code: `patch-${model}`, ...body });
    await use(lic.id);
    const changed = await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 12 } });
    expect(changed.status).toBe(200);
    expect(usageFields(changed.body)).toEqual(expected);
    const read = await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey });
    expect(usageFields(read.body)).toEqual(expected);
    const logged = await lastAudit(lic.id);
    expect(logged.action).toBe('license.updated');
    expect(usageFields(logged.after)).toEqual(expected);
    expect(logged.before).toMatchObject({ used: expected.used, quantity: body.quantity });
  });

  it('refuses a hit quota below this year\'s hits, naming what is in use', async () => {
    const lic = await license({ code: 'quota-floor', model: 'hits', modules: ['quota'], quantity: 100 });
    await t.call('POST', path('/usage/hits'), { key: appKey, body: { events: [{ module: 'fm:quota', kind: 'query', count: 4 }] } });
    const refused = await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 3 } });
    expectProblem(refused, 409, 'quantity_below_usage');
    expect(refused.body).toMatchObject({ licenseId: lic.id, quantity: 3 });
  });

  it('refuses a field of another model on a PATCH, naming it', async () => {
    const lic = await license({ code: 'patch-foreign', model: 'hits', modules: ['hits'], quantity: 5 });
    expectProblem(await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { heartbeatSeconds: 60 } }), 400, 'invalid_request', 'heartbeatSeconds');
    expectProblem(await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { retentionDays: 60 } }), 400, 'invalid_request', 'retentionDays');
  });

  it('shows usage, availability and the threshold on the usage view and the overview role rows', async () => {
    const lic = await license({ code: 'fin-consolidators', model: 'named', modules: ['fin'], quantity: 4, role: 'Consolidator', thresholdPercent: 50 });
    const people = [await user('c1@fm.io'), await user('c2@fm.io')];
    expect((await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: people } })).status).toBe(200);
    const expected = { quantity: 4, used: 2, available: 2, percentUsed: 50, thresholdReached: true };
    const usage = await t.call('GET', path(`/licenses/${lic.id}/usage`), { key: ownerKey });
    expect(usage.body).toMatchObject({ licenseId: lic.id, model: 'named', ...expected });
    const overview = await t.call('GET', path('/licenses/overview'), { key: ownerKey });
    const fm = overview.body.products.find((p: { product: string }) => p.product === 'fm');
    expect(fm.roles).toContainEqual({ role: 'Consolidator', licenseId: lic.id, code: 'fin-consolidators', unlimited: false, ...expected });
  });

  it('shows a data license\'s use in MB against its quota in GB', async () => {
    const lic = await license({ code: 'data-gb', model: 'data', modules: ['rooms'], quantity: 2, thresholdPercent: 50 });
    expect((await t.call('POST', path('/usage/data'), { key: appKey, body: { licenseId: lic.id, kilobytes: 1_000_500 } })).status).toBe(200);
    const expected = { quantity: 2, used: 1000, available: 1000, percentUsed: 50, thresholdReached: true };
    expect(usageFields((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body)).toEqual(expected);
    expect((await t.call('GET', path(`/licenses/${lic.id}/usage`), { key: ownerKey })).body).toMatchObject({ ...expected, totalTicks: 1000, carriedKilobytes: 500, megabytesLeft: 1000 });
  });

  it('reports the peak of concurrent users per module, as the license counts them', async () => {
    const lic = await license({ code: 'peak-desk', model: 'concurrent', modules: ['hits', 'objects'], quantity: 3 });
    for (const email of ['p1@fm.io', 'p2@fm.io']) {
      const opened = await t.call('POST', path('/sessions'), { key: appKey, body: { userId: await user(email), modules: ['fm:hits', 'fm:objects'] } });
      expect(opened.status).toBe(201);
    }
    const report = await t.call('POST', path('/usage-report'), { key: ownerKey, body: { from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z' } });
    expect(report.status).toBe(200);
    const payload = JSON.parse(Buffer.from(report.body.report.split('\n\n')[1].split('\n=')[0].replaceAll('\n', ''), 'base64').toString('utf8'));
    // Two users, each holding both modules: two concurrent users per module, not four.
    expect(payload.sessions).toContainEqual({ licenseCode: 'peak-desk', peakSessions: 2, licensedMaximum: 3 });
    expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body).toMatchObject({ used: 2, available: 1 });
  });

  it('refuses a linked-users cursor it did not make (NUL bytes were a 500 on PostgreSQL)', async () => {
    const lic = await license({ code: 'cursor-pool', model: 'active_user', modules: ['pool'], quantity: 2 });
    expectProblem(await t.call('GET', path(`/licenses/${lic.id}/linked-users?cursor=AAAA`), { key: ownerKey }), 400, 'invalid_request', 'cursor');
  });

  it('describes every license model to the console, without a key', async () => {
    const answer = await t.call('GET', '/v1/license-models', { key: null });
    expect(answer.status).toBe(200);
    const byModel = Object.fromEntries(answer.body.models.map((m: { model: string }) => [m.model, m]));
    expect(Object.keys(byModel)).toEqual(['named', 'solution', 'server', 'concurrent', 'hits', 'data', 'volume', 'active_user']);
    expect(byModel.hits).toMatchObject({ unlimitedFrom: null, usedFrom: 'hits_this_year', quantityNotBelowUsage: true });
    expect(byModel.named).toMatchObject({ unlimitedFrom: 100000, seats: true });
    expect(byModel.data).toMatchObject({ quantityUnit: 'GB', usedUnit: 'MB', usedPerQuantity: 1000 });
    expect(byModel.concurrent.fields).toEqual([
      { name: 'heartbeatSeconds', required: false, default: 300, changeable: true },
      { name: 'maxBorrowDays', required: false, default: 0, changeable: true },
    ]);
  });
});
