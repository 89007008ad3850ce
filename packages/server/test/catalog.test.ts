import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('catalog on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const product = (code: string, modules = ['core', 'reports']) =>
    t.call('POST', '/v1/products', { body: { code, name: code.toUpperCase(), modules: modules.map((m) => ({ code: m, name: m })) } });

  it('creates a product with modules and reads it back', async () => {
    const created = await product('finance', ['reports', 'core']);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'finance', modules: [{ code: 'core' }, { code: 'reports' }] });
    expect(created.body.id).toMatch(/^prd_/);
    expect((await t.call('GET', `/v1/products/${created.body.id}`)).body).toEqual(created.body);
    expect((await t.call('GET', '/v1/products')).body.items.some((p: { code: string }) => p.code === 'finance')).toBe(true);
  });

  it('renames a product and adds modules', async () => {
    const created = await product('hr', ['core']);
    const patched = await t.call('PATCH', `/v1/products/${created.body.id}`, { body: { name: 'People', addModules: [{ code: 'payroll', name: 'Payroll' }] } });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('People');
    expect(patched.body.modules.map((m: { code: string }) => m.code)).toEqual(['core', 'payroll']);
    expectProblem(await t.call('PATCH', `/v1/products/${created.body.id}`, { body: { addModules: [{ code: 'core', name: 'Again' }] } }), 409, 'already_exists');
  });

  it('creates a solution from product:module references across products', async () => {
    await product('crm', ['leads', 'cases']);
    await product('phone', ['dialer']);
    const solution = await t.call('POST', '/v1/solutions', { body: { code: 'service', name: 'Service', modules: ['crm:cases', 'phone:dialer'] } });
    expect(solution.status).toBe(201);
    expect(solution.body.modules).toEqual(['crm:cases', 'phone:dialer']);
    const changed = await t.call('PATCH', `/v1/solutions/${solution.body.id}`, { body: { modules: ['crm:leads'] } });
    expect(changed.body.modules).toEqual(['crm:leads']);
  });

  it('refuses a solution naming a module the catalog lacks, naming it, and stores nothing', async () => {
    await product('erp', ['ledger']);
    const before = await auditCount(t, null);
    const answer = await t.call('POST', '/v1/solutions', { body: { code: 'bad', name: 'Bad', modules: ['erp:ledger', 'erp:nothing'] } });
    expectProblem(answer, 404, 'unknown_module');
    expect(answer.body.modules).toEqual(['erp:nothing']);
    expect(await auditCount(t, null)).toBe(before);
    expect((await t.call('GET', '/v1/solutions?limit=500')).body.items.some((s: { code: string }) => s.code === 'bad')).toBe(false);
  });

  it('keeps a product that a solution uses', async () => {
    const used = await product('used', ['m']);
    await t.call('POST', '/v1/solutions', { body: { code: 'uses', name: 'Uses', modules: ['used:m'] } });
    expectProblem(await t.call('DELETE', `/v1/products/${used.body.id}`), 409, 'conflict');
    const free = await product('free', ['m']);
    expect((await t.call('DELETE', `/v1/products/${free.body.id}`)).status).toBe(204);
  });

  it.each([
    ['a duplicate code', async () => (await product('dupe')) && product('dupe'), 409, 'already_exists'],
    ['a code with capitals', () => product('Bad Code'), 400, 'invalid_request'],
    ['a module listed twice', () => t.call('POST', '/v1/products', { body: { code: 'twice', name: 'T', modules: [{ code: 'a', name: 'A' }, { code: 'a', name: 'B' }] } }), 400, 'invalid_request'],
    ['a malformed module reference', () => t.call('POST', '/v1/solutions', { body: { code: 's1', name: 'S', modules: ['no-colon'] } }), 400, 'invalid_request'],
    ['an empty solution', () => t.call('POST', '/v1/solutions', { body: { code: 's2', name: 'S', modules: [] } }), 400, 'invalid_request'],
    ['an unknown product', () => t.call('GET', '/v1/products/prd_nothere'), 404, 'not_found'],
    ['an unknown solution', () => t.call('DELETE', '/v1/solutions/sol_nothere'), 404, 'not_found'],
  ])('refuses %s', async (_case, act, status, code) => {
    expectProblem(await act(), status, code);
  });

  it('lets tenants read the catalog but only the vendor change it', async () => {
    const { key } = await tenantWithKey(t);
    expect((await t.call('GET', '/v1/products', { key })).status).toBe(200);
    expectProblem(await t.call('POST', '/v1/products', { key, body: { code: 'mine', name: 'Mine' } }), 403, 'forbidden');
    expectProblem(await t.call('GET', '/v1/products', { key: null }), 401, 'unauthenticated');
  });
});
