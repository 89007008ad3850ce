import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type Answer, type TestApp } from '../../../test-support/http.js';
import { changesBetween, snapshot } from '../../../test-support/state.js';
import { asPerson, openShop, personOf, type Person, type Shop } from './commerce-setup.js';

type Call = (method: string, url: string, body?: unknown) => Promise<Answer>;

describe.each(dialects)('purchases on %s', (dialect) => {
  let t: TestApp;
  let shop: Shop;
  let owner: Person;
  let asOwner: Call;

  /** Asserts that `act` answers the problem and leaves every table as it was (the login-attempt counters aside). */
  const refusedUnchanged = async (target: Shop, act: () => Promise<Answer>, status: number, code: string, field?: string) => {
    const before = await snapshot(t.store);
    const audits = await auditCount(t, target.tenantId);
    expectProblem(await act(), status, code, field);
    expect(changesBetween(before, await snapshot(t.store))).toBeNull();
    expect(await auditCount(t, target.tenantId)).toBe(audits);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    shop = await openShop(t);
    owner = await personOf(t, shop, ['owner']);
    asOwner = asPerson(t, owner);
  });
  afterAll(() => t.close());

  it('prices a dry run without a password and changes nothing: 3 seats for Jan 30–31 of 31 days', async () => {
    const before = await snapshot(t.store);
    const answer = await asOwner('POST', shop.path('/purchases?dryRun=true'), { licenseId: shop.licenses.crmUsers, newQuantity: 8 });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({
      dryRun: true,
      purchase: { licenseId: shop.licenses.crmUsers, added: 3, newQuantity: 8 },
      invoice: {
        number: 'INV-2026-000001',
        currency: 'EUR',
        amount: 194,
        invoiceDate: '2026-01-30',
        periodStart: '2026-01-01',
        periodEnd: '2026-01-31',
        lines: [{ description: 'CRM user slots (CRM-N)', quantity: 3, unitPrice: 1000, days: 2, daysInPeriod: 31, amount: 194 }],
        customerCode: shop.customerCode,
        vendorName: 'Allot Software GmbH',
        locale: 'de-DE',
      },
    });
    expect(changesBetween(before, await snapshot(t.store))).toBeNull();
  });

  it('adds the seats at once with the invoice, numbered without gaps, and tells the owner', async () => {
    const bought = await asOwner('POST', shop.path('/purchases'), { licenseId: shop.licenses.crmUsers, newQuantity: 8, password: owner.password });
    expect(bought.status, bought.text).toBe(201);
    expect(bought.body).toMatchObject({ dryRun: false, purchase: { added: 3, newQuantity: 8 }, invoice: { number: 'INV-2026-000001', amount: 194 } });
    expect((await t.call('GET', shop.path(`/licenses/${shop.licenses.crmUsers}`))).body).toMatchObject({ quantity: 8, source: 'purchase' });
    const events = await t.call('GET', shop.path('/events?type=purchase.completed'));
    expect(events.body.items[0].data).toMatchObject({
      purchaseId: bought.body.purchase.id,
      invoiceId: bought.body.invoice.id,
      invoiceNumber: 'INV-2026-000001',
      licenseCode: 'CRM-N',
      added: 3,
      newQuantity: 8,
      amount: 194,
      currency: 'EUR',
      requestedBy: owner.id,
    });
    const audit = await t.call('GET', shop.path('/audit?action=purchase.completed'));
    expect(audit.body.items[0]).toMatchObject({ targetId: bought.body.purchase.id, actor: `user:${owner.id}` });

    const again = await asOwner('POST', shop.path('/purchases'), { licenseId: shop.licenses.erpUsers, newQuantity: 11, password: owner.password });
    expect(again.status, again.text).toBe(201);
    // 5000 × 1 × 2 ÷ 31 = 322.58…
    expect(again.body.invoice).toMatchObject({ number: 'INV-2026-000002', amount: 323 });
  });

  it('takes the purchase day in the tenant zone: Auckland is in February while UTC is on Jan 31', async () => {
    const auckland = await openShop(t, { timeZone: 'Pacific/Auckland', clock: '2026-01-31T12:00:00Z' });
    const answer = await t.call('POST', auckland.path('/purchases?dryRun=true'), { body: { licenseId: auckland.licenses.crmUsers, newQuantity: 6 } });
    expect(answer.body.invoice).toMatchObject({ invoiceDate: '2026-02-01', periodStart: '2026-02-01', periodEnd: '2026-02-28', amount: 1000, lines: [{ days: 28, daysInPeriod: 28 }] });
    const utc = await openShop(t, { clock: '2026-01-31T12:00:00Z' });
    const inUtc = await t.call('POST', utc.path('/purchases?dryRun=true'), { body: { licenseId: utc.licenses.crmUsers, newQuantity: 6 } });
    expect(inUtc.body.invoice).toMatchObject({ invoiceDate: '2026-01-31', amount: 32, lines: [{ days: 1, daysInPeriod: 31 }] });
  });

  it('prorates February of a leap year by 29 days', async () => {
    const leap = await openShop(t, { clock: '2028-02-28T10:00:00Z', contract: { termStart: '2028-01-01', termEnd: '2028-12-31' } });
    const answer = await t.call('POST', leap.path('/purchases?dryRun=true'), { body: { licenseId: leap.licenses.crmUsers, newQuantity: 6 } });
    expect(answer.body.invoice).toMatchObject({ number: 'INV-2028-000001', periodEnd: '2028-02-29', amount: 69, lines: [{ days: 2, daysInPeriod: 29 }] });
  });

  describe('bad input changes nothing', () => {
    it.each<[string, () => Record<string, unknown>, number, string, string | undefined]>([
      ['a reduction', () => ({ licenseId: shop.licenses.crmUsers, newQuantity: 4, password: owner.password }), 422, 'not_an_increase', 'newQuantity'],
      ['the same quantity', () => ({ licenseId: shop.licenses.crmUsers, newQuantity: 8, password: owner.password }), 422, 'not_an_increase', 'newQuantity'],
      ['a quantity of 0', () => ({ licenseId: shop.licenses.crmUsers, newQuantity: 0, password: owner.password }), 400, 'invalid_request', 'newQuantity'],
      ['a negative quantity', () => ({ licenseId: shop.licenses.crmUsers, newQuantity: -3, password: owner.password }), 400, 'invalid_request', 'newQuantity'],
      ['a fractional quantity', () => ({ licenseId: shop.licenses.crmUsers, newQuantity: 9.5, password: owner.password }), 400, 'invalid_request', 'newQuantity'],
      ['no password', () => ({ licenseId: shop.licenses.crmUsers, newQuantity: 9 }), 400, 'invalid_request', 'password'],
      ['an unknown license', () => ({ licenseId: 'lic_01jd0000000000000000000000', newQuantity: 9, password: owner.password }), 404, 'not_found', 'licenseId'],
    ])('refuses %s', async (_name, body, status, code, field) => {
      await refusedUnchanged(shop, () => asOwner('POST', shop.path('/purchases'), body()), status, code, field);
    });

    it('refuses anyone but an owner (403), and an owner key, which has no password (403 person_required)', async () => {
      for (const role of ['license_manager', 'system_admin', 'auditor', 'member']) {
        const someone = await personOf(t, shop, [role]);
        await refusedUnchanged(shop, () => asPerson(t, someone)('POST', shop.path('/purchases'), { licenseId: shop.licenses.crmUsers, newQuantity: 9, password: someone.password }), 403, 'forbidden');
      }
      const ownerKey = (await t.call('POST', shop.path('/api-keys'), { body: { kind: 'admin', roles: ['owner'] } })).body.key;
      await refusedUnchanged(shop, () => t.call('POST', shop.path('/purchases'), { key: ownerKey, body: { licenseId: shop.licenses.crmUsers, newQuantity: 9, password: 'anything' } }), 403, 'person_required');
      await refusedUnchanged(shop, () => t.call('POST', shop.path('/purchases'), { body: { licenseId: shop.licenses.crmUsers, newQuantity: 9, password: 'anything' } }), 403, 'person_required');
      const stranger = await tenantWithKey(t, ['owner']);
      expectProblem(await t.call('POST', shop.path('/purchases'), { key: stranger.key, body: { licenseId: shop.licenses.crmUsers, newQuantity: 9, password: 'x' } }), 404, 'not_found');
    });

    it("answers 404 for another tenant's license, also in a dry run", async () => {
      const other = await openShop(t);
      await refusedUnchanged(shop, () => asOwner('POST', shop.path('/purchases?dryRun=true'), { licenseId: other.licenses.crmUsers, newQuantity: 9 }), 404, 'not_found', 'licenseId');
      await refusedUnchanged(shop, () => asOwner('POST', shop.path('/purchases'), { licenseId: other.licenses.crmUsers, newQuantity: 9, password: owner.password }), 404, 'not_found', 'licenseId');
      expect((await t.call('GET', other.path(`/licenses/${other.licenses.crmUsers}`))).body.quantity).toBe(5);
    });

    it('refuses a wrong password with 401, counted as a login attempt: the sixth check is 429', async () => {
      const other = await personOf(t, shop, ['owner']);
      const attempt = () => asPerson(t, other)('POST', shop.path('/purchases'), { licenseId: shop.licenses.crmUsers, newQuantity: 9, password: 'not-the-password' });
      const counted = async () => Number((await t.store.db.selectFrom('login_attempts').select('attempts').where('subject', 'like', `account:${shop.tenantId}:%${other.email}`).executeTakeFirst())?.attempts ?? 0);
      for (let i = 1; i <= 5; i++) {
        await refusedUnchanged(shop, attempt, 401, 'password_incorrect', 'password');
        expect(await counted()).toBe(i);
      }
      expectProblem(await attempt(), 429, 'too_many_attempts');
      // The limit is the account's: logging in with the right password is refused too.
      expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: shop.customerCode, email: other.email, password: other.password } }), 429, 'too_many_attempts');
    });

    it('refuses without a contract or a price for the license (409 no_price), and after the term (409 outside_term)', async () => {
      const bare = await openShop(t, { contract: null });
      const bareOwner = await personOf(t, bare, ['owner']);
      await refusedUnchanged(bare, () => asPerson(t, bareOwner)('POST', bare.path('/purchases'), { licenseId: bare.licenses.crmUsers, newQuantity: 9, password: bareOwner.password }), 409, 'no_price');
      const erpOnly = await openShop(t, { contract: { components: [{ code: 'erp-users', name: 'ERP user slots', licenseCode: 'ERP-N', unitPrice: 5000 }] } });
      await refusedUnchanged(erpOnly, () => t.call('POST', erpOnly.path('/purchases?dryRun=true'), { body: { licenseId: erpOnly.licenses.crmUsers, newQuantity: 9 } }), 409, 'no_price', 'licenseId');
      const ended = await openShop(t, { clock: '2027-01-01T00:30:00Z' });
      const endedOwner = await personOf(t, ended, ['owner']);
      await refusedUnchanged(ended, () => asPerson(t, endedOwner)('POST', ended.path('/purchases'), { licenseId: ended.licenses.crmUsers, newQuantity: 9, password: endedOwner.password }), 409, 'outside_term');
    });
  });
});
