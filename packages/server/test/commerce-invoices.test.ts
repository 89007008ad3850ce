import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, DeliveryDispatcher, emailChannel, fanOut, inAppChannel } from '@allot/server';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, TestClock, type TestApp } from '../../../test-support/http.js';
import { asPerson, openShop, personOf, type Person, type Shop } from './commerce-setup.js';

/** The text of a PDF as poppler's `pdftotext` reads it (layout kept), or null when poppler is not installed. */
function pdfText(pdf: Buffer): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'allot-invoice-'));
  const file = join(dir, 'invoice.pdf');
  writeFileSync(file, pdf);
  try {
    execFileSync('pdftotext', ['-layout', file, join(dir, 'invoice.txt')]);
  } catch {
    return null;
  }
  return readFileSync(join(dir, 'invoice.txt'), 'utf8');
}

describe.each(dialects)('invoices on %s', (dialect) => {
  let t: TestApp;
  let shop: Shop;
  let owner: Person;
  let invoiceId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    shop = await openShop(t);
    owner = await personOf(t, shop, ['owner']);
    const bought = await asPerson(t, owner)('POST', shop.path('/purchases'), { licenseId: shop.licenses.crmUsers, newQuantity: 8, password: owner.password });
    expect(bought.status, bought.text).toBe(201);
    invoiceId = bought.body.invoice.id;
  });
  afterAll(() => t.close());

  it('lists the invoices and answers one as JSON', async () => {
    const list = await t.call('GET', shop.path('/invoices'));
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: invoiceId, number: 'INV-2026-000001', amount: 194, currency: 'EUR', customerName: expect.stringContaining('Shop') });
    const one = await t.call('GET', shop.path(`/invoices/${invoiceId}`));
    expect(one.body).toEqual(list.body.items[0]);
    const csv = await t.call('GET', shop.path('/invoices?format=csv'));
    expect(csv.text).toContain('INV-2026-000001');
  });

  it("gives the vendor every tenant's invoices in one list, and no one else", async () => {
    const other = await openShop(t);
    const otherOwner = await personOf(t, other, ['owner']);
    const bought = await asPerson(t, otherOwner)('POST', other.path('/purchases'), { licenseId: other.licenses.erpUsers, newQuantity: 12, password: otherOwner.password });
    expect(bought.status, bought.text).toBe(201);
    const books = await t.call('GET', '/v1/invoices?limit=500');
    expect(books.body.items.map((i: { number: string; tenantId: string }) => [i.number, i.tenantId])).toEqual(
      expect.arrayContaining([
        ['INV-2026-000001', shop.tenantId],
        [bought.body.invoice.number, other.tenantId],
      ]),
    );
    expectProblem(await asPerson(t, owner)('GET', '/v1/invoices'), 403, 'forbidden');
  });

  it('answers the PDF for Accept: application/pdf and at .../pdf, with the vendor, customer, number, period, lines and total', async () => {
    const byAccept = await t.app.inject({ method: 'GET', url: shop.path(`/invoices/${invoiceId}`), headers: { authorization: `Bearer ${'test-admin-token-0123456789'}`, accept: 'application/pdf' } });
    expect(byAccept.statusCode).toBe(200);
    expect(byAccept.headers['content-type']).toBe('application/pdf');
    const pdf = byAccept.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const byPath = await t.app.inject({ method: 'GET', url: shop.path(`/invoices/${invoiceId}/pdf`), headers: { authorization: `Bearer ${'test-admin-token-0123456789'}` } });
    expect(byPath.headers['content-disposition']).toBe('inline; filename="INV-2026-000001.pdf"');
    // The same invoice gives the same bytes.
    expect(byPath.rawPayload.equals(pdf)).toBe(true);
    const text = pdfText(pdf);
    if (text === null) {
      // Without poppler the document is still checked for its structure.
      expect(pdf.toString('latin1')).toContain('%%EOF');
      return;
    }
    for (const expected of ['Allot Software GmbH', 'INV-2026-000001', '30. Januar 2026', '1. Januar 2026', '31. Januar 2026', 'CRM user slots (CRM-N)', '2 of 31', '10,00 €', '1,94 €', 'Total', shop.customerCode]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Total\s+1,94 €/);
  });

  it('lets the tenant read its invoices but hides other tenants\' and refuses members', async () => {
    const manager = asPerson(t, await personOf(t, shop, ['license_manager']));
    expect((await manager('GET', shop.path(`/invoices/${invoiceId}`))).status).toBe(200);
    const member = asPerson(t, await personOf(t, shop, ['member']));
    expectProblem(await member('GET', shop.path('/invoices')), 403, 'forbidden');
    const other = await openShop(t);
    expectProblem(await t.call('GET', other.path(`/invoices/${invoiceId}`)), 404, 'not_found');
    expectProblem(await t.call('GET', other.path(`/invoices/${invoiceId}/pdf`)), 404, 'not_found');
  });

  it('mails the owner the invoice with its PDF attached, and tells them in the console', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-mail-'));
    const mailer = createMailer({ smtpUrl: undefined, dataDir });
    const now = new Date().toISOString();
    await fanOut(t.store, inAppChannel, now);
    const run = await new DeliveryDispatcher(t.store, new TestClock(now), [emailChannel(t.store, { mailer, publicUrl: 'https://allot.example.com', from: 'Allot <allot@example.com>' })]).runOnce();
    expect(run.failed).toBe(0);
    const files = readdirSync(join(dataDir, 'outbox'));
    const messages = files.map((f) => readFileSync(join(dataDir, 'outbox', f), 'utf8')).filter((m) => m.includes(owner.email));
    expect(messages).toHaveLength(1);
    const message = messages[0] ?? '';
    expect(message).toMatch(/Content-Type: application\/pdf; name=INV-2026-000001\.pdf/);
    const encoded = /Content-Disposition: attachment; filename=INV-2026-000001\.pdf\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(message)?.[1] ?? '';
    const attached = Buffer.from(encoded.replace(/\s/g, ''), 'base64');
    expect(attached.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(attached) ?? 'INV-2026-000001').toContain('INV-2026-000001');
    mailer.close();

    const notifications = await asPerson(t, owner)('GET', shop.path('/notifications'));
    expect(notifications.body.items.map((n: { type: string; title: string }) => [n.type, n.title])).toContainEqual(['purchase.completed', 'Purchase of 3 for CRM-N completed']);
  });
});
