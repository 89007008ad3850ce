import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AllotApiError, AllotClient, AllotNetworkError } from '../src/index.js';
import { backoffDelay } from '../src/transport.js';

/** A stand-in HTTP server whose every answer the test scripts, counting the requests it got. */
async function scripted(answer: (req: IncomingMessage, res: ServerResponse, n: number, body: string) => void): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const n = requests.length;
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => answer(req, res, n, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const problem = (res: ServerResponse, status: number, code: string, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers }).end(JSON.stringify({ type: 'about:blank', title: 'x', status, detail: `${code} detail`, code, requestId: 'req_1' }));

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((resolve) => {
          s.closeAllConnections();
          s.close(resolve);
        }),
    ),
  );
});
async function serve(answer: Parameters<typeof scripted>[0]) {
  const s = await scripted(answer);
  servers.push(s.server);
  return s;
}

describe('timeouts and retries', () => {
  it('gives up on an answer that does not come within timeoutMs, with a timed-out AllotNetworkError, retrying a GET', async () => {
    const { url, requests } = await serve(() => undefined); // never answers
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', timeoutMs: 200, retries: 2 });
    const started = Date.now();
    const error = await allot.api.GET('/v1/tenants/{t}', { params: { path: { t: 'ten_1' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllotNetworkError);
    expect(error).toMatchObject({ timedOut: true });
    expect(requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it('sends a POST without an idempotency key once, whatever happens', async () => {
    const { url, requests } = await serve((_req, res) => problem(res, 503, 'unavailable'));
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', retries: 3 });
    await expect(allot.openSession({ userId: 'usr_1', modules: ['a:b'] })).rejects.toMatchObject({ status: 503, code: 'unavailable' });
    expect(requests).toHaveLength(1);
  });

  it('repeats what is safe after 5xx and 429, and answers once the server does', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      if (n === 1) return problem(res, 503, 'unavailable');
      if (n === 2) return problem(res, 429, 'too_many_attempts', { 'retry-after': '0' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ allowed: true, code: 'licensed', licenseId: 'lic_1' }));
    });
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', retries: 2 });
    expect(await allot.checkAccess('usr_1', 'a:b')).toEqual({ allowed: true, code: 'licensed', licenseId: 'lic_1', stale: false });
    expect(requests).toEqual(['POST /v1/tenants/ten_1/access', 'POST /v1/tenants/ten_1/access', 'POST /v1/tenants/ten_1/access']);
  });

  it('never repeats a 4xx refusal, and never answers one with a remembered answer', async () => {
    const { url, requests } = await serve((_req, res, n) =>
      n === 1 ? res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ allowed: true, code: 'licensed', licenseId: 'lic_1' })) : problem(res, 403, 'forbidden'),
    );
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', retries: 3 });
    await allot.checkAccess('usr_1', 'a:b');
    const error = await allot.checkAccess('usr_1', 'a:b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllotApiError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', message: 'forbidden detail', problem: { requestId: 'req_1' } });
    expect(requests).toHaveLength(2);
  });

  it('answers a 5xx that is no problem body with a code from its status', async () => {
    const { url } = await serve((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'));
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', retries: 0 });
    await expect(allot.request('GET', '/v1/tenants')).rejects.toMatchObject({ status: 502, code: 'internal', message: expect.stringContaining('Bad gateway') });
  });

  it('answers the last good access answer, stale, after the server failed with 5xx on every retry', async () => {
    const { url } = await serve((_req, res, n) =>
      n === 1 ? res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ allowed: false, code: 'seat_limit', licenseId: 'lic_1' })) : problem(res, 500, 'internal'),
    );
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', retries: 1 });
    await allot.checkAccess('usr_1', 'a:b');
    expect(await allot.checkAccess('usr_1', 'a:b')).toEqual({ allowed: false, code: 'seat_limit', licenseId: 'lic_1', stale: true });
  });

  it('waits with exponential backoff and full jitter, never less than Retry-After', () => {
    const options = { backoffMs: 100, maxBackoffMs: 5_000 };
    expect(backoffDelay(0, options, 0, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, 0, () => 0.5)).toBe(400);
    expect(backoffDelay(10, options, 0, () => 0.999)).toBe(4_995);
    expect(backoffDelay(0, options, 2_000, () => 0)).toBe(2_000);
    expect(backoffDelay(0, options, 60_000, () => 0)).toBe(5_000);
  });
});

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const session = { id: 'ses_1', tenantId: 'ten_1', userId: 'usr_1', state: 'live', heartbeatSeconds: 10, startedAt: '', lastSeenAt: '', expiresAt: '', endedAt: null, endReason: null, modules: [] };

