import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { encodeCursor } from '@allot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { exampleBodies } from '../../../test-support/example-bodies.js';
import { buildTenantFixture, buildVendorFixture, fillPath, idsFor, type TenantFixture, type VendorFixture } from '../../../test-support/fixtures.js';
import { adminToken, createTestApp, type Answer, type TestApp } from '../../../test-support/http.js';
import { committedDocument, operationsOf, type JsonSchema, type Operation } from '../../../test-support/openapi.js';
import { hostileBody, hostileString, hostileValue, percentEncode, schemaAt, seasonedValue, stringFields, validValue, withValueAt, type Body, type FieldPath, type Hints } from '../../../test-support/schema-arbitrary.js';
import { changesBetween, snapshot, StateWatch } from '../../../test-support/state.js';

/**
 * Property-based fuzzing of every operation of the committed OpenAPI document: bodies of the
 * declared shape and hostile ones (wrong types, huge numbers, long strings, lone surrogates, NUL,
 * extra fields, deep nesting), hostile path ids and query strings. No answer may be a 5xx, and an
 * error answer (4xx) must leave every table as it was (the refusal logs excepted: see
 * `refusalLogTables` in test-support/state.ts).
 *
 * The runs are seeded: a failure names its seed; `ALLOT_FUZZ_SEED=<n>` replays it, and
 * `ALLOT_FUZZ_RUNS=<n>` changes the number of requests per operation (60 by default: about half a
 * minute on SQLite and a minute on PostgreSQL; a deeper run before a release can take 1000).
 */

const document = committedDocument();
const operations = operationsOf(document);
const baseSeed = Number(process.env.ALLOT_FUZZ_SEED ?? 20260115);
const runsPerOperation = Number(process.env.ALLOT_FUZZ_RUNS ?? 60);
const fuzzLog = process.env.ALLOT_FUZZ_LOG;

interface FuzzRequest {
  key: string;
  /** The path parameters, as sent (already percent-encoded). */
  params: Record<string, string>;
  query: string;
  body: Body | { text: string } | undefined;
}

/** What was sent, as a line a person can replay. */
function describeRequest(op: Operation, request: FuzzRequest): string {
  const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => request.params[name] ?? '') + request.query;
  const body =
    request.body === undefined ? '' : 'json' in request.body ? ` body ${JSON.stringify(request.body.json)}` : 'raw' in request.body ? ` body(${request.body.contentType}) ${JSON.stringify(request.body.raw)}` : ` text ${JSON.stringify(request.body.text)}`;
  return `${op.method} ${url}${body}`.slice(0, 1500);
}

/**
 * Cases that answer 5xx today, each with why; empty when none is known. Add one only with a
 * reason, and remove it with the fix.
 */
const knownFailures: { reason: string; matches: (op: Operation, request: FuzzRequest) => boolean }[] = [];

/** Operations in an order that keeps the fixtures for as long as possible: reads, changes, deletions, the tenant last. */
function order(op: Operation): number {
  if (op.name === 'DELETE /v1/tenants/{t}') return 5;
  if (op.name === 'DELETE /v1/tenants/{t}/licenses') return 4;
  if (op.method === 'GET') return 0;
  if (op.method === 'DELETE') return 3;
  return 1;
}
const ordered = [...operations].sort((a, b) => order(a) - order(b));

