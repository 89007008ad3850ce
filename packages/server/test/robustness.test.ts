import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '@allot/server';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

interface Operation {
  method: string;
  path: string;
  bodyProperties: string[];
}

async function operations(): Promise<Operation[]> {
  const document = (await openApiDocument()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const schema = operation.requestBody?.content['application/json']?.schema;
      out.push({ method: method.toUpperCase(), path, bodyProperties: Object.keys(schema?.properties ?? {}) });
    }
  }
  return out;
}

const nastyIds = ['%00', "x'%3B drop table tenants%3B --", '..%2F..%2Fetc%2Fpasswd', '%C3%A4%E2%82%AC%F0%9F%98%80', 'a'.repeat(3000), '__proto__', 'constructor', '%FF%FE'];
const nastyBodies: unknown[] = [null, [], 'text', 42, {}, { __proto__: { polluted: true } }, JSON.parse('{"constructor":{"prototype":{"polluted":true}}}')];
const nastyValues: unknown[] = [null, 1.5, -1, 1e308, 'x'.repeat(5000), [], {}, true, '\u0000', 'ok\u0000', '😀'.repeat(10), [null], -0, '\ud800', 'a\udfffb'];

describe.each(dialects)('no input makes a 5xx on %s', (dialect) => {
  let t: TestApp;
  let ops: Operation[];
  let realIds: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ops = await operations();
    const { tenantId, key } = await tenantWithKey(t, ['owner'], { mode: 'sandbox' });
    const user = await t.call('POST', `/v1/tenants/${tenantId}/users`, { key, body: { email: 'f@example.com', name: 'F' } });
    realIds = { t: tenantId, id: user.body.id, userId: user.body.id };
  });
  afterAll(() => t.close());

  const check = (what: string, answer: { status: number; headers: Record<string, unknown>; text: string }) => {
    if (answer.status >= 500) throw new Error(`${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    if (answer.status >= 400) expect(String(answer.headers['content-type']), what).toContain('application/problem+json');
  };

  it('survives hostile ids in every path', async () => {
    for (const op of ops) {
      for (const nasty of nastyIds) {
        const url = op.path.replace(/\{(\w+)\}/g, () => nasty);
        check(`${op.method} ${url.slice(0, 80)}`, await t.call(op.method, url, { body: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} }));
      }
    }
  });

  it('survives hostile bodies and field values on every route', async () => {
    for (const op of ops) {
      if (op.method === 'GET' || op.method === 'DELETE') continue;
      const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => realIds[name] ?? 'unknown');
      for (const body of nastyBodies) check(`${op.method} ${op.path} body ${JSON.stringify(body)}`, await t.call(op.method, url, { body: JSON.stringify(body) }));
      for (const property of op.bodyProperties) {
        for (const value of nastyValues) {
          check(`${op.method} ${op.path} ${property}=${JSON.stringify(value)?.slice(0, 40)}`, await t.call(op.method, url, { body: { [property]: value } }));
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a lone surrogate in the fields that answered 5xx, naming the field, and stores nothing', async () => {
    const t2 = realIds.t;
    const issue = { version: 1, expiresAt: '2030-01-01T00:00:00Z' };
    const grace = { licenseCode: 'none', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z', orderNumber: 'ok' };
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', `/v1/tenants/${t2}/license-file`, { ...issue, partnerId: '\ud800' }, 'partnerId'],
      ['POST', `/v1/tenants/${t2}/license-file`, { ...issue, orderNumber: 'A\udc00' }, 'orderNumber'],
      ['POST', `/v1/tenants/${t2}/license-file`, { ...issue, installationId: '\udbff' }, 'installationId'],
      ['POST', `/v1/tenants/${t2}/license-file`, { ...issue, grace: { ...grace, orderNumber: '\ud800x' } }, 'grace.orderNumber'],
      ['POST', `/v1/tenants/${t2}/license-request`, { companyId: '\ud800' }, 'companyId'],
      ['POST', `/v1/tenants/${t2}/license-request`, { companyId: 'c', targetVersion: '\udfff' }, 'targetVersion'],
      ['POST', '/v1/tenants', { name: 'Lone \ud83d', customerCode: 'LONE' }, 'name'],
      ['POST', '/v1/tenants', { name: 'Key', customerCode: 'LONE', ['\udc00']: 1 }, '\udc00'],
    ];
    for (const [method, url, body, field] of cases) {
      const answer = await t.call(method, url, { body });
      expectProblem(answer, 400, 'invalid_request');
      expect(answer.body, `${method} ${url} ${field}`).toMatchObject({ field, in: 'body' });
      expect(answer.body.detail).toContain('lone UTF-16 surrogate');
    }
    expect(await t.store.db.selectFrom('tenants').select('id').where('customer_code', '=', 'LONE').execute()).toEqual([]);
    // A surrogate pair is text: an emoji written as escapes is stored and answered as itself.
    const emoji = await t.call('POST', '/v1/tenants', { body: '{"name":"Smile \\ud83d\\ude00","customerCode":"PAIR"}' });
    expect(emoji.status).toBe(201);
    expect(emoji.body.name).toBe('Smile 😀');
    expect((await t.call('GET', `/v1/tenants/${emoji.body.id}`)).body.name).toBe('Smile 😀');
  });

  it('answers a clock move past the last storable instant 400, not 500', async () => {
    for (const advanceBy of ['PT99999999999H', 'P99999999999D', 'PT99999999999999999999S']) {
      const answer = await t.call('POST', `/v1/tenants/${realIds.t}/clock`, { body: { advanceBy } });
      expectProblem(answer, 400, 'invalid_request');
      expect(answer.body.field).toBe('advanceBy');
    }
  });

  it('survives hostile query strings on every list', async () => {
    for (const op of ops) {
      if (op.method !== 'GET') continue;
      const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => realIds[name] ?? 'unknown');
      for (const query of ['?limit=-1', '?limit=99999999999999999999', '?cursor=%00', '?cursor=' + 'A'.repeat(190), '?from=%00', '?limit=1&limit=2', '?format=csv&format=json', '?role[]=x']) {
        check(`GET ${url}${query}`, await t.call('GET', url + query));
      }
    }
  });
});