describe('sessions', () => {
  it('retries a heartbeat that failed for a moment, without calling it an error', async () => {
    let heartbeats = 0;
    const { url } = await serve((req, res) => {
      if (req.url?.endsWith('/heartbeat')) return ++heartbeats === 1 ? problem(res, 503, 'unavailable') : json(res, 200, session);
      if (req.method === 'DELETE') return json(res, 200, { ...session, state: 'ended', endReason: 'logout' });
      json(res, 201, session);
    });
    const errors: unknown[] = [];
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', heartbeatsPerPeriod: 50 });
    const handle = await allot.openSession({ userId: 'usr_1', modules: ['a:b'], onError: (e) => errors.push(e) });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await handle.close();
    expect(heartbeats).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
  });
  it('follows a heartbeatSeconds the server changed while the session lives', async () => {
    let heartbeats = 0;
    const { url } = await serve((req, res) => {
      if (req.url?.endsWith('/heartbeat')) {
        heartbeats++;
        return json(res, 200, { ...session, heartbeatSeconds: 100 });
      }
      if (req.method === 'DELETE') return json(res, 200, { ...session, state: 'ended', endReason: 'logout' });
      json(res, 201, session);
    });
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', heartbeatsPerPeriod: 50 });
    const handle = await allot.openSession({ userId: 'usr_1', modules: ['a:b'] });
    // 10 s / 50 = every 200 ms until the first answer says 100 s: then every 2 s.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await handle.close();
    expect(heartbeats).toBe(1);
    expect(handle.session.heartbeatSeconds).toBe(100);
  });
});

