import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '@allot/server';
import { createTestApp, expectProblem, type TestApp } from '../../../test-support/http.js';

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

  it('serves Prometheus metrics that count requests by route and status', async () => {
    await t.call('GET', '/v1/tenants');
    const metrics = await t.call('GET', '/metrics', { key: null });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toMatch(/allot_http_requests_total\{method="GET",route="\/v1\/tenants",status="200"\} \d+/);
    expect(metrics.text).toContain('allot_http_request_duration_seconds_bucket');
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

  it('answers a method the route does not have as a problem, not a crash', async () => {
    expectProblem(await t.call('PUT', '/v1/tenants', { body: {} }), 404, 'route_not_found');
    expectProblem(await t.call('DELETE', '/healthz', { key: null }), 404, 'route_not_found');
  });
});
