import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleSuite, generous, logInAsUser, logInWithKey, logOut, screenshot, screenshotDir, tenantNav } from './support.js';

// Commerce in the console, end to end against a real `allot serve`: the vendor sets the contract
// (prices typed in euros, stored in cents), a license manager requests an upgrade as Lucanet's
// dialog does and the vendor approves or rejects it, and an owner adds named users as factro's
// "Change number of users" does, confirmed with the password, ending with the invoice and its PDF.

const adminToken = 'commerce-test-admin-token-0123456789';
const customerCode = `SHOP-${Date.now().toString(36).toUpperCase()}`;
const lars = { email: 'lars.licenses@example.com', name: 'Lars Licenses', password: 'upgrades are binding 2026', roles: ['license_manager'] };
const olivia = { email: 'olivia.owner@example.com', name: 'Olivia Owner', password: 'owners buy seats 2026', roles: ['owner'] };
const alex = { email: 'alex.audit@example.com', name: 'Alex Audit', password: 'auditors only read 2026', roles: ['auditor'] };

// Intl writes de-DE amounts with a no-break space before the euro sign.
const plain = (text: string | null) => (text ?? '').replace(/\u00a0|\u202f/g, ' ');

// A modal dialog's backdrop covers the viewport only: its pictures are of the viewport.
const dialogShot = (page: Page, name: string) => page.screenshot({ path: `${screenshotDir}/${name}.png` });

