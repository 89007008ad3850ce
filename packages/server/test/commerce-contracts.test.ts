import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, type TestApp } from '../../../test-support/http.js';
import { changesBetween, snapshot } from '../../../test-support/state.js';
import { openShop, personOf, asPerson, type Shop } from './commerce-setup.js';

describe.each(dialects)('contracts on %s', (dialect) => {
  let t: TestApp;
  let shop: Shop;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    shop = await openShop(t);
  });
  afterAll(() => t.close());

  it('answers the contract the vendor set, with license codes as the tenant spells them, and audits it', async () => {
    const set = await t.call('PUT', shop.path('/contract'), { body: { ...shop.contract, components: [{ code: 'crm-users', name: 'CRM user slots', licenseCode: 'crm-n', unitPrice: 1500 }] } });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({ tenantId: shop.tenantId, currency: 'EUR', billingPeriod: 'month', termStart: '2026-01-01', termEnd: '2026-12-31', locale: 'de-DE' });
    expect(set.body.components).toEqual([{ code: 'crm-users', name: 'CRM user slots', licenseCode: 'CRM-N', unitPrice: 1500 }]);
    const read = await t.call('GET', shop.path('/contract'));
    expect(read.body).toEqual(set.body);
    const auditLog = await t.call('GET', shop.path('/audit?action=contract.set'));
    expect(auditLog.status, auditLog.text).toBe(200);
    const last = auditLog.body.items.find((e: { action: string; after: { components: { unitPrice: number }[] } }) => e.action === 'contract.set' && e.after.components[0]?.unitPrice === 1500);
    expect(last).toBeDefined();
    expect(last.before.components).toHaveLength(3);
    // Put back for the tests below.
    expect((await t.call('PUT', shop.path('/contract'), { body: shop.contract })).status).toBe(200);
  });

  it('lets the tenant read it but not write it', async () => {
    const manager = asPerson(t, await personOf(t, shop, ['license_manager']));
    expect((await manager('GET', shop.path('/contract'))).status).toBe(200);
    expectProblem(await manager('PUT', shop.path('/contract'), shop.contract), 403, 'forbidden');
  });

  it('answers 404 for a tenant without a contract', async () => {
    const bare = await openShop(t, { contract: null });
    expectProblem(await t.call('GET', bare.path('/contract')), 404, 'not_found');
  });

  it.each<[string, Record<string, unknown>, number, string, string]>([
    ['an end before the start', { termEnd: '2025-12-31' }, 400, 'invalid_request', 'termEnd'],
    ['an end on the start', { termEnd: '2026-01-01' }, 400, 'invalid_request', 'termEnd'],
    ['a date that does not exist', { termStart: '2026-02-30' }, 400, 'invalid_request', 'termStart'],
    ['a currency that is no ISO 4217 code', { currency: 'EUX' }, 400, 'invalid_request', 'currency'],
    ['a currency in lower case', { currency: 'eur' }, 400, 'invalid_request', 'currency'],
    ['a negative price', { components: [{ code: 'x', name: 'X', licenseCode: 'CRM-N', unitPrice: -1 }] }, 400, 'invalid_request', 'components.0.unitPrice'],
    ['a fractional price', { components: [{ code: 'x', name: 'X', licenseCode: 'CRM-N', unitPrice: 10.5 }] }, 400, 'invalid_request', 'components.0.unitPrice'],
    ['a component named twice', { components: [{ code: 'x', name: 'X', licenseCode: 'CRM-N', unitPrice: 1 }, { code: 'X', name: 'X', licenseCode: 'ERP-N', unitPrice: 1 }] }, 400, 'invalid_request', 'components.1.code'],
    ['a license the tenant does not have', { components: [{ code: 'x', name: 'X', licenseCode: 'HR-N', unitPrice: 1 }] }, 422, 'unknown_license', 'components.0.licenseCode'],
    ['an unknown billing period', { billingPeriod: 'week' }, 400, 'invalid_request', 'billingPeriod'],
  ])('refuses %s and changes nothing', async (_name, change, status, code, field) => {
    const before = await snapshot(t.store);
    const audits = await auditCount(t, shop.tenantId);
    expectProblem(await t.call('PUT', shop.path('/contract'), { body: { ...shop.contract, ...change } }), status, code, field);
    expect(changesBetween(before, await snapshot(t.store))).toBeNull();
    expect(await auditCount(t, shop.tenantId)).toBe(audits);
  });
});
