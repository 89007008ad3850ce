import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllotApiError, AllotClient, AllotWaitExpiredError, verifyLease, type ClientOptions, type SessionHandle } from '../src/index.js';
import { dialects } from '../../../test-support/databases.js';
import { startAllot, until, type Allot } from './support.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pathOf = (input: RequestInfo | URL) => new URL(input instanceof Request ? input.url : String(input)).pathname;

/** Runs a fixture application as its own process with the Allot environment; answers its output so far and its exit. */
function runApp(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [fixture(name)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, exited, output: () => out };
}

describe.each(dialects)('waiting for a license and borrowing one, against a real server (%s)', (dialect) => {
  let allot: Allot;
  let tenantId = '';
  let appKey = '';
  const users: Record<string, string> = {};
  /** Requests the SDK sent, by path. */
  const sent: string[] = [];
  const client = (extra: Partial<ClientOptions> = {}) =>
    new AllotClient({
      baseUrl: 'http://allot.test',
      apiKey: appKey,
      tenantId,
      fetch: async (input, init) => {
        sent.push(pathOf(input));
        return allot.fetch(input, init);
      },
      ...extra,
    });
  const ok = async (method: string, path: string, body?: unknown) => {
    const answer = await allot.call(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const sessionOf = (id: string) => ok('GET', `/v1/tenants/${tenantId}/sessions/${id}`);
  const waiters = async () => (await ok('GET', `/v1/tenants/${tenantId}/session-queue`)).items as { userId: string; modules: string[]; position: number }[];
  /** Settles to what a promise gave, so that a test can ask whether it has yet. */
  const track = <T>(promise: Promise<T>) => {
    const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
    promise.then(
      (value) => Object.assign(state, { value, settled: true }),
      (error: unknown) => Object.assign(state, { error, settled: true }),
    );
    return state;
  };

  beforeAll(async () => {
    allot = await startAllot(dialect);
    await ok('POST', '/v1/products', { code: 'wq', name: 'Queue', modules: ['one', 'two', 'three', 'four', 'lent'].map((code) => ({ code, name: code })) });
    tenantId = (await ok('POST', '/v1/tenants', { name: 'Waiting', customerCode: `WAIT${dialect.toUpperCase()}`, timeZone: 'UTC' })).id;
    for (const name of ['ada', 'bo', 'cy', 'dee']) users[name] = (await ok('POST', `/v1/tenants/${tenantId}/users`, { email: `${name}@wait.test`, name })).id;
    for (const module of ['one', 'two', 'three', 'four', 'lent']) {
      await ok('POST', `/v1/tenants/${tenantId}/licenses`, { code: module, name: module, model: 'concurrent', product: 'wq', modules: [module], quantity: 1, heartbeatSeconds: 60, maxBorrowDays: module === 'lent' ? 3 : 0 });
    }
    appKey = (await ok('POST', `/v1/tenants/${tenantId}/api-keys`, { kind: 'app' })).key;
  }, 60_000);
  afterAll(async () => {
    await allot?.stop();
  });

  it('waits while the module is full, first come first served, and each waiter gets a claimed session when the one before closes', async () => {
    const allotClient = client();
    const holder = await allotClient.openSession({ userId: users.ada ?? '', modules: ['wq:one'] });
    const places: Record<string, number[]> = { bo: [], cy: [] };
    const wait = (name: 'bo' | 'cy') => track(allotClient.openSession({ userId: users[name] ?? '', modules: ['wq:one'], wait: true, claimSeconds: 5, onQueued: (p) => places[name]?.push(p) }));
    const first = wait('bo');
    await until(() => places.bo?.length === 1, 'the first place');
    const second = wait('cy');
    await until(() => places.cy?.length === 1, 'the second place');
    expect(places).toEqual({ bo: [1], cy: [2] });
    // Longer than claimSeconds: the waiters keep their places by asking.
    await sleep(6_000);
    expect([first.settled, second.settled]).toEqual([false, false]);
    expect((await waiters()).map((w) => [w.userId, w.position])).toEqual([
      [users.bo, 1],
      [users.cy, 2],
    ]);

    await holder.close();
    await until(() => first.settled, 'the first waiter to get the session', 10_000);
    const bo = first.value as SessionHandle;
    expect(bo.session).toMatchObject({ userId: users.bo, state: 'live' });
    // Claimed: held for the license's heartbeat (60 s) from now, no longer the 5 s of an offer.
    expect(Date.parse(bo.session.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    await until(() => places.cy?.length === 2, 'the second waiter to move up', 10_000);
    expect(places.cy).toEqual([2, 1]);
    expect(second.settled).toBe(false);

    await bo.close();
    await until(() => second.settled, 'the second waiter to get the session', 10_000);
    const cy = second.value as SessionHandle;
    expect(await sessionOf(cy.id)).toMatchObject({ userId: users.cy, state: 'live' });
    expect(await waiters()).toEqual([]);
    await cy.close();
  }, 40_000);

  it('throws AllotWaitExpiredError when the offer cannot be claimed in time, and the license passes to the next waiter', async () => {
    const holder = await client().openSession({ userId: users.ada ?? '', modules: ['wq:two'] });
    // This application's heartbeats never get through: it cannot claim what it is offered.
    const unlucky = client({
      retries: 0,
      fetch: async (input, init) => {
        if (pathOf(input).endsWith('/heartbeat')) throw new TypeError('fetch failed: connection reset');
        return allot.fetch(input, init);
      },
    });
    const places: number[] = [];
    const first = track(unlucky.openSession({ userId: users.bo ?? '', modules: ['wq:two'], wait: true, claimSeconds: 5 }));
    await until(async () => (await waiters()).length === 1, 'the first waiter');
    const second = track(client().openSession({ userId: users.cy ?? '', modules: ['wq:two'], wait: true, claimSeconds: 5, onQueued: (p) => places.push(p) }));
    await until(() => places.length === 1, 'the second waiter');
    await holder.close();

    await until(() => first.settled, 'the offer to expire', 12_000);
    expect(first.error).toBeInstanceOf(AllotWaitExpiredError);
    expect((first.error as AllotWaitExpiredError).entry).toMatchObject({ state: 'expired', userId: users.bo, offeredAt: expect.any(String), sessionId: expect.stringMatching(/^ses_/) });
    await until(() => second.settled, 'the next waiter to get the license', 8_000);
    expect((second.value as SessionHandle).session.userId).toBe(users.cy);
    expect(places).toEqual([2, 1]);
    await (second.value as SessionHandle).close();
  }, 40_000);

  it('leaves the queue when its signal aborts, and answers the signal’s reason', async () => {
    const holder = await client().openSession({ userId: users.ada ?? '', modules: ['wq:three'] });
    const controller = new AbortController();
    const places: number[] = [];
    const waiting = client().openSession({ userId: users.bo ?? '', modules: ['wq:three'], wait: true, claimSeconds: 30, signal: controller.signal, onQueued: (p) => places.push(p) });
    await until(() => places.length === 1, 'the place in line');
    expect((await waiters()).map((w) => w.userId)).toEqual([users.bo]);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(await waiters()).toEqual([]);
    // Without wait nothing changed: a full module is refused with the queue's length.
    await expect(client().openSession({ userId: users.cy ?? '', modules: ['wq:three'] })).rejects.toMatchObject({ code: 'concurrency_limit', problem: { queueLength: 0 } });
    await holder.close();
  });

  it('leaves the queue when the process ends while it waits', async () => {
    const holder = await client().openSession({ userId: users.ada ?? '', modules: ['wq:four'] });
    const app = runApp('wait-app.mjs', { ALLOT_URL: allot.url, ALLOT_KEY: appKey, ALLOT_TENANT: tenantId, USER_ID: users.dee ?? '', MODULE: 'wq:four' });
    await until(() => app.output().includes('queued 1\n'), 'the application to queue');
    expect((await waiters()).map((w) => w.userId)).toEqual([users.dee]);
    app.child.kill('SIGTERM');
    const [, signal] = await app.exited;
    expect(signal).toBe('SIGTERM');
    expect(await waiters()).toEqual([]);
    await holder.close();
  });

  it('borrows a session with a lease that verifies offline, stops heartbeating it, and returns it', async () => {
    const allotClient = client({ heartbeatsPerPeriod: 240 });
    const session = await allotClient.openSession({ userId: users.ada ?? '', modules: ['wq:lent'] });
    const heartbeats = () => sent.filter((p) => p.endsWith(`/sessions/${session.id}/heartbeat`)).length;
    await until(() => heartbeats() > 0, 'a heartbeat');
    const end = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const borrow = await session.borrow(end);
    // A date is the end of that tenant day (the tenant's zone is UTC).
    expect(borrow).toMatchObject({ sessionId: session.id, userId: users.ada, modules: ['wq:lent'], state: 'active', until: new Date(Date.parse(end) + 86_400_000).toISOString(), lease: expect.stringContaining('BORROW LEASE') });
    expect(session.borrowed).toEqual(borrow);

    // No more heartbeats, and neither close() nor anything else ends it: the server holds it until the borrow ends.
    const beatsAtBorrow = heartbeats();
    await sleep(1_000);
    expect(heartbeats()).toBe(beatsAtBorrow);
    await session.close();
    expect(await sessionOf(session.id)).toMatchObject({ state: 'live', expiresAt: borrow.until });
    await expect(client().openSession({ userId: users.bo ?? '', modules: ['wq:lent'] })).rejects.toMatchObject({ code: 'concurrency_limit' });

    // Offline: the lease and the keys pinned while online are all it takes.
    const keys = await allotClient.installationPublicKeys();
    expect(keys[0]).toContain('-----BEGIN PUBLIC KEY-----');
    const lease = verifyLease(borrow.lease, keys);
    if (!lease.valid) throw new Error(lease.detail);
    expect(lease).toMatchObject({ borrowId: borrow.id, userId: users.ada, sessionId: session.id, tenantId, modules: ['wq:lent'], from: borrow.startsAt, until: borrow.until });
    expect(lease.allows('wq:lent')).toBe(true);
    expect(lease.allows('wq:one')).toBe(false);
    expect(lease.allows('wq:lent', borrow.until)).toBe(false);
    expect(lease.allows('wq:lent', new Date(Date.parse(borrow.until) - 1))).toBe(true);
    const lines = borrow.lease.split('\n');
    const body = lines.findIndex((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l));
    lines[body] = `${lines[body]?.startsWith('A') ? 'B' : 'A'}${lines[body]?.slice(1) ?? ''}`;
    expect(verifyLease(lines.join('\n'), keys)).toMatchObject({ valid: false });
    const stranger = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyLease(borrow.lease, [stranger])).toMatchObject({ valid: false, reason: 'unknown_key' });

    // Only its user gives it back; then the license is free, and a second return says it was returned.
    await expect(allotClient.returnBorrow(borrow.id, users.bo ?? '')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    expect(await allotClient.returnBorrow(borrow.id, users.ada ?? '')).toMatchObject({ id: borrow.id, state: 'returned', returnedAt: expect.any(String) });
    expect(await sessionOf(session.id)).toMatchObject({ state: 'ended' });
    const again = await allotClient.returnBorrow(borrow.id, users.ada ?? '').catch((error: unknown) => error);
    expect(again).toBeInstanceOf(AllotApiError);
    expect(again).toMatchObject({ status: 410, problem: { state: 'returned' } });
    await (await client().openSession({ userId: users.bo ?? '', modules: ['wq:lent'] })).close();
  });

  it('keeps a borrowed session held when the process that borrowed it ends', async () => {
    const end = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const app = runApp('borrow-app.mjs', { ALLOT_URL: allot.url, ALLOT_KEY: appKey, ALLOT_TENANT: tenantId, USER_ID: users.cy ?? '', MODULE: 'wq:lent', UNTIL: end });
    const [code] = await app.exited;
    expect(code).toBe(0);
    const [sessionId = '', borrowId = ''] = app.output().trim().split(' ');
    expect(await sessionOf(sessionId)).toMatchObject({ state: 'live', endedAt: null });
    const active = await ok('GET', `/v1/tenants/${tenantId}/borrows?active=true`);
    expect(active.items.map((b: { id: string }) => b.id)).toEqual([borrowId]);
    await client().returnBorrow(borrowId, users.cy ?? '');
  });
});