describe('commerce in the console', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let page: Page;
  let tenantId = '';
  let base = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ page } = ui);
    await vendor('POST', '/v1/products', { code: 'crm', name: 'CRM Suite', modules: [{ code: 'core', name: 'Core' }, { code: 'reports', name: 'Reports' }] });
    await vendor('POST', '/v1/products', { code: 'pm', name: 'Project Manager', modules: [{ code: 'tasks', name: 'Tasks' }] });
    // 15 March 2026, 10:00 UTC: in Berlin also the 15th, so 17 of March's 31 days remain.
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Shop Test GmbH', customerCode, mode: 'sandbox', clock: '2026-03-15T10:00:00Z', timeZone: 'Europe/Berlin' })).id;
    base = `/v1/tenants/${tenantId}`;
    for (const person of [lars, olivia, alex]) ids[person.email] = (await vendor('POST', `${base}/users`, person)).id;
    ids.crmUsers = (await vendor('POST', `${base}/licenses`, { code: 'CRM-N', name: 'CRM named users', model: 'named', product: 'crm', quantity: 5 })).id;
    ids.crmEntities = (await vendor('POST', `${base}/licenses`, { code: 'CRM-E', name: 'CRM reporting entities', model: 'named', product: 'crm', modules: ['reports'], quantity: 2 })).id;
    ids.pmUsers = (await vendor('POST', `${base}/licenses`, { code: 'PM-N', name: 'Project users', model: 'named', product: 'pm', quantity: 5 })).id;
  }, generous);

  it(
    'the vendor sets the contract with prices in euros, which the API stores in cents and the page shows for the locale',
    async () => {
      await page.goto(`/tenants/${tenantId}`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Shop Test GmbH' }).waitFor();
      await tenantNav(page).getByRole('link', { name: 'Contract' }).click();
      await page.getByText('No contract yet: set one to price upgrades and purchases.').waitFor();
      await page.getByRole('button', { name: 'Set contract' }).click();

      const form = page.getByRole('form', { name: 'Contract' });
      await form.getByLabel('Currency', { exact: true }).fill('EUR');
      await form.getByLabel('Billing period').selectOption('month');
      await form.getByLabel('Term start').fill('2026-01-01');
      await form.getByLabel('Term end').fill('2026-12-31');
      await form.getByLabel('Vendor name').fill('Allot Demo GmbH');
      await form.getByLabel('Invoice locale').fill('de-DE');
      const rows: [string, string, string, string][] = [
        ['crm-users', 'CRM user slots', 'CRM-N', '120'],
        ['crm-entities', 'Reporting entities', 'CRM-E', '50,00'],
        ['pm-users', 'Project users', 'PM-N', '15.50'],
      ];
      for (const [index, [code, name, license, price]] of rows.entries()) {
        if (index > 0) await form.getByRole('button', { name: 'Add component' }).click();
        const n = index + 1;
        await form.getByLabel(`Component ${n} code`).fill(code);
        await form.getByLabel(`Component ${n} name`).fill(name);
        await form.getByLabel(`Component ${n} license`).selectOption(license);
        await form.getByLabel(`Component ${n} unit price`).fill(price);
      }
      // Prices are read in the currency's digits, so a code that is no currency is caught first.
      await form.getByLabel('Currency', { exact: true }).fill('EU');
      await form.getByRole('button', { name: 'Save contract' }).click();
      await form.getByText('An ISO 4217 code, e.g. EUR').waitFor();
      await form.getByLabel('Currency', { exact: true }).fill('EUR');
      // A price with more digits than the euro has is caught before anything is sent.
      await form.getByLabel('Component 3 unit price').fill('15.555');
      await form.getByRole('button', { name: 'Save contract' }).click();
      await form.getByText('An amount in EUR, at most 2 decimals').waitFor();
      expect(await form.getByText('An ISO 4217 code, e.g. EUR').count()).toBe(0);
      await form.getByLabel('Component 3 unit price').fill('15.50');
      await screenshot(page, 'allot-console-commerce-contract-form');
      await form.getByRole('button', { name: 'Save contract' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved the contract.' }).waitFor();

      const table = page.getByRole('table', { name: 'Contract components' });
      expect(plain(await table.getByRole('row', { name: /crm-users/ }).textContent())).toContain('120,00 € / month');
      expect(plain(await table.getByRole('row', { name: /pm-users/ }).textContent())).toContain('15,50 € / month');
      expect(await page.getByRole('region', { name: 'Contract terms' }).textContent()).toContain('01 Jan 2026 – 31 Dec 2026');
      await screenshot(page, 'allot-console-commerce-contract');

      const stored = await vendor('GET', `${base}/contract`);
      expect(stored.components.map((c: { code: string; unitPrice: number }) => [c.code, c.unitPrice])).toEqual([
        ['crm-users', 12000],
        ['crm-entities', 5000],
        ['pm-users', 1550],
      ]);
      expect(stored.locale).toBe('de-DE');
      await logOut(page);
    },
    generous,
  );

  it(
    'a license manager requests an upgrade with the live monthly total; Upgrade waits while it is open; the vendor approves and the quantities rise, then rejects the next with a reason',
    async () => {
      // Only those who may request see Upgrade: an auditor reads the workspace without it.
      await page.goto('/');
      await logInAsUser(page, customerCode, alex.email, alex.password);
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      await page.getByRole('article', { name: 'Product CRM Suite' }).waitFor();
      await page.getByRole('table', { name: 'Upgrade requests' }).getByText('No upgrade has been requested.').waitFor();
      expect(await page.getByRole('button', { name: /Upgrade/ }).count()).toBe(0);
      await logOut(page);

      await logInAsUser(page, customerCode, lars.email, lars.password);
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      const crmCard = page.getByRole('article', { name: 'Product CRM Suite' });
      await crmCard.getByRole('button', { name: 'Upgrade CRM Suite' }).click();

      const dialog = page.getByRole('dialog', { name: 'Request license upgrade' });
      await dialog.waitFor();
      // The order lines are the contract's components of this product, with its prices.
      const order = dialog.getByRole('table', { name: 'Order details' });
      expect(await order.getByRole('row').count()).toBe(3);
      expect(plain(await order.textContent())).toContain('120,00 €');
      expect(await order.textContent()).not.toContain('Project users');
      const send = dialog.getByRole('button', { name: 'Send request' });
      expect(await send.isDisabled()).toBe(true);

      const total = dialog.getByTestId('monthly-total');
      await dialog.getByLabel('Quantity of CRM user slots').fill('3');
      await expect.poll(async () => plain(await total.textContent())).toBe('360,00 €');
      await dialog.getByLabel('Quantity of Reporting entities').fill('2');
      await expect.poll(async () => plain(await total.textContent())).toBe('460,00 €');
      const summary = dialog.getByRole('table', { name: 'Summary' });
      await expect.poll(async () => plain(await summary.textContent())).toContain('2 × Reporting entities100,00 € / month');
      await dialog.getByLabel('Purchase order').fill('PO-4711');
      // Not binding yet: Send stays disabled.
      expect(await send.isDisabled()).toBe(true);
      await dialog.getByRole('checkbox', { name: /binding amendment/ }).check();
      expect(await send.isDisabled()).toBe(false);
      await dialogShot(page, 'allot-console-commerce-upgrade-dialog');
      await send.click();

      const sent = page.getByRole('status').filter({ hasText: 'You will receive an e-mail and an in-app notification' });
      await sent.waitFor();
      expect(await dialog.count()).toBe(0);
      // One open request per product: Upgrade waits for this one; another product is not held up.
      const inProgress = crmCard.getByRole('button', { name: 'Request in progress' });
      await inProgress.waitFor();
      expect(await inProgress.isDisabled()).toBe(true);
      await page.getByRole('article', { name: 'Product Project Manager' }).getByRole('button', { name: 'Upgrade Project Manager' }).waitFor();
      const requests = page.getByRole('table', { name: 'Upgrade requests' });
      const openRow = requests.getByRole('row', { name: /PO-4711/ });
      await openRow.waitFor();
      expect(plain(await openRow.textContent())).toContain('In progress');
      expect(plain(await openRow.textContent())).toContain('460,00 €');
      expect(await openRow.textContent()).toContain('3 × CRM user slots');
      await screenshot(page, 'allot-console-commerce-upgrade-sent');
      await logOut(page);

      // The vendor's queue holds it; approving raises both licenses at once.
      await logInWithKey(page, adminToken);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upgrade requests' }).click();
      const queue = page.getByRole('table', { name: 'Open upgrade requests' });
      const queued = queue.getByRole('row', { name: /Shop Test GmbH/ });
      await queued.waitFor();
      expect(await queued.textContent()).toContain('PO-4711');
      // The product by its catalog name, not its code.
      expect(await queued.getByRole('cell').nth(1).textContent()).toBe('CRM Suite');
      await screenshot(page, 'allot-console-commerce-queue');
      await queued.getByRole('button', { name: 'Approve the CRM Suite upgrade of Shop Test GmbH' }).click();
      await page.getByRole('status').filter({ hasText: 'Approved the CRM Suite upgrade of Shop Test GmbH' }).waitFor();
      await queue.getByText('No request is waiting.').waitFor();
      const crmUsers = await vendor('GET', `${base}/licenses/${ids.crmUsers}`);
      expect([crmUsers.quantity, crmUsers.source]).toEqual([8, 'upgrade']);
      expect((await vendor('GET', `${base}/licenses/${ids.crmEntities}`)).quantity).toBe(4);
      await logOut(page);

      // Processed: the requester reads the state, and may ask again.
      await logInAsUser(page, customerCode, lars.email, lars.password);
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      await expect.poll(async () => requests.getByRole('row', { name: /PO-4711/ }).textContent()).toContain('Approved');
      await crmCard.getByRole('button', { name: 'Upgrade CRM Suite' }).click();
      await dialog.getByLabel('Quantity of CRM user slots').fill('1');
      await expect.poll(async () => plain(await total.textContent())).toBe('120,00 €');
      await dialog.getByRole('checkbox', { name: /binding amendment/ }).check();
      await send.click();
      await sent.waitFor();
      await logOut(page);

      await logInWithKey(page, adminToken);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upgrade requests' }).click();
      await queued.getByRole('button', { name: 'Reject the CRM Suite upgrade of Shop Test GmbH' }).click();
      const reject = page.getByRole('form', { name: 'Reject upgrade request' });
      await reject.getByLabel('Reason').fill('Budget for Q2 not released yet');
      await reject.getByRole('button', { name: 'Reject request' }).click();
      await page.getByRole('status').filter({ hasText: 'Rejected the CRM Suite upgrade of Shop Test GmbH' }).waitFor();
      await queue.getByText('No request is waiting.').waitFor();
      expect((await vendor('GET', `${base}/licenses/${ids.crmUsers}`)).quantity).toBe(8);
      await logOut(page);

      await logInAsUser(page, customerCode, lars.email, lars.password);
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      const rejected = requests.getByRole('row', { name: /Rejected/ });
      await rejected.waitFor();
      expect(await rejected.textContent()).toContain('Budget for Q2 not released yet');
      await crmCard.getByRole('button', { name: 'Upgrade CRM Suite' }).waitFor();
      await screenshot(page, 'allot-console-commerce-requests');
      // Both decisions reach the requester in-app.
      await expect
        .poll(async () => (await vendor('GET', `${base}/notifications?userId=${ids[lars.email]}`)).items.map((n: { type: string }) => n.type), { timeout: 20_000, interval: 250 })
        .toEqual(expect.arrayContaining(['upgrade.approved', 'upgrade.rejected']));
      // Buying seats at once is the owner's: a license manager requests instead.
      await page.getByRole('table', { name: 'Licenses' }).getByRole('link', { name: 'CRM named users' }).click();
      await page.getByRole('heading', { name: 'CRM named users' }).waitFor();
      expect(await page.getByRole('button', { name: 'Change number of users' }).count()).toBe(0);
      await logOut(page);
    },
    generous,
  );

  it(
    'an owner changes the number of users: the amount for the rest of the month, a wrong password books nothing, the right one adds the seats and shows the invoice with its PDF',
    async () => {
      await page.goto('/');
      await logInAsUser(page, customerCode, olivia.email, olivia.password);
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      await page.getByRole('table', { name: 'Licenses' }).getByRole('link', { name: 'Project users' }).click();
      await page.getByRole('heading', { name: 'Project users' }).waitFor();
      await page.getByRole('button', { name: 'Change number of users' }).click();

      const choose = page.getByRole('dialog', { name: 'Change number of users' });
      const total = choose.getByLabel('New total of licensed users');
      expect(await total.inputValue()).toBe('6');
      // Not below today's 5.
      await choose.getByRole('button', { name: 'One user fewer' }).click();
      expect(await total.inputValue()).toBe('5');
      expect(await choose.getByRole('button', { name: 'One user fewer' }).isDisabled()).toBe(true);
      expect(await choose.getByRole('button', { name: 'Change number of users' }).isDisabled()).toBe(true);
      await choose.getByRole('button', { name: 'One user more' }).click();
      await choose.getByRole('button', { name: 'One user more' }).click();
      expect(await total.inputValue()).toBe('7');
      // 2 users × 15,50 € × 17 of 31 days = 17,00 €.
      const amount = choose.getByTestId('purchase-amount');
      await expect.poll(async () => plain(await amount.textContent())).toBe('17,00 €');
      expect(plain(await choose.getByRole('table', { name: 'Resulting amount' }).textContent())).toContain('2 × 15,50 €, 17 of 31 days');
      await dialogShot(page, 'allot-console-commerce-purchase-amount');
      await choose.getByRole('button', { name: 'Change number of users' }).click();

      const confirm = page.getByRole('dialog', { name: 'Confirm the booking' });
      await confirm.getByLabel('Password').fill('not my password');
      await confirm.getByRole('button', { name: 'Confirm' }).click();
      const refused = confirm.getByRole('alert').filter({ hasText: 'The booking was not made' });
      await refused.waitFor();
      expect(await confirm.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
      await dialogShot(page, 'allot-console-commerce-purchase-wrong-password');
      // Nothing changed: no seat, no invoice.
      expect((await vendor('GET', `${base}/licenses/${ids.pmUsers}`)).quantity).toBe(5);
      expect((await vendor('GET', `${base}/invoices`)).items).toEqual([]);

      await confirm.getByLabel('Password').fill(olivia.password);
      await confirm.getByRole('button', { name: 'Confirm' }).click();
      const done = page.getByRole('dialog', { name: 'Number of users changed' });
      await done.getByRole('status').filter({ hasText: 'Added 2 users: Project users now has 7 licensed users.' }).waitFor();
      const number = (await done.getByTestId('invoice-number').textContent()) ?? '';
      expect(number).toMatch(/^INV-2026-\d{6}$/);
      expect(plain(await done.getByTestId('invoice-amount').textContent())).toBe('17,00 €');
      const pdfLink = done.getByRole('link', { name: `Invoice ${number} (PDF)` });
      const href = (await pdfLink.getAttribute('href')) ?? '';
      const pdf = await page.evaluate(async (url) => {
        const answer = await fetch(url);
        const bytes = new Uint8Array(await answer.arrayBuffer());
        return { type: answer.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)) };
      }, href);
      expect(pdf.type).toContain('application/pdf');
      expect(pdf.head).toBe('%PDF-');
      await dialogShot(page, 'allot-console-commerce-purchase-invoice');
      await done.getByRole('button', { name: 'Return to the license' }).click();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('0 / 7');
      expect((await vendor('GET', `${base}/licenses/${ids.pmUsers}`)).source).toBe('purchase');

      await tenantNav(page).getByRole('link', { name: 'Invoices' }).click();
      const row = page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: new RegExp(number) });
      await row.waitFor();
      expect(plain(await row.textContent())).toContain('17,00 €');
      await row.getByRole('button', { name: 'Lines' }).click();
      await page.getByRole('region', { name: `Invoice ${number}` }).waitFor();
      await screenshot(page, 'allot-console-commerce-invoices');
      await logOut(page);
    },
    generous,
  );
});
