import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, prepareInstallation, SecretKey, type App } from '@allot/server';
import type { Store } from '@allot/storage';
import { createTestDatabase } from '../../../test-support/databases.js';
import { adminToken, TestClock } from '../../../test-support/http.js';
import { requestLoggers } from '../src/http/request-logger.js';

/** A stream keeping the JSON lines written to it. */
function lines(): { stream: Writable; written: Record<string, unknown>[] } {
  const written: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') written.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, written };
}

describe('request logger', () => {
  it('writes a line at or above the level with the request id, and nothing below it', () => {
    const { stream, written } = lines();
    const parent = pino({ level: 'warn' }, stream);
    const log = requestLoggers(parent).call(undefined as never, undefined as never, { reqId: 'req_1' }, {}, undefined as never);
    log.info({ route: '/x' }, 'request');
    log.debug('detail');
    expect(written).toEqual([]);
    log.warn({ route: '/x' }, 'slow');
    log.error(new Error('broken'), 'failed');
    expect(written.map((l) => [l.level, l.reqId, l.msg])).toEqual([
      [40, 'req_1', 'slow'],
      [50, 'req_1', 'failed'],
    ]);
    expect(written[0]?.route).toBe('/x');
    expect((written[1]?.err as { message: string }).message).toBe('broken');
    expect(log.level).toBe('warn');
  });

  it('follows a level change of the server logger, and its own once set', () => {
    const { stream, written } = lines();
    const parent = pino({ level: 'warn' }, stream);
    const log = requestLoggers(parent).call(undefined as never, undefined as never, { reqId: 'req_2' }, {}, undefined as never);
    parent.level = 'info';
    log.info('now written');
    log.level = 'error';
    log.warn('dropped');
    expect(written.map((l) => [l.reqId, l.msg])).toEqual([['req_2', 'now written']]);
    expect(log.child({ part: 'inner' }).level).toBe('error');
  });
});

describe('request log line', () => {
  let store: Store;
  let app: App;
  let url: string;
  const log = lines();
  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    store = database.open();
    await prepareInstallation(store, new TestClock(), { secretKey: SecretKey.generate() });
    app = await buildApp({ store, clock: new TestClock(), secretKey: SecretKey.generate(), adminToken, secureCookies: false }, { logger: pino({ level: 'info' }, log.stream) });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('names each answer of the listening server by the id it answered with, its route, status and duration', async () => {
    const answers = [
      await fetch(`${url}/v1/tenants`, { headers: { authorization: `Bearer ${adminToken}` } }),
      await fetch(`${url}/v1/tenants`, { headers: { 'x-request-id': 'mine-1' } }),
      await fetch(`${url}/nowhere/at/all`, { headers: { 'x-request-id': 'mine-2' } }),
    ];
    await Promise.all(answers.map((answer) => answer.text()));
    await expect.poll(() => log.written.filter((l) => l.msg === 'request').length).toBe(3);
    const requestLines = log.written.filter((l) => l.msg === 'request');
    expect(requestLines.map((l) => [l.reqId, l.method, l.status, l.route, l.url])).toEqual([
      [answers[0]?.headers.get('x-request-id'), 'GET', 200, '/v1/tenants', '/v1/tenants'],
      ['mine-1', 'GET', 401, '/v1/tenants', '/v1/tenants'],
      ['mine-2', 'GET', 404, 'unmatched', '/nowhere/at/all'],
    ]);
    for (const line of requestLines) expect(line.ms).toBeGreaterThanOrEqual(0);
  });
});
