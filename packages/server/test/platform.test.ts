import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllotError } from '@allot/core';
import { openApiDocument, systemClock } from '@allot/server';
import type { FastifyRequest } from 'fastify';
import { refuseBadTextInPathAndQuery } from '../src/http/text-guard.js';
import { adminToken, createTestApp, expectProblem, type TestApp } from '../../../test-support/http.js';

describe('platform endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz without a key', async () => {
    expect(await t.call('GET', '/healthz', { key: null })).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await t.call('GET', '/readyz', { key: null })).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('serves Prometheus metrics that count the answers of the listening server by route and status, with a duration histogram', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const get = async (path: string, key: string | null = adminToken) => (await fetch(url + path, { headers: key === null ? {} : { authorization: `Bearer ${key}` } })).text();
    for (let i = 0; i < 3; i++) await get('/v1/tenants');
    await get('/v1/tenants/ten_missing');
    await get('/v1/tenants', null);
    const metrics = await t.call('GET', '/metrics', { key: null });
    expect(metrics.headers['content-type']).toContain('text/plain');
    const lines = metrics.text.split('\n');
    const sample = (name: string) => lines.filter((l: string) => l.startsWith(name)).map((l: string) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))] as const);
    expect(sample('allot_http_requests_total{method="GET",route="/v1/tenants"')).toEqual([
      ['allot_http_requests_total{method="GET",route="/v1/tenants",status="200"}', 3],
      ['allot_http_requests_total{method="GET",route="/v1/tenants",status="401"}', 1],
    ]);
    expect(sample('allot_http_requests_total{method="GET",route="/v1/tenants/:t",status="404"}')).toHaveLength(1);
    expect(metrics.text).toContain('# TYPE allot_http_request_duration_seconds histogram');
    const buckets = sample('allot_http_request_duration_seconds_bucket{method="GET",route="/v1/tenants",');
    expect(buckets.map(([series]) => series.match(/le="([^"]+)"/)?.[1])).toEqual(['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf']);
    const counts = buckets.map(([, value]) => value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(4);
    expect(sample('allot_http_request_duration_seconds_count{method="GET",route="/v1/tenants"}')).toEqual([['allot_http_request_duration_seconds_count{method="GET",route="/v1/tenants"}', 4]]);
    const [[, sum]] = sample('allot_http_request_duration_seconds_sum{method="GET",route="/v1/tenants"}') as [[string, number]];
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(10);
  });

  it('refuses NUL characters in bodies, naming the field, and nothing else', async () => {
    const nested = await t.call('POST', '/v1/products', { body: { code: 'nul', name: 'N', modules: [{ code: 'a', name: 'fine' }, { code: 'b', name: 'bad\u0000name' }] } });
    expectProblem(nested, 400, 'invalid_request');
    expect(nested.body).toMatchObject({ field: 'modules.1.name', in: 'body' });
    expect((await t.call('GET', '/v1/products/nul')).status).toBe(404);
    const inKey = await t.call('POST', '/v1/tenants', { body: '{"name":"N","customerCode":"NUL1","x\\u0000":1}' });
    expectProblem(inKey, 400, 'invalid_request');
    expect(inKey.body.field).toBe('x\u0000');
    const asText = await t.call('POST', '/v1/tenants', { body: 'a\u0000b', headers: { 'content-type': 'text/plain' } });
    expectProblem(asText, 400, 'invalid_request');
    // A backslash followed by "u0000" is text, not a NUL.
    const backslash = await t.call('POST', '/v1/tenants', { body: { name: 'back\\u0000slash', customerCode: 'NUL2' } });
    expect(backslash.status).toBe(201);
    expect(backslash.body.name).toBe('back\\u0000slash');
    expectProblem(await t.call('GET', '/v1/tenants/ten_%00x'), 404, 'not_found');
    const inQuery = await t.call('GET', '/v1/tenants?cursor=a%00b');
    expectProblem(inQuery, 400, 'invalid_request');
    expect(inQuery.body).toMatchObject({ field: 'cursor', in: 'query' });
    expect((await t.call('GET', '/v1/tenants?cursor=%2500')).status).not.toBe(500);
    const poisoned = await t.call('POST', '/v1/tenants', { body: '{"name":"P","customerCode":"NUL3","__proto__":{"x":1}}' });
    expectProblem(poisoned, 400, 'invalid_json');
  });

  it('refuses lone surrogates in the path and the query, where only a URL that is not text could bring one', () => {
    // HTTP's request line is bytes (read as Latin-1), and percent-decoding refuses an encoded
    // surrogate (a bad URL, 400): the guard still holds should another parser let one through.
    const request = (url: string, params: object, query: object) => ({ url, params, query }) as unknown as FastifyRequest;
    const refusal = (r: FastifyRequest) => {
      try {
        refuseBadTextInPathAndQuery(r);
        return null;
      } catch (error) {
        return error as AllotError;
      }
    };
    expect(refusal(request('/v1/tenants/\ud800', { t: '\ud800' }, {}))).toMatchObject({ code: 'invalid_request', context: { field: 't', in: 'path' } });
    expect(refusal(request('/v1/tenants?cursor=a\udc00', {}, { cursor: 'a\udc00' }))).toMatchObject({ code: 'invalid_request', context: { field: 'cursor', in: 'query' } });
    expect(refusal(request('/v1/tenants/ten_%00', { t: 'ten_\u0000' }, {}))).toMatchObject({ code: 'not_found' });
    expect(refusal(request('/v1/tenants?name=%F0%9F%98%80', {}, { name: '😀' }))).toBeNull();
  });

  it('reads the real clock as canonical UTC text, never behind the time', () => {
    expect(systemClock.now()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    for (let i = 0; i < 20_000; i++) {
      const before = Date.now();
      const read = Date.parse(systemClock.now());
      const after = Date.now();
      if (read < before || read > after) expect({ before, read, after }).toBe('between before and after');
    }
  });

  it('gives every answer a request id, and keeps a sane one the caller sent', async () => {
    const mine = await t.call('GET', '/healthz', { key: null, headers: { 'x-request-id': 'trace-123' } });
    expect(mine.headers['x-request-id']).toBe('trace-123');
    const bad = await t.call('GET', '/v1/nothing', { key: null, headers: { 'x-request-id': 'evil\tid with spaces' } });
    expect(bad.headers['x-request-id']).toMatch(/^req_/);
    expect(bad.body.requestId).toBe(bad.headers['x-request-id']);
  });

  it('serves the OpenAPI 3.1 document and the docs page', async () => {
    const spec = await t.call('GET', '/openapi.json', { key: null });
    expect(spec.body.openapi).toBe('3.1.0');
    expect(Object.keys(spec.body.paths)).toContain('/v1/tenants/{t}/clock');
    const docs = await t.call('GET', '/docs/', { key: null });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });

  it('keeps the committed openapi.json equal to the routes (run `npm run openapi` after an API change)', async () => {
    const committed = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8'));
    expect(await openApiDocument()).toEqual(committed);
  });

  it('compiles every route\'s validators and serializers, which otherwise wait for their first use', async () => {
    const before = t.app.compilePending();
    expect(before).toBeGreaterThan(500);
    expect(t.app.compilePending()).toBe(0);
    // Compiled ahead, they still check and answer as before.
    expectProblem(await t.call('POST', '/v1/tenants', { body: { name: 7 } }), 400, 'invalid_request');
    expect(await t.call('GET', '/v1/tenants')).toMatchObject({ status: 200 });
  });

  it('answers a method the route does not have as a problem, not a crash', async () => {
    expectProblem(await t.call('PUT', '/v1/tenants', { body: {} }), 404, 'route_not_found');
    expectProblem(await t.call('DELETE', '/healthz', { key: null }), 404, 'route_not_found');
  });
});
