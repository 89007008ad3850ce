import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AllotApiError, AllotClient, AllotNetworkError } from '../src/index.js';
import { backoffDelay } from '../src/transport.js';

/** A stand-in HTTP server whose every answer the test scripts, counting the requests it got. */
async function scripted(answer: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => answer(req, res, requests.length));
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