describe('waiting in the queue', () => {
  // A claim time no server grants (it takes 5 s at least), so that the SDK polls every 100 ms.
  const ticket = { queueId: 'squ_1', position: 3, claimSeconds: 0.4 };
  const entry = (state: string, position: number | null, sessionId: string | null = null) => ({ id: 'squ_1', userId: 'usr_1', modules: ['a:b'], requestedAt: '', claimSeconds: 0.4, state, position, sessionId, offeredAt: null });

  it('asks again after a poll or a claim that failed for a moment, tells each new position once, and claims the offer', async () => {
    // The answers after the 202, in order: a failed poll, two polls at place 2, an offer, a failed claim, the offer again, the claim.
    const script: ((res: ServerResponse) => void)[] = [
      (res) => problem(res, 503, 'unavailable'),
      (res) => json(res, 200, entry('waiting', 2)),
      (res) => json(res, 200, entry('waiting', 2)),
      (res) => json(res, 200, entry('offered', null, 'ses_1')),
      (res) => problem(res, 503, 'unavailable'),
      (res) => json(res, 200, entry('offered', null, 'ses_1')),
      (res) => json(res, 200, { ...session, heartbeatSeconds: 600 }),
    ];
    const { url, requests } = await serve((req, res, n) => {
      if (n === 1) return json(res, 202, ticket);
      if (req.method === 'DELETE') return json(res, 200, { ...session, state: 'ended' });
      (script[n - 2] ?? ((r: ServerResponse) => problem(r, 500, 'internal')))(res);
    });
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', retries: 0 });
    const places: number[] = [];
    const handle = await allot.openSession({ userId: 'usr_1', modules: ['a:b'], wait: true, onQueued: (p) => places.push(p) });
    expect(handle.id).toBe('ses_1');
    expect(places).toEqual([3, 2]);
    const queue = 'GET /v1/tenants/ten_1/session-queue/squ_1';
    const claim = 'POST /v1/tenants/ten_1/sessions/ses_1/heartbeat';
    expect(requests).toEqual(['POST /v1/tenants/ten_1/sessions', queue, queue, queue, queue, claim, queue, claim]);
    await handle.close();
  });

  it('gives up once it has not been heard for claimSeconds, and leaves the queue', async () => {
    const { url, requests } = await serve((req, res, n) => {
      if (n === 1) return json(res, 202, ticket);
      if (req.method === 'DELETE') return res.writeHead(204).end();
      problem(res, 503, 'unavailable');
    });
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', retries: 0 });
    const started = Date.now();
    await expect(allot.openSession({ userId: 'usr_1', modules: ['a:b'], wait: true })).rejects.toMatchObject({ status: 503, code: 'unavailable' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(requests.filter((r) => r.startsWith('GET')).length).toBeGreaterThanOrEqual(3);
    expect(requests.at(-1)).toBe('DELETE /v1/tenants/ten_1/session-queue/squ_1');
  });
});

describe('usage hits', () => {
  /** A hits endpoint that records every batch and answers each event with `status(event)`. */
  async function hitsServer(status: (event: { count: number }) => string = () => 'accepted', refuseWith?: number) {
    const batches: { module: string; count: number; idempotencyKey: string }[][] = [];
    const { url } = await serve((_req, res, _n, body) => {
      if (refuseWith !== undefined) return problem(res, refuseWith, 'forbidden');
      const events = (JSON.parse(body) as { events: { module: string; count: number; idempotencyKey: string }[] }).events;
      batches.push(events);
      json(res, 200, { results: events.map((e, index) => ({ index, status: status(e), licenseId: 'lic_1' })) });
    });
    return { url, batches };
  }

  it('sends at most 1000 events a request, each with its own idempotency key, and flush waits for all of them', async () => {
    const { url, batches } = await hitsServer();
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', usageFlushIntervalMs: 60_000 });
    for (let i = 0; i < 2_500; i++) allot.usage.hit('a:b', 'query');
    await allot.usage.flush();
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(new Set(batches.flat().map((e) => e.idempotencyKey)).size).toBe(2_500);
  });

  it('sends what is buffered after usageFlushIntervalMs without being asked', async () => {
    const { url, batches } = await hitsServer();
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', usageFlushIntervalMs: 50 });
    allot.usage.hit('a:b', 'transaction', 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(batches).toEqual([[{ module: 'a:b', kind: 'transaction', count: 4, idempotencyKey: expect.any(String) }]]);
  });

  it('reports events the server answered but did not count', async () => {
    const { url } = await hitsServer((e) => (e.count > 1 ? 'quota_exhausted' : 'accepted'));
    const refused: unknown[] = [];
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', onUsageRefused: (r) => refused.push(...r) });
    allot.usage.hit('a:b', 'query', 1);
    allot.usage.hit('a:b', 'query', 5);
    await allot.usage.flush();
    expect(refused).toEqual([{ event: expect.objectContaining({ count: 5 }), status: 'quota_exhausted' }]);
  });

  it('drops a batch refused as a whole (4xx), reports it, and rejects the flush waiting for it', async () => {
    const { url } = await hitsServer(undefined, 403);
    const dropped: unknown[] = [];
    const allot = new AllotClient({ baseUrl: url, apiKey: 'k', tenantId: 'ten_1', onUsageError: (_e, events) => dropped.push(...events) });
    allot.usage.hit('a:b', 'query');
    await expect(allot.usage.flush()).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect(dropped).toHaveLength(1);
    expect(allot.usage.waiting).toBe(0);
  });

  it('refuses a hit the API would refuse, at once', () => {
    const allot = new AllotClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', tenantId: 'ten_1' });
    expect(() => allot.usage.hit('a:b', 'query', 0)).toThrow(RangeError);
    expect(() => allot.usage.hit('a:b', 'query', 1.5)).toThrow(RangeError);
    expect(allot.usage.waiting).toBe(0);
  });
});