describe.each(dialects)('fuzzing every operation on %s', (dialect) => {
  let t: TestApp;
  let vendor: VendorFixture;
  let a: TenantFixture;
  let b: TenantFixture;
  let hints: Hints;
  let texts: string[];
  let watch: StateWatch;
  let started = 0;
  let sent = 0;

  beforeAll(async () => {
    started = performance.now();
    t = await createTestApp(dialect);
    watch = new StateWatch(t.store);
    vendor = await buildVendorFixture(t);
    a = await buildTenantFixture(t, vendor);
    b = await buildTenantFixture(t, vendor);
    const p = vendor.productCode;
    const issuedKey = await t.call('POST', '/v1/license-keys', { body: { category: 'switch', termDays: 365, count: 1 } });
    const file = await t.call('POST', `/v1/tenants/${a.tenantId}/license-file`, { body: { version: 1, expiresAt: '2030-01-01T00:00:00Z' } });
    const request = await t.call('POST', `/v1/tenants/${a.tenantId}/license-request`, { body: { companyId: 'C1' } });
    const report = await t.call('POST', `/v1/tenants/${a.tenantId}/usage-report`, { body: { from: '2025-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } });
    texts = [file.body.file, request.body.request, report.body.report];
    if (texts.some((text) => typeof text !== 'string')) throw new Error(`fixture texts: ${file.text} ${request.text} ${report.text}`);
    hints = {
      userId: [a.user, a.member, b.user],
      userIds: [a.user, a.member, b.user],
      licenseId: [a.licenses.data, a.licenses.named, b.licenses.data],
      groupId: [a.group, b.group],
      deviceLicenseIds: [a.deviceLicense, b.deviceLicense],
      toTenant: [b.tenantId, a.tenantId],
      module: ['a', 'b', 'c', 'd', 'e'].map((m) => `${p}:${m}`),
      product: [p],
      solution: [`${p}-suite`],
      key: [issuedKey.body.key],
      ref: [a.objectRef],
      category: ['switch'],
      customerCode: [a.customerCode],
      tenant: [a.tenantId, a.customerCode],
      apiKey: [a.keys.member],
      email: ['user@example.com'],
      tenantId: [a.tenantId],
      installationId: [request.body.installationId],
      licenseCode: ['concurrent', 'named', 'hits'],
      // Cursors Allot made, and ones it did not: NUL bytes, invalid UTF-8, not canonical.
      cursor: ['AAAA', '_w', '____', 'a+b', encodeCursor(a.objectRef), encodeCursor(a.user), encodeCursor('zzz_99999999999999')],
    };
  }, 120_000);
  afterAll(async () => {
    console.log(`fuzz on ${dialect}: ${ordered.length} operations, ${sent} requests in ${((performance.now() - started) / 1000).toFixed(1)} s, ${(watch.readingMs / 1000).toFixed(1)} s of it reading the tables (${watch.snapshots} snapshots) (seed ${baseSeed}, ${runsPerOperation} runs per operation)`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await t?.close();
  });

  /** Field hints that depend on the operation (`modules` are codes in a license, `product:module` elsewhere). */
  const hintsFor = (op: Operation): Hints => {
    const p = vendor.productCode;
    if (op.name === 'POST /v1/tenants/{t}/licenses') return { ...hints, modules: ['a', 'b', 'c', 'd', 'e'] };
    return { ...hints, modules: ['a', 'b', 'c', 'd', 'e'].map((m) => `${p}:${m}`) };
  };

  /**
   * One request: mostly well-formed (real ids, declared query parameters, a body of the declared
   * shape whose free text may hold any character), or well-formed but for one hostile part (the
   * path ids, the query string, or the body), so that the hostile part reaches as deep as it can.
   */
  const requestOf = (op: Operation): fc.Arbitrary<FuzzRequest> => {
    const real = idsFor(op.path, a, vendor);
    const foreign = idsFor(op.path, b, vendor);
    const opHints = hintsFor(op);
    const realParam = (name: string): fc.Arbitrary<string> =>
      fc.oneof({ weight: 8, arbitrary: fc.constant(encodeURIComponent(real[name] ?? 'x')) }, { weight: 1, arbitrary: fc.constant(encodeURIComponent(foreign[name] ?? 'x')) });
    const hostileParam = fc.oneof(
      { weight: 3, arbitrary: hostileString.filter((s) => s !== '').map(percentEncode) },
      { weight: 1, arbitrary: fc.constantFrom('.', '..', '%2e%2e', '%2F', '%', '%ZZ', '%FF%FE', '%00', 'a'.repeat(300), '%C0%AF') },
    );
    const paramsOf = (hostile: boolean): fc.Arbitrary<Record<string, string>> => {
      if (!hostile || op.pathParams.length === 0) return fc.record(Object.fromEntries(op.pathParams.map((name) => [name, realParam(name)])) as Record<string, fc.Arbitrary<string>>);
      // One parameter hostile, the others real.
      return fc.constantFrom(...op.pathParams).chain((bad) => fc.record(Object.fromEntries(op.pathParams.map((name) => [name, name === bad ? hostileParam : realParam(name)])) as Record<string, fc.Arbitrary<string>>));
    };
    const declared = Object.entries(op.query);
    const encode = (pairs: readonly (readonly [string, string])[]): string => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`);
    const validPair = declared.length === 0 ? null : fc.constantFrom(...declared).chain(([name, schema]) => validValue(document, schema, opHints, name).map((v) => [name, typeof v === 'string' ? v : JSON.stringify(v)] as const));
    const validQuery = validPair === null ? fc.constant('') : fc.uniqueArray(validPair, { maxLength: 3, selector: ([k]) => k }).map(encode);
    const hostilePair = fc.oneof(
      ...(declared.length === 0 ? [] : [{ weight: 3, arbitrary: fc.tuple(fc.constantFrom(...declared.map(([name]) => name)), fc.oneof(hostileString, hostileValue.map((v) => JSON.stringify(v) ?? ''))) }]),
      { weight: 1, arbitrary: fc.tuple(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'limit[]', 'cursor[a]')), hostileString) },
    );
    const hostileQuery = fc.array(hostilePair, { minLength: 1, maxLength: 4 }).map(encode);

    let validBody: fc.Arbitrary<FuzzRequest['body']>;
    let badBody: fc.Arbitrary<FuzzRequest['body']>;
    let seasonedBody: fc.Arbitrary<FuzzRequest['body']> | null = null;
    if (op.body === null) {
      validBody = fc.constant(undefined);
      badBody = hostileValue.map((json) => ({ json }));
    } else if (op.body.type === 'string') {
      // Text bodies: license files, requests and reports, real ones or with a few characters changed, or anything.
      const edited = fc.tuple(fc.constantFrom(...texts), fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 4 })).map(([text, edits]) => {
        let out = text;
        for (const [at, insert] of edits) {
          const i = at % Math.max(out.length, 1);
          out = out.slice(0, i) + insert + out.slice(i + 1);
        }
        return out;
      });
      validBody = fc.constantFrom(...texts).map((text) => ({ text }));
      badBody = fc.oneof(
        { weight: 3, arbitrary: edited.map((text) => ({ text })) },
        { weight: 2, arbitrary: hostileString.map((text) => ({ text })) },
        { weight: 1, arbitrary: hostileValue.map((json) => ({ json })) },
      );
    } else {
      validBody = validValue(document, op.body, opHints).map((json) => ({ json }));
      badBody = hostileBody(document, op.body, opHints);
      seasonedBody = seasonedValue(document, op.body, opHints).map((json) => ({ json }));
    }
    // The vendor reaches every route; the tenant keys take the branches that depend on roles.
    const key = fc.constantFrom(adminToken, adminToken, adminToken, adminToken, a.keys.owner, a.keys.system_admin, a.keys.app);
    const request = (params: fc.Arbitrary<Record<string, string>>, query: fc.Arbitrary<string>, body: fc.Arbitrary<FuzzRequest['body']>): fc.Arbitrary<FuzzRequest> => fc.record({ key, params, query, body });
    return fc.oneof(
      { weight: 4, arbitrary: request(paramsOf(false), validQuery, validBody) },
      { weight: op.pathParams.length === 0 ? 0 : 1, arbitrary: request(paramsOf(true), validQuery, validBody) },
      { weight: 1, arbitrary: request(paramsOf(false), hostileQuery, validBody) },
      { weight: op.body === null ? 1 : 4, arbitrary: request(paramsOf(false), validQuery, badBody) },
      ...(seasonedBody === null ? [] : [{ weight: 2, arbitrary: request(paramsOf(false), validQuery, seasonedBody) }]),
    );
  };

  const send = async (op: Operation, request: FuzzRequest): Promise<Answer> => {
    const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => request.params[name] ?? '') + request.query;
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    const body = request.body;
    if (body !== undefined) {
      if ('json' in body) {
        payload = JSON.stringify(body.json);
        if (payload === undefined) payload = 'null';
        headers['content-type'] = 'application/json';
      } else if ('raw' in body) {
        payload = body.raw;
        headers['content-type'] = body.contentType;
      } else {
        payload = body.text;
        headers['content-type'] = 'text/plain';
      }
    }
    sent++;
    return t.call(op.method, url, { key: request.key, headers, ...(payload === undefined ? {} : { body: payload }) });
  };

  for (const [index, op] of ordered.entries()) {
    it(`${op.name} answers no 5xx and changes nothing when it refuses`, async () => {
      const seed = baseSeed + index;
      const failures = new Map<string, string>();
      await fc.assert(
        fc.asyncProperty(requestOf(op), async (request) => {
          if (knownFailures.some((known) => known.matches(op, request))) return;
          await watch.before();
          const answer = await send(op, request);
          const what = describeRequest(op, request);
          // ALLOT_FUZZ_LOG=<file> writes one line per request: what the generators reach, to tune them.
          if (fuzzLog !== undefined) appendFileSync(fuzzLog, `${dialect} ${answer.status} ${answer.body?.code ?? '-'} ${answer.body?.field ?? ''} ${what.slice(0, 300).replace(/\n/g, ' ')}\n`);
          if (answer.status >= 500) {
            failures.set(`5xx ${answer.body?.code}`, `${answer.status} for ${what}\n  answer: ${answer.text.slice(0, 300)}`);
            return;
          }
          if (answer.status >= 400) {
            if (!String(answer.headers['content-type']).startsWith('application/problem+json')) failures.set(`type ${answer.status}`, `${answer.status} without problem+json for ${what}`);
            const changed = await watch.changedSince();
            if (changed !== null) failures.set(`changed ${answer.body?.code}`, `${answer.status} ${answer.body?.code} changed state for ${what}\n${changed}`);
          }
        }),
        { numRuns: runsPerOperation, seed, endOnFailure: true },
      );
      expect([...failures.values()], `seed ${seed} (ALLOT_FUZZ_SEED=${baseSeed}):\n${[...failures.values()].join('\n')}`).toEqual([]);
    }, 60_000);
  }
});

/**
 * Every string field of every body, one at a time, given characters that break naive code, in an
 * otherwise valid body (the authorization matrix's example, the field added when it lacks it):
 * what random generation reaches only now and then, reached every run.
 */
describe.each(dialects)('every string field of every body on %s', (dialect) => {
  let t: TestApp;
  let vendor: VendorFixture;
  let a: TenantFixture;
  let sinkTenantId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    vendor = await buildVendorFixture(t);
    a = await buildTenantFixture(t, vendor);
    sinkTenantId = (await t.call('POST', '/v1/tenants', { body: { name: 'Sink', customerCode: `SINK-${Date.now()}` } })).body.id;
  }, 60_000);
  afterAll(() => t?.close());

  const odd = (maxLength: number): string[] => ['\ud800', 'a\udfffb', '\udc00\ud800', '\u202e\u200b\ufeff', '😀'.repeat(Math.max(1, Math.floor(maxLength / 2))), 'é'.repeat(Math.min(maxLength, 5000))];
  // The tenant's own deletion would end the run early: it is fuzzed above.
  const withBodies = operations.filter((op) => op.body !== null && op.body.type !== 'string');

  it('answers no 5xx and changes nothing when it refuses', async () => {
    const failures: string[] = [];
    let n = 0;
    const watch = new StateWatch(t.store);
    for (const op of withBodies) {
      const body = op.body as JsonSchema;
      const example = exampleBodies[op.name]?.({ tenant: a, vendor, sinkTenantId, n: n++ });
      const base = example !== undefined && 'json' in example ? example.json : {};
      const url = fillPath(op.path, idsFor(op.path, a, vendor));
      for (const field of stringFields(document, body)) {
        for (const value of odd(field.maxLength)) {
          const make = (holderPath: FieldPath): unknown => {
            const holder = schemaAt(document, body, holderPath);
            return holder === null ? undefined : fc.sample(validValue(document, holder, {}), { numRuns: 1, seed: 7 })[0];
          };
          const json = withValueAt(base, field.path, value, make);
          const request: FuzzRequest = { key: adminToken, params: {}, query: '', body: { json } };
          if (knownFailures.some((known) => known.matches(op, request))) continue;
          await watch.before();
          const answer = await t.call(op.method, url, { body: json });
          const what = `${op.method} ${url} body ${JSON.stringify(json).slice(0, 400)}`;
          if (answer.status >= 500) failures.push(`${answer.status} for ${what}`);
          else if (answer.status >= 400) {
            const changed = await watch.changedSince();
            if (changed !== null) failures.push(`${answer.status} ${answer.body?.code} changed state for ${what}\n${changed}`);
          }
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);
});

/** Requests the fuzzer found a 5xx for, replayed every run. */
describe.each(dialects)('requests the fuzzer found on %s', (dialect) => {
  let t: TestApp;
  let vendor: VendorFixture;
  let a: TenantFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    vendor = await buildVendorFixture(t);
    a = await buildTenantFixture(t, vendor);
  }, 60_000);
  afterAll(() => t?.close());

  it('sees a change of any row in a snapshot, and only the tenant\'s rows in a tenant snapshot', async () => {
    const whole = await snapshot(t.store);
    const scoped = await snapshot(t.store, { tenantId: a.tenantId, vendorWide: false });
    expect(whole.has('licenses') && whole.has('hit_years') && whole.has('products')).toBe(true);
    expect(whole.has('denied_access') || whole.has('login_attempts')).toBe(false);
    expect(scoped.has('products')).toBe(false);
    await t.store.db.updateTable('hit_years').set((eb) => ({ hits: eb('hits', '+', 1) })).execute();
    expect(changesBetween(whole, await snapshot(t.store))).toContain('hit_years:');
    expect(changesBetween(scoped, await snapshot(t.store, { tenantId: a.tenantId, vendorWide: false }))).toContain('hit_years:');

    // Hit keys name their tenant by its number: a tenant's snapshot holds its own keys.
    const beforeHit = await snapshot(t.store, { tenantId: a.tenantId, vendorWide: false });
    const hit = await t.call('POST', `/v1/tenants/${a.tenantId}/usage/hits`, { key: a.keys.app, body: { events: [{ module: `${vendor.productCode}:e`, kind: 'query', count: 1, idempotencyKey: 'snapshot-key' }] } });
    expect(hit.body.results).toEqual([{ index: 0, status: 'accepted', licenseId: a.licenses.hits }]);
    const afterHit = await snapshot(t.store, { tenantId: a.tenantId, vendorWide: false });
    expect(changesBetween(beforeHit, afterHit)).toContain('hit_keys:');
    expect(afterHit.get('hit_keys')).toHaveLength((beforeHit.get('hit_keys')?.length ?? 0) + 1);
  });

  it('watches the tables: a write is seen, a read or a write undone is not, and every time the state is read fresh after a write', async () => {
    const watch = new StateWatch(t.store);
    await watch.before();
    expect(await watch.changedSince()).toBeNull();
    await watch.before();
    await t.call('GET', `/v1/tenants/${a.tenantId}/licenses`);
    expect(await watch.changedSince()).toBeNull();
    await watch.before();
    await t.store.db.updateTable('hit_years').set((eb) => ({ hits: eb('hits', '+', 1) })).execute();
    expect(await watch.changedSince()).toContain('hit_years:');
    // A write rolled back moves the mark on SQLite; the tables read again show nothing changed.
    await watch.before();
    const undone = await t.store.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('tenants').set({ name: 'Undone' }).where('id', '=', a.tenantId).execute();
        throw new Error('undo');
      })
      .catch((error: Error) => error.message);
    expect(undone).toBe('undo');
    expect(await watch.changedSince()).toBeNull();
    // The snapshot it keeps is the state after the last write: the next change is told against it.
    await watch.before();
    await t.store.db.updateTable('tenants').set({ name: 'Renamed' }).where('id', '=', a.tenantId).execute();
    expect(await watch.changedSince()).toMatch(/tenants:[\s\S]*Renamed/);
    await watch.before();
    expect(await watch.changedSince()).toBeNull();
  });

  it('refuses a volume-object cursor that is not one Allot made (AAAA decodes to NUL bytes: a 500 on PostgreSQL)', async () => {
    const objects = `/v1/tenants/${a.tenantId}/licenses/${a.licenses.volume}/objects`;
    for (const cursor of ['AAAA', '_w', '____', 'a+b']) {
      const answer = await t.call('GET', `${objects}?cursor=${encodeURIComponent(cursor)}`);
      expect(answer.status, `cursor ${cursor}: ${answer.text}`).toBe(400);
      expect(answer.body.field).toBe('cursor');
    }
    const first = await t.call('GET', `${objects}?limit=1`);
    await t.call('POST', objects, { body: { ref: 'obj-2 ü', status: 'active' } });
    const paged = await t.call('GET', `${objects}?limit=1`);
    expect(first.status).toBe(200);
    const next = await t.call('GET', `${objects}?limit=1&cursor=${paged.body.nextCursor}`);
    expect(next.body.items.map((o: { ref: string }) => o.ref)).toEqual(['obj-2 ü']);
  });
});
