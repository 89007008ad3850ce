import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllotApiError, AllotClient, AllotNetworkError, type ClientOptions } from '../src/index.js';
import { dialects } from '../../../test-support/databases.js';
import { licensedTenant, startAllot, until, type Allot, type Licensed } from './support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('the SDK in a licensed application, against a real server (%s)', (dialect) => {
  let allot: Allot;
  let tenant: Licensed;
  /** Requests the SDK sent, by path, through the server-following fetch. */
  const sent: string[] = [];
  const client = (extra: Partial<ClientOptions> = {}) =>
    new AllotClient({
      baseUrl: 'http://allot.test',
      apiKey: tenant.appKey,
      tenantId: tenant.tenantId,
      fetch: async (input, init) => {
        sent.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
        return allot.fetch(input, init);
      },
      ...extra,
    });
  const sessionOf = async (id: string) => (await allot.call('GET', `/v1/tenants/${tenant.tenantId}/sessions/${id}`)).body;

  beforeAll(async () => {
    allot = await startAllot(dialect);
    tenant = await licensedTenant(allot, `SDK${dialect.toUpperCase()}`);
  }, 60_000);
  afterAll(async () => {
    await allot?.stop();
  });

  it('answers access checks with the API answer: an allow for a seated user, a refusal with its code for another', async () => {
    const allotClient = client();
    expect(await allotClient.checkAccess(tenant.alice, 'app:reports')).toEqual({ allowed: true, code: 'licensed', licenseId: expect.stringMatching(/^lic_/), stale: false });
    expect(await allotClient.checkAccess(tenant.bob, 'app:reports')).toEqual({ allowed: false, code: 'not_licensed', licenseId: null, stale: false });
    expect(await allotClient.checkAccess(tenant.bob, 'app:nothing')).toMatchObject({ allowed: false, code: 'unknown_module' });
  });

  it('throws AllotApiError with the status, the generated code and the problem body', async () => {
    const allotClient = client();
    const first = await allotClient.openSession({ userId: tenant.alice, modules: ['app:desk'] });
    const second = await allotClient.openSession({ userId: tenant.bob, modules: ['app:desk'] });
    const full = await allotClient.openSession({ userId: tenant.carol, modules: ['app:desk'] }).catch((error: unknown) => error);
    expect(full).toBeInstanceOf(AllotApiError);
    expect(full).toMatchObject({ status: 409, code: 'concurrency_limit', problem: { code: 'concurrency_limit', holders: expect.arrayContaining([expect.objectContaining({ userId: tenant.alice })]) } });
    await Promise.all([first.close(), second.close()]);

    const admin = new AllotClient({ baseUrl: allot.url, apiKey: 'not-a-key' });
    await expect(admin.api.GET('/v1/tenants/{t}', { params: { path: { t: tenant.tenantId } } })).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    const app = client();
    await expect(app.api.GET('/v1/tenants/{t}/sessions/{s}', { params: { path: { t: 'ten_nope', s: 'ses_nope' } } })).rejects.toMatchObject({ status: 404, code: 'not_found' });
    // The typed client answers the generated shapes.
    const { data } = await app.api.POST('/v1/tenants/{t}/access', { params: { path: { t: tenant.tenantId } }, body: { userId: tenant.alice, module: 'app:reports' } });
    expect(data?.code).toBe('licensed');
  });

  it('keeps a session alive by heartbeats across more than two heartbeatSeconds, while one nobody keeps times out', async () => {
    const allotClient = client();
    const session = await allotClient.openSession({ userId: tenant.alice, modules: ['app:desk'] });
    expect(session.session.heartbeatSeconds).toBe(10);
    const unkept = await allot.call('POST', `/v1/tenants/${tenant.tenantId}/sessions`, { userId: tenant.bob, modules: ['app:desk'] }, tenant.appKey);
    expect(unkept.status).toBe(201);
    const heartbeatsBefore = sent.filter((p) => p.endsWith(`${session.id}/heartbeat`)).length;

    await sleep(21_000);

    expect((await allot.call('POST', `/v1/tenants/${tenant.tenantId}/sessions/${unkept.body.id}/heartbeat`, undefined, tenant.appKey)).status).toBe(410);
    expect(sent.filter((p) => p.endsWith(`${session.id}/heartbeat`)).length - heartbeatsBefore).toBeGreaterThanOrEqual(5);
    expect(await sessionOf(session.id)).toMatchObject({ state: 'live', endReason: null });
    await session.close();
    await session.close();
    expect(await sessionOf(session.id)).toMatchObject({ state: 'ended', endReason: 'logout' });
    expect(session.ended).toBe(true);
  }, 40_000);

  it('reports a session lost (410) to onLost once, and heartbeats no more', async () => {
    const lost: AllotApiError[] = [];
    const allotClient = client({ heartbeatsPerPeriod: 40 });
    const session = await allotClient.openSession({ userId: tenant.carol, modules: ['app:desk'], onLost: (error) => lost.push(error) });
    expect((await allot.call('DELETE', `/v1/tenants/${tenant.tenantId}/sessions/${session.id}`)).body).toMatchObject({ endReason: 'admin' });
    await until(() => lost.length > 0, 'the loss callback');
    expect(lost[0]).toMatchObject({ status: 410, code: 'session_ended' });
    const beats = sent.filter((p) => p.endsWith(`${session.id}/heartbeat`)).length;
    await sleep(1_000);
    expect(sent.filter((p) => p.endsWith(`${session.id}/heartbeat`)).length).toBe(beats);
    expect(lost).toHaveLength(1);
    expect(session.ended).toBe(true);
    await session.close();
  });

  it('loses no hit and counts none twice when the server is SIGKILLed while hits are sent', async () => {
    const refused: unknown[] = [];
    const allotClient = client({ usageBatchSize: 100, usageFlushIntervalMs: 20, timeoutMs: 2_000, onUsageRefused: (r) => refused.push(...r), onUsageError: (e) => refused.push(e) });
    const batchesSent = () => sent.filter((p) => p.endsWith('/usage/hits')).length;
    const start = batchesSent();
    let total = 0;
    const hit = (n: number) => {
      for (let i = 0; i < n; i++) {
        const count = (i % 3) + 1;
        allotClient.usage.hit('meter:m', i % 2 === 0 ? 'query' : 'transaction', count, { userId: tenant.alice });
        total += count;
      }
    };
    // Hits keep coming, in small bursts, until a good number of batches went out; then the server dies mid-stream.
    while (batchesSent() - start < 8) {
      hit(60);
      await sleep(5);
    }
    hit(60);
    await allot.kill();
    hit(500); // while the server is down
    expect(allotClient.usage.waiting).toBeGreaterThan(0);
    await allot.restart();
    hit(100);
    await allotClient.usage.flush();
    expect(allotClient.usage.waiting).toBe(0);
    expect(refused).toEqual([]);
    const usage = await allot.call('GET', `/v1/tenants/${tenant.tenantId}/licenses/${tenant.hitsId}/usage`);
    expect(usage.body.used).toBe(total);
  }, 90_000);

  it('answers a remembered access answer, marked stale, while the server cannot be reached, and only for staleForMs', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const allotClient = client({ staleForMs: 60_000, clock: () => now, retries: 1 });
    expect(await allotClient.checkAccess(tenant.alice, 'app:reports')).toMatchObject({ allowed: true, stale: false });
    expect(await allotClient.checkAccess(tenant.bob, 'app:reports')).toMatchObject({ allowed: false, code: 'not_licensed', stale: false });

    await allot.kill();
    now += 30_000;
    expect(await allotClient.checkAccess(tenant.alice, 'app:reports')).toEqual({ allowed: true, code: 'licensed', licenseId: expect.stringMatching(/^lic_/), stale: true });
    // A refusal stays a refusal, and nothing is made up for a question never answered.
    expect(await allotClient.checkAccess(tenant.bob, 'app:reports')).toEqual({ allowed: false, code: 'not_licensed', licenseId: null, stale: true });
    await expect(allotClient.checkAccess(tenant.carol, 'app:reports')).rejects.toBeInstanceOf(AllotNetworkError);
    now += 30_001;
    await expect(allotClient.checkAccess(tenant.alice, 'app:reports')).rejects.toBeInstanceOf(AllotNetworkError);
    await expect(allotClient.checkAccess(tenant.bob, 'app:reports')).rejects.toBeInstanceOf(AllotNetworkError);

    await allot.restart();
    expect(await allotClient.checkAccess(tenant.alice, 'app:reports')).toMatchObject({ allowed: true, stale: false });
  }, 60_000);
});
