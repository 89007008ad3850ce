import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';
import { runtimeTenant, type RuntimeTenant } from '../../../test-support/runtime-tenant.js';

/** SPEC 2: codes are what the vendor already uses, kept as given and unique ignoring case. */
describe.each(dialects)('codes as vendors write them on %s', (dialect) => {
  let t: TestApp;
  let r: RuntimeTenant;
  const access = (userId: string, module: string) => t.call('POST', r.path('/access'), { key: r.appKey, body: { userId, module } });
  const license = async (body: Record<string, unknown>) => {
    const answer = await t.call('POST', r.path('/licenses'), { body: { name: String(body.code), ...body } });
    if (answer.status !== 201) throw new Error(answer.text);
    return answer.body;
  };
  const product = (code: string, modules: string[]) => t.call('POST', '/v1/products', { body: { code, name: code, modules: modules.map((m) => ({ code: m, name: m })) } });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    r = await runtimeTenant(t, { mode: 'sandbox', clock: '2024-03-06T10:00:00Z' });
    const pss2 = await product('PSS2', ['WebDAV_Audit', 'Reservations', 'Rooms.v2']);
    if (pss2.status !== 201) throw new Error(pss2.text);
  });
  afterAll(() => t.close());

  it('keeps product and module codes as given and reads them back so', async () => {
    const created = await product('PMFS-PRO', ['Leases', 'a.b', 'Z9']);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'PMFS-PRO', modules: [{ code: 'a.b' }, { code: 'Leases' }, { code: 'Z9' }] });
    expect((await t.call('GET', `/v1/products/${created.body.id}`)).body).toEqual(created.body);
    const listed = (await t.call('GET', '/v1/products?limit=500')).body.items.find((p: { code: string }) => p.code === 'PSS2');
    expect(listed.modules.map((m: { code: string }) => m.code)).toEqual(['Reservations', 'Rooms.v2', 'WebDAV_Audit']);
  });

  describe('unique ignoring case', () => {
    it('refuses a product whose code differs only in case', async () => {
      expect((await product('CRM-X', ['Leads'])).status).toBe(201);
      const again = await product('crm-x', ['Leads']);
      expectProblem(again, 409, 'already_exists');
      expect(again.body.field).toBe('code');
      expect((await t.call('GET', '/v1/products?limit=500')).body.items.filter((p: { code: string }) => p.code.toLowerCase() === 'crm-x')).toHaveLength(1);
    });

    it('refuses a module whose code differs only in case, within a product, and allows it in another', async () => {
      const created = await product('MOD-CASE', ['Reports']);
      expectProblem(await t.call('PATCH', `/v1/products/${created.body.id}`, { body: { addModules: [{ code: 'REPORTS', name: 'Again' }] } }), 409, 'already_exists');
      expectProblem(await product('MOD-TWICE', ['Reports', 'reports']), 400, 'invalid_request');
      expect((await product('MOD-OTHER', ['reports'])).status).toBe(201);
    });

    it('refuses a solution whose code differs only in case', async () => {
      const first = await t.call('POST', '/v1/solutions', { body: { code: 'Suite-A', name: 'Suite', modules: ['PSS2:Reservations'] } });
      expect(first.status).toBe(201);
      expectProblem(await t.call('POST', '/v1/solutions', { body: { code: 'SUITE-a', name: 'Suite', modules: ['PSS2:Reservations'] } }), 409, 'already_exists');
    });

    it('refuses a license whose code differs only in case within the tenant, and allows it in another tenant', async () => {
      await product('LIC-CASE', ['Core']);
      await license({ code: 'PMFS-LIC', model: 'server', product: 'LIC-CASE' });
      const again = await t.call('POST', r.path('/licenses'), { body: { code: 'pmfs-lic', name: 'Again', model: 'server', product: 'LIC-CASE' } });
      expectProblem(again, 409, 'already_exists');
      expect(again.body.field).toBe('code');
      const other = await tenantWithKey(t);
      expect((await t.call('POST', `/v1/tenants/${other.tenantId}/licenses`, { body: { code: 'pmfs-lic', name: 'Other', model: 'server', product: 'lic-case' } })).status).toBe(201);
    });
  });

  it('stores what a license names in the catalog spelling, however the request spells it', async () => {
    const named = await license({ code: 'CRM-N', model: 'named', product: 'pss2', modules: ['webdav_audit', 'RESERVATIONS', 'WebDAV_Audit'], quantity: 3 });
    expect(named).toMatchObject({ code: 'CRM-N', product: 'PSS2', modules: ['Reservations', 'WebDAV_Audit'] });
    expect((await t.call('GET', r.path(`/licenses/${named.id}`))).body).toMatchObject({ product: 'PSS2', modules: ['Reservations', 'WebDAV_Audit'] });
    const solution = await t.call('POST', '/v1/solutions', { body: { code: 'PSS2-Suite', name: 'Suite', modules: ['pss2:rooms.V2', 'PSS2:Rooms.v2'] } });
    expect(solution.body.modules).toEqual(['PSS2:Rooms.v2']);
    const bySolution = await license({ code: 'Suite-Seats', model: 'solution', solution: 'pss2-suite', quantity: 2 });
    expect(bySolution).toMatchObject({ solution: 'PSS2-Suite', product: null });
    expectProblem(await t.call('POST', r.path('/licenses'), { body: { code: 'nope', name: 'N', model: 'named', product: 'PSS2', modules: ['Nothing'], quantity: 1 } }), 404, 'unknown_module');
  });

  it('resolves module references in access checks to the catalog entry and logs its spelling', async () => {
    const lic = await license({ code: 'Audit-Seats', model: 'named', product: 'PSS2', modules: ['WebDAV_Audit'], quantity: 2 });
    const [seated, other] = [await r.user('seated@codes.io'), await r.user('other@codes.io')];
    expect((await t.call('POST', r.path(`/licenses/${lic.id}/assignments`), { key: r.ownerKey, body: { userIds: [seated] } })).status).toBe(200);
    for (const module of ['PSS2:WebDAV_Audit', 'pss2:webdav_audit', 'Pss2:WEBDAV_AUDIT']) {
      expect((await access(seated, module)).body).toMatchObject({ allowed: true, code: 'licensed', licenseId: lic.id });
    }
    expect((await access(other, 'pss2:webdav_audit')).body).toMatchObject({ allowed: false, code: 'not_licensed' });
    const log = await t.call('GET', r.path(`/logs/denied?userId=${other}`), { key: r.ownerKey });
    expect(log.body.items.map((d: { module: string }) => d.module)).toEqual(['PSS2:WebDAV_Audit']);
    expect((await access(seated, 'pss2:nothing')).body.code).toBe('unknown_module');
  });

  it('reads `_` in a module code literally, not as a wildcard', async () => {
    await product('LIKE', ['Web_Audit', 'WebXAudit']);
    await license({ code: 'like-server', model: 'server', product: 'LIKE', modules: ['Web_Audit'] });
    const someone = await r.user('like@codes.io');
    expect((await access(someone, 'like:web_audit')).body.code).toBe('server_license');
    expect((await access(someone, 'LIKE:WebXAudit')).body.code).toBe('not_licensed');
  });

  it('opens sessions and issues day codes on module references in any case, holding the catalog entry once', async () => {
    const lic = await license({ code: 'Res-Conc', model: 'concurrent', product: 'PSS2', modules: ['Reservations'], quantity: 1 });
    const [a, b] = [await r.user('a@codes.io'), await r.user('b@codes.io')];
    const session = await t.call('POST', r.path('/sessions'), { key: r.appKey, body: { userId: a, modules: ['pss2:reservations', 'PSS2:Reservations'] } });
    expect(session.status).toBe(201);
    expect(session.body.modules).toEqual([expect.objectContaining({ module: 'PSS2:Reservations', licenseId: lic.id })]);
    const full = await t.call('POST', r.path('/sessions'), { key: r.appKey, body: { userId: b, modules: ['PSS2:RESERVATIONS'] } });
    expectProblem(full, 409, 'concurrency_limit');
    expect(full.body.module).toBe('PSS2:Reservations');
    const dayCode = await t.call('POST', r.path('/day-codes'), { body: { module: 'pss2:reservations' } });
    expect(dayCode.status).toBe(201);
    expect(dayCode.body.module).toBe('PSS2:Reservations');
    const withCode = await t.call('POST', r.path('/sessions'), { key: r.appKey, body: { userId: b, modules: ['Pss2:Reservations'], dayCode: dayCode.body.dayCode } });
    expect(withCode.status).toBe(201);
    expect(withCode.body.modules[0]).toMatchObject({ module: 'PSS2:Reservations', dayCodeId: dayCode.body.id });
    expect((await access(b, 'pss2:RESERVATIONS')).body.code).toBe('day_code');
  });

  it('counts hits on module references in any case against the catalog entry', async () => {
    await product('HITS', ['Queries']);
    const lic = await license({ code: 'Hits-Q', model: 'hits', product: 'hits', modules: ['QUERIES'], quantity: 10 });
    const answer = await t.call('POST', r.path('/usage/hits'), {
      key: r.appKey,
      body: { events: [{ module: 'HITS:Queries', kind: 'query', count: 4 }, { module: 'hits:queries', kind: 'query', count: 4 }, { module: 'Hits:QUERIES', kind: 'query', count: 4 }, { module: 'hits:nothing', kind: 'query', count: 1 }] },
    });
    expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'quota_exhausted', 'unknown_module']);
    expect((await t.call('GET', r.path(`/licenses/${lic.id}`))).body.used).toBe(8);
  });
});
