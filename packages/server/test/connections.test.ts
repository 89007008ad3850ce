import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../../../test-support/http.js';
import { startServerProcess, type ServerProcess } from '../../../test-support/processes.js';

// Real sockets against `allot serve` processes: the limits live in Node's HTTP server and in the
// connection guard, which Fastify's inject never reaches.

interface Opened {
  socket: Socket;
  /** Milliseconds from connecting until the server closed the connection. */
  closed: Promise<number>;
  /** What the server wrote before closing. */
  received(): string;
}

function open(port: number, localAddress = '127.0.0.1'): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let text = '';
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed, received: () => text }));
    socket.once('error', reject);
  });
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request on a new connection that closes after it (so no pooled connection hides a refusal). */
async function request(port: number, method: string, path: string, options: { from?: string; body?: string } = {}): Promise<RawAnswer> {
  const opened = await open(port, options.from);
  const body = options.body ?? '';
  const head = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', `authorization: Bearer ${adminToken}`];
  if (body !== '') head.push('content-type: application/json', `content-length: ${Buffer.byteLength(body)}`);
  opened.socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  await opened.closed;
  const [top = '', rest = ''] = opened.received().split('\r\n\r\n', 2);
  const [statusLine = '', ...headerLines] = top.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest };
}

const portOf = (node: ServerProcess) => Number(new URL(node.url).port);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the server answers `/healthz` from 127.0.0.1 with 200 again (it has noticed closed sockets). */
async function healthyAgain(port: number): Promise<RawAnswer> {
  for (let i = 0; ; i++) {
    const answer = await request(port, 'GET', '/healthz');
    if (answer.status === 200 || i >= 50) return answer;
    await sleep(20);
  }
}

describe('a listening server closes idle and slow connections', () => {
  let node: ServerProcess;
  let port: number;
  beforeAll(async () => {
    node = await startServerProcess({ ALLOT_ADMIN_TOKEN: adminToken, ALLOT_IDLE_TIMEOUT: '1', ALLOT_REQUEST_TIMEOUT: '2' });
    port = portOf(node);
  }, 60_000);
  afterAll(() => node?.stop());

  it('closes connections that send nothing once the idle timeout has passed, and answers meanwhile', async () => {
    const idle = await Promise.all(Array.from({ length: 50 }, () => open(port)));
    expect((await request(port, 'GET', '/healthz')).status).toBe(200);
    const lifetimes = await Promise.all(idle.map((o) => o.closed));
    for (const ms of lifetimes) {
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(4000);
    }
  });

  it('closes a connection that sends its headers a byte at a time', async () => {
    const slow = await open(port);
    const drip = setInterval(() => slow.socket.writable && slow.socket.write('x'), 100);
    slow.socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ');
    const ms = await slow.closed;
    clearInterval(drip);
    expect(ms).toBeLessThan(4000);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a kept-alive connection that sends no next request', async () => {
    const kept = await open(port);
    kept.socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    const ms = await kept.closed;
    expect(kept.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(4000);
  });

  it('bounds the time a body may take to arrive', async () => {
    const slow = await open(port);
    slow.socket.write(`POST /v1/tenants HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${adminToken}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"name":`);
    const drip = setInterval(() => slow.socket.writable && slow.socket.write(' '), 100);
    const ms = await slow.closed;
    clearInterval(drip);
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(5000);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
    expect((await request(port, 'GET', '/v1/tenants')).status).toBe(200);
  });
});

describe('a listening server caps connections', () => {
  let node: ServerProcess;
  let port: number;
  beforeAll(async () => {
    node = await startServerProcess({ ALLOT_ADMIN_TOKEN: adminToken, ALLOT_IDLE_TIMEOUT: '30', ALLOT_MAX_CONNECTIONS_PER_ADDRESS: '20', ALLOT_MAX_CONNECTIONS: '100' });
    port = portOf(node);
  }, 60_000);
  afterAll(() => node?.stop());

  it('answers a connection over the per-address cap 503, and other addresses as usual', async () => {
    const held = await Promise.all(Array.from({ length: 20 }, () => open(port, '127.0.0.2')));
    const refused = await request(port, 'GET', '/healthz', { from: '127.0.0.2' });
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'unavailable', status: 503 });
    expect(JSON.parse(refused.body).detail).toContain('20 connections');
    expect((await request(port, 'GET', '/healthz', { from: '127.0.0.3' })).status).toBe(200);
    expect((await request(port, 'GET', '/v1/tenants')).status).toBe(200);
    for (const o of held) o.socket.destroy();
    expect((await healthyAgain(port)).status).toBe(200);
    // The address may connect again once its connections are closed.
    for (let i = 0; i < 50 && (await request(port, 'GET', '/healthz', { from: '127.0.0.2' })).status !== 200; i++) await sleep(20);
    expect((await request(port, 'GET', '/healthz', { from: '127.0.0.2' })).status).toBe(200);
  });

  it('answers 503 near its connection budget instead of running out, and serves again when connections close', async () => {
    const addresses = ['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8'];
    const held: Opened[] = [];
    for (const address of addresses.slice(0, 4)) held.push(...(await Promise.all(Array.from({ length: 20 }, () => open(port, address)))));
    held.push(...(await Promise.all(Array.from({ length: 15 }, () => open(port, '127.0.0.8')))));
    // 95 idle connections are open: the server still answers.
    expect((await request(port, 'GET', '/healthz')).status).toBe(200);
    held.push(...(await Promise.all(Array.from({ length: 5 }, () => open(port, '127.0.0.9')))));
    const refused = await request(port, 'GET', '/healthz');
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'unavailable' });
    expect(JSON.parse(refused.body).detail).toContain('as many connections open as it can take');
    for (const o of held.splice(0, 10)) o.socket.destroy();
    expect((await healthyAgain(port)).status).toBe(200);
    for (const o of held) o.socket.destroy();
  });
});
