import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, DeliveryDispatcher, emailChannel, fanOut, inAppChannel } from '@allot/server';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, TestClock, type Answer, type TestApp } from '../../../test-support/http.js';
import { changesBetween, snapshot } from '../../../test-support/state.js';
import { asPerson, openShop, personOf, type Shop } from './commerce-setup.js';

type Call = (method: string, url: string, body?: unknown) => Promise<Answer>;

describe.each(dialects)('upgrade requests on %s', (dialect) => {
  let t: TestApp;
  let shop: Shop;
  let manager: Call;
  let managerId: string;
  let managerEmail: string;

  const order = (over: Record<string, unknown> = {}) => ({
    product: shop.crm,
    items: [
      { component: 'crm-users', quantity: 2 },
      { component: 'crm-entities', quantity: 1 },
    ],
    purchaseOrder: 'PO-4711',
    bindingConfirmed: true,
    ...over,
  });

  /** Asserts that `act` answers the problem and leaves every table as it was. */
  const refusedUnchanged = async (act: () => Promise<Answer>, status: number, code: string, field?: string) => {
    const before = await snapshot(t.store);
    const audits = await auditCount(t, shop.tenantId);
    expectProblem(await act(), status, code, field);
    expect(changesBetween(before, await snapshot(t.store))).toBeNull();
    expect(await auditCount(t, shop.tenantId)).toBe(audits);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    shop = await openShop(t);
    const person = await personOf(t, shop, ['license_manager']);
    manager = asPerson(t, person);
    managerId = person.id;
    managerEmail = person.email;
  });
  afterAll(() => t.close());

  it('prices a dry run by the contract and stores nothing, without the binding box ticked', async () => {
    const before = await snapshot(t.store);
    const answer = await manager('POST', shop.path('/upgrade-requests?dryRun=true'), order({ bindingConfirmed: undefined }));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({
      dryRun: true,
      status: 'open',
      product: shop.crm,
      currency: 'EUR',
      purchaseOrder: 'PO-4711',
      requestedBy: managerId,
      monthlyTotal: 2 * 1000 + 12000,
      items: [
        { component: 'crm-users', quantity: 2, unitPrice: 1000, monthlyAmount: 2000, licenseCode: 'CRM-N' },
        { component: 'crm-entities', quantity: 1, unitPrice: 12000, monthlyAmount: 12000, licenseCode: 'CRM-V' },
      ],
    });
    expect(changesBetween(before, await snapshot(t.store))).toBeNull();
  });

  it('stores a request of a license manager, with its event and audit entry, and lists it', async () => {
    const sent = await manager('POST', shop.path('/upgrade-requests'), order());
    expect(sent.status, sent.text).toBe(201);
    expect(sent.body).toMatchObject({ dryRun: false, status: 'open', requestedBy: managerId, monthlyTotal: 14000, requestedAt: '2026-01-30T12:00:00.000Z' });
    const id: string = sent.body.id;
    expect((await manager('GET', shop.path(`/upgrade-requests/${id}`))).body).toMatchObject({ id, status: 'open' });
    const list = await manager('GET', shop.path('/upgrade-requests?status=open'));
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    const events = await t.call('GET', shop.path('/events?type=upgrade.requested'));
    expect(events.body.items[0].data).toMatchObject({
      requestId: id,
      product: shop.crm,
      requestedBy: managerId,
      monthlyTotal: 14000,
      currency: 'EUR',
      purchaseOrder: 'PO-4711',
      items: [
        { component: 'crm-users', licenseCode: 'CRM-N', quantity: 2, unitPrice: 1000, monthlyAmount: 2000 },
        { component: 'crm-entities', licenseCode: 'CRM-V', quantity: 1, unitPrice: 12000, monthlyAmount: 12000 },
      ],
    });
    const audit = await t.call('GET', shop.path('/audit?action=upgrade_request.sent'));
    expect(audit.body.items.some((e: { targetId: string }) => e.targetId === id)).toBe(true);

    // The second open request of the product, also as a dry run: 409, nothing changed.
    await refusedUnchanged(() => manager('POST', shop.path('/upgrade-requests'), order()), 409, 'upgrade_pending', 'product');
    await refusedUnchanged(() => manager('POST', shop.path('/upgrade-requests?dryRun=true'), order()), 409, 'upgrade_pending');
    // Another product is free.
    const erp = await manager('POST', shop.path('/upgrade-requests'), order({ product: shop.erp, items: [{ component: 'erp-users', quantity: 3 }] }));
    expect(erp.status, erp.text).toBe(201);
  });

  it('approves by the vendor: every line raises its license at once, source upgrade; a second decision is 409', async () => {
    const open = (await t.call('GET', shop.path(`/upgrade-requests?status=open&product=${shop.crm}`))).body.items[0];
    const approved = await t.call('POST', shop.path(`/upgrade-requests/${open.id}/approve`));
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedAt: '2026-01-30T12:00:00.000Z' });
    const users = await t.call('GET', shop.path(`/licenses/${shop.licenses.crmUsers}`));
    const entities = await t.call('GET', shop.path(`/licenses/${shop.licenses.crmEntities}`));
    expect(users.body).toMatchObject({ quantity: 7, source: 'upgrade' });
    expect(entities.body).toMatchObject({ quantity: 3, source: 'upgrade' });
    const events = await t.call('GET', shop.path('/events?type=upgrade.approved'));
    expect(events.body.items[0].data).toMatchObject({ requestId: open.id, requestedBy: managerId });
    const audit = await t.call('GET', shop.path('/audit?action=license.updated'));
    expect(audit.body.items.filter((e: { after: { upgradeRequestId?: string } }) => e.after.upgradeRequestId === open.id)).toHaveLength(2);

    await refusedUnchanged(() => t.call('POST', shop.path(`/upgrade-requests/${open.id}/approve`)), 409, 'upgrade_closed');
    await refusedUnchanged(() => t.call('POST', shop.path(`/upgrade-requests/${open.id}/reject`), { body: { reason: 'late' } }), 409, 'upgrade_closed');
    // Closed, the product takes a new request.
    expect((await manager('POST', shop.path('/upgrade-requests'), order())).status).toBe(201);
  });

  it('rejects by the vendor with a reason the requester is told', async () => {
    const open = (await t.call('GET', shop.path(`/upgrade-requests?status=open&product=${shop.erp}`))).body.items[0];
    const rejected = await t.call('POST', shop.path(`/upgrade-requests/${open.id}/reject`), { body: { reason: 'Budget year closed' } });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Budget year closed' });
    expect((await t.call('GET', shop.path(`/licenses/${shop.licenses.erpUsers}`))).body.quantity).toBe(10);
    const events = await t.call('GET', shop.path('/events?type=upgrade.rejected'));
    expect(events.body.items[0].data).toMatchObject({ requestId: open.id, requestedBy: managerId, reason: 'Budget year closed' });
  });

  it('tells the requester of each decision in the console and by e-mail', async () => {
    const now = new Date().toISOString();
    await fanOut(t.store, inAppChannel, now);
    const notifications = await manager('GET', shop.path('/notifications?limit=500'));
    const titles = notifications.body.items.map((n: { title: string }) => n.title);
    expect(titles).toEqual(expect.arrayContaining([`Upgrade of ${shop.crm} requested`, `Upgrade of ${shop.crm} approved`, `Upgrade of ${shop.erp} rejected`]));
    const rejection = notifications.body.items.find((n: { type: string }) => n.type === 'upgrade.rejected');
    expect(rejection.body).toContain('Budget year closed');
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-upgrade-mail-'));
    const mailer = createMailer({ smtpUrl: undefined, dataDir });
    // A round sends a few messages per recipient at a time: run rounds until nothing is left.
    const dispatcher = new DeliveryDispatcher(t.store, new TestClock(now), [emailChannel(t.store, { mailer, publicUrl: 'https://allot.example.com', from: 'Allot <allot@example.com>' })]);
    while ((await dispatcher.runOnce()).delivered > 0);
    mailer.close();
    const mails = readdirSync(join(dataDir, 'outbox')).map((f) => readFileSync(join(dataDir, 'outbox', f), 'utf8')).filter((m) => m.includes(managerEmail));
    expect(mails.some((m) => m.includes(`Subject: [Allot] Upgrade of ${shop.crm} approved`))).toBe(true);
    expect(mails.some((m) => m.includes(`Subject: [Allot] Upgrade of ${shop.erp} rejected`))).toBe(true);
  });

  it("shows the vendor every tenant's open requests in one queue", async () => {
    const other = await openShop(t);
    const sent = await t.call('POST', other.path('/upgrade-requests'), { body: { product: other.erp, items: [{ component: 'erp-users', quantity: 1 }], bindingConfirmed: true } });
    expect(sent.status, sent.text).toBe(201);
    expect(sent.body.productName).toBe(other.erp.toUpperCase());
    const queue = await t.call('GET', '/v1/upgrade-requests?status=open&limit=500');
    const tenants = new Set(queue.body.items.map((r: { tenantId: string }) => r.tenantId));
    expect(tenants.has(shop.tenantId) && tenants.has(other.tenantId)).toBe(true);
    expect(queue.body.items.every((r: { status: string }) => r.status === 'open')).toBe(true);
    expect(queue.body.items.find((r: { tenantId: string }) => r.tenantId === other.tenantId)).toMatchObject({ tenantName: expect.stringMatching(/^Shop \d+ GmbH$/), product: other.erp, productName: other.erp.toUpperCase() });
    expectProblem(await manager('GET', '/v1/upgrade-requests?status=open'), 403, 'forbidden');
  });

  it('lets owners request too, but not system admins, auditors or members; only the vendor decides', async () => {
    const owner = asPerson(t, await personOf(t, shop, ['owner']));
    expect((await owner('POST', shop.path('/upgrade-requests?dryRun=true'), order())).status).not.toBe(403);
    for (const role of ['system_admin', 'auditor', 'member']) {
      const someone = asPerson(t, await personOf(t, shop, [role]));
      await refusedUnchanged(() => someone('POST', shop.path('/upgrade-requests'), order({ product: shop.erp, items: [{ component: 'erp-users', quantity: 1 }] })), 403, 'forbidden');
    }
    const open = (await t.call('GET', shop.path('/upgrade-requests?status=open'))).body.items[0];
    await refusedUnchanged(() => owner('POST', shop.path(`/upgrade-requests/${open.id}/approve`)), 403, 'forbidden');
  });

  it('prices a yearly contract a twelfth a month, half-up', async () => {
    const yearly = await openShop(t, { contract: { billingPeriod: 'year', components: [{ code: 'erp-users', name: 'ERP user slots', licenseCode: 'ERP-N', unitPrice: 1002 }] } });
    const answer = await t.call('POST', yearly.path('/upgrade-requests?dryRun=true'), { body: { product: yearly.erp, items: [{ component: 'erp-users', quantity: 1 }] } });
    expect(answer.body).toMatchObject({ monthlyTotal: 84, items: [{ unitPrice: 1002, monthlyAmount: 84 }] });
  });

  describe('bad input changes nothing', () => {
    const erpOrder = () => order({ product: shop.erp, items: [{ component: 'erp-users', quantity: 1 }] });
    it.each<[string, () => Record<string, unknown>, number, string, string | undefined]>([
      ['a component of another product', () => order({ product: shop.erp, items: [{ component: 'crm-users', quantity: 1 }] }), 422, 'unknown_component', 'items.0.component'],
      ['an unknown component', () => order({ product: shop.erp, items: [{ component: 'nothing', quantity: 1 }] }), 422, 'unknown_component', 'items.0.component'],
      ['a quantity of 0', () => ({ ...erpOrder(), items: [{ component: 'erp-users', quantity: 0 }] }), 400, 'invalid_request', 'items.0.quantity'],
      ['a negative quantity', () => ({ ...erpOrder(), items: [{ component: 'erp-users', quantity: -2 }] }), 400, 'invalid_request', 'items.0.quantity'],
      ['a fractional quantity', () => ({ ...erpOrder(), items: [{ component: 'erp-users', quantity: 1.5 }] }), 400, 'invalid_request', 'items.0.quantity'],
      ['no lines', () => ({ ...erpOrder(), items: [] }), 400, 'invalid_request', 'items'],
      ['no binding confirmation', () => ({ ...erpOrder(), bindingConfirmed: undefined }), 422, 'binding_not_confirmed', 'bindingConfirmed'],
      ['a binding confirmation of false', () => ({ ...erpOrder(), bindingConfirmed: false }), 422, 'binding_not_confirmed', 'bindingConfirmed'],
      ['a product the catalog lacks', () => ({ ...erpOrder(), product: 'no-such-product' }), 404, 'not_found', 'product'],
    ])('refuses %s', async (_name, body, status, code, field) => {
      await refusedUnchanged(() => manager('POST', shop.path('/upgrade-requests'), body()), status, code, field);
    });

    it('refuses without a contract (409 no_price) and after its term (409 outside_term)', async () => {
      const bare = await openShop(t, { contract: null });
      await refusedUnchanged(() => t.call('POST', bare.path('/upgrade-requests'), { body: { product: bare.erp, items: [{ component: 'erp-users', quantity: 1 }], bindingConfirmed: true } }), 409, 'no_price');
      const ended = await openShop(t, { clock: '2027-01-01T00:30:00Z' });
      await refusedUnchanged(() => t.call('POST', ended.path('/upgrade-requests'), { body: { product: ended.erp, items: [{ component: 'erp-users', quantity: 1 }], bindingConfirmed: true } }), 409, 'outside_term');
    });

    it('refuses to approve a line that would take a license past its largest quantity (409), changing nothing', async () => {
      const big = await openShop(t);
      expect((await t.call('PATCH', big.path(`/licenses/${big.licenses.crmEntities}`), { body: { quantity: 1_999_999_999 } })).status).toBe(200);
      const sent = await t.call('POST', big.path('/upgrade-requests'), { body: { product: big.crm, items: [{ component: 'crm-entities', quantity: 1_000_000 }], bindingConfirmed: true } });
      expect(sent.status, sent.text).toBe(201);
      await refusedUnchanged(() => t.call('POST', big.path(`/upgrade-requests/${sent.body.id}/approve`)), 409, 'conflict');
      expect((await t.call('GET', big.path(`/upgrade-requests/${sent.body.id}`))).body.status).toBe('open');
    });

    it('answers 404 for a request of another tenant', async () => {
      const other = await openShop(t);
      const theirs = await t.call('POST', other.path('/upgrade-requests'), { body: { product: other.crm, items: [{ component: 'crm-users', quantity: 1 }], bindingConfirmed: true } });
      expectProblem(await manager('GET', shop.path(`/upgrade-requests/${theirs.body.id}`)), 404, 'not_found');
      await refusedUnchanged(() => t.call('POST', shop.path(`/upgrade-requests/${theirs.body.id}/approve`)), 404, 'not_found');
    });
  });
});
