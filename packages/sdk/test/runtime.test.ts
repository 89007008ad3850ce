import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllotApiError, AllotClient, AllotNetworkError, type ClientOptions } from '../src/index.js';
import { dialects } from '../../../test-support/databases.js';
import { licensedTenant, startAllot, until, type Allot, type Licensed } from './support.js';

const exitApp = fileURLToPath(new URL('./fixtures/exit-app.mjs', import.meta.url));
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

  it.each([
    ['ends by itself', false],
    ['gets SIGTERM', true],
  ])('closes its sessions and sends its buffered hits when the process %s', async (_, bySignal) => {
    const used = async () => (await allot.call('GET', `/v1/tenants/${tenant.tenantId}/licenses/${tenant.hitsId}/usage`)).body.used as number;
    const before = await used();
    const env = { ...process.env, ALLOT_URL: allot.url, ALLOT_KEY: tenant.appKey, ALLOT_TENANT: tenant.tenantId, USER_ID: tenant.carol, WAIT: bySignal ? '1' : '0' };
    const child = spawn(process.execPath, [exitApp], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await until(() => out.includes('\n'), 'the session id');
    const id = out.trim();
    expect(await sessionOf(id)).toMatchObject({ state: 'live' });
    if (bySignal) child.kill('SIGTERM');
    const [code, signal] = await exited;
    // A signal still ends the process as the signal does, once the SDK is done.
    expect(bySignal ? signal : code).toBe(bySignal ? 'SIGTERM' : 0);
    expect(await sessionOf(id)).toMatchObject({ state: 'ended', endReason: 'logout' });
    expect(await used()).toBe(before + 7);
  });

  it('loses no hit and counts none twice when the server is SIGKILLed between recording a batch and answering it', async () => {
    const refused: unknown[] = [];
    let dieAfterNextBatch = false;
    let batches = 0;
    const allotClient = client({
      usageBatchSize: 100,
      usageFlushIntervalMs: 20,
      timeoutMs: 2_000,
      onUsageRefused: (r) => refused.push(...r),
      onUsageError: (e) => refused.push(e),
      // The batch reaches the server and is recorded; the server dies before its answer gets back.
      fetch: async (input, init) => {
        const hits = (input instanceof Request ? input.url : String(input)).endsWith('/usage/hits');
        const response = await allot.fetch(input, init);
        if (hits) batches++;
        if (!hits || !dieAfterNextBatch) return response;
        dieAfterNextBatch = false;
        await response.arrayBuffer();
        await allot.kill();
        throw new TypeError('fetch failed: socket hang up');
      },
    });
    let total = 0;
    const hit = (n: number) => {
      for (let i = 0; i < n; i++) {
        const count = (i % 3) + 1;
        allotClient.usage.hit('meter:m', i % 2 === 0 ? 'query' : 'transaction', count, { userId: tenant.alice });
        total += count;
      }
    };
    const usedBefore = (await allot.call('GET', `/v1/tenants/${tenant.tenantId}/licenses/${tenant.hitsId}/usage`)).body.used as number;
    // Hits keep coming in small bursts; after a few batches the server dies with one unanswered.
    while (batches < 5) {
      hit(60);
      await sleep(5);
    }
    dieAfterNextBatch = true;
    while (dieAfterNextBatch) {
      hit(60);
      await sleep(5);
    }
    hit(500); // while the server is down
    expect(allotClient.usage.waiting).toBeGreaterThan(0);
    await allot.restart();
    hit(100);
    await allotClient.usage.flush();
    expect(allotClient.usage.waiting).toBe(0);
    expect(refused).toEqual([]);
    const usage = await allot.call('GET', `/v1/tenants/${tenant.tenantId}/licenses/${tenant.hitsId}/usage`);
    expect(usage.body.used - usedBefore).toBe(total);
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
