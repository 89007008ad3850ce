import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleSuite, generous, logInAsUser, logInWithKey, logOut, pick, screenshot, tenantNav } from './support.js';

// Seat licensing in the console, end to end against a real `allot serve`: the catalog, the tenant
// and its people are made through the API; granting, seating, refusals, suspension and the
// denied-access log go through the pages.

const adminToken = 'licenses-test-admin-token-0123456789';
const customerCode = `SEATS-${Date.now().toString(36).toUpperCase()}`;
const anna = { email: 'anna.owner@example.com', name: 'Anna Owner', password: 'seats for everyone 2024', roles: ['owner'] };
const ben = { email: 'ben.sales@example.com', name: 'Ben Sales', roles: ['member'] };
const carla = { email: 'carla.sales@example.com', name: 'Carla Sales', roles: ['member'] };
const dave = { email: 'dave.support@example.com', name: 'Dave Support', roles: ['member'] };

describe('seat licensing in the console', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let page: Page;
  let tenantId = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ page } = ui);

    await vendor('POST', '/v1/products', { code: 'crm', name: 'CRM Suite', modules: [{ code: 'core', name: 'Core' }, { code: 'reports', name: 'Reports' }] });
    await vendor('POST', '/v1/products', { code: 'bi', name: 'BI Studio', modules: [{ code: 'dashboards', name: 'Dashboards' }] });
    await vendor('POST', '/v1/products', { code: 'hr', name: 'HR Desk', modules: [{ code: 'payroll', name: 'Payroll' }] });
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Seat Test AG', customerCode })).id;
    for (const person of [anna, ben, carla, dave]) ids[person.email] = (await vendor('POST', `/v1/tenants/${tenantId}/users`, person)).id;
    const sales = await vendor('POST', `/v1/tenants/${tenantId}/groups`, { name: 'Sales' });
    await vendor('POST', `/v1/tenants/${tenantId}/groups/${sales.id}/members`, { userIds: [ids[ben.email], ids[carla.email]] });
    ids.sales = sales.id;
  }, generous);

  it(
    'a vendor admin grants a named license, seats a user after a preview, meets the seat limit, suspends it and finds the denial',
    async () => {
      await page.goto(`/tenants/${tenantId}`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Seat Test AG' }).waitFor();
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      await page.getByRole('heading', { name: 'Licenses', exact: true }).waitFor();
      const crmCard = page.getByRole('article', { name: 'Product CRM Suite' });
      await expect.poll(() => crmCard.textContent()).toContain('Not licensed');

      // Grant: a named license of 2 seats for every module of crm.
      await page.getByRole('button', { name: 'Grant license' }).click();
      const grant = page.getByRole('form', { name: 'Grant license' });
      await grant.getByLabel('License code').fill('crm-named');
      await grant.getByLabel('License name').fill('CRM named users');
      await grant.getByLabel('Model').selectOption('named');
      await grant.getByLabel('Product', { exact: true }).selectOption('crm');
      await grant.getByLabel('Seats', { exact: true }).fill('2');
      await grant.getByLabel('Package').fill('Premium');
      await grant.getByLabel('Threshold %').fill('50');
      await screenshot(page, 'allot-console-licenses-grant');
      await grant.getByRole('button', { name: 'Grant license' }).click();
      await page.getByRole('heading', { name: 'CRM named users' }).waitFor();
      expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/tenants/${tenantId}/licenses/lic_`));
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('0 / 2');

      // Assign one user directly: the dry run's preview first, then Confirm.
      const assign = page.getByRole('form', { name: 'Assign users' });
      await pick(assign, 'Users to assign', 'anna', anna.email);
      await assign.getByRole('button', { name: 'Preview assignment' }).click();
      const preview = page.getByTestId('seat-preview');
      await expect.poll(() => preview.textContent()).toBe(`Needs 1 seat, 2 free; adds: ${anna.email}.`);
      // The preview changed nothing.
      expect(await page.getByTestId('usage').textContent()).toBe('0 / 2');
      await screenshot(page, 'allot-console-licenses-preview');
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('status').filter({ hasText: `Assigned a seat to ${anna.email}` }).waitFor();
      const holders = page.getByRole('table', { name: 'Seat holders' });
      const annaRow = holders.getByRole('row', { name: new RegExp(anna.email) });
      await annaRow.waitFor();
      expect(await annaRow.textContent()).toContain('Direct');
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('1 / 2');

      // Link a group of two: one seat is free, so the dry run already answers seat_limit.
      const link = page.getByRole('form', { name: 'Link group' });
      await pick(link, 'Group to link', 'sal', 'Sales 2 members');
      await link.getByRole('button', { name: 'Preview link' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'Not enough free seats' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('License crm-named has 1 free seat; this change needs 2.');
      expect(await refusal.textContent()).toContain(ben.email);
      expect(await page.getByRole('table', { name: 'Linked groups' }).textContent()).toContain('No group is linked.');
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('1 / 2');
      await screenshot(page, 'allot-console-licenses-license');

      // The quantity cannot go below the seats in use.
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const edit = page.getByRole('form', { name: 'Edit license' });
      await edit.getByLabel('Seats', { exact: true }).fill('0');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      const below = page.getByRole('alert').filter({ hasText: 'More seats are in use than that' });
      await below.waitFor();
      expect(await below.textContent()).toContain('License crm-named has 1 seat');
      expect(await below.textContent()).toContain(anna.email);
      await screenshot(page, 'allot-console-licenses-edit');
      await edit.getByRole('button', { name: 'Cancel' }).click();

      // Suspend: the license stays, its seats stop granting access.
      await page.getByRole('button', { name: 'Suspend', exact: true }).click();
      await page.getByRole('button', { name: 'Yes, suspend' }).click();
      await page.getByRole('status').filter({ hasText: 'Suspended the license' }).waitFor();
      const details = page.getByRole('definition').filter({ hasText: 'Suspended' });
      await details.waitFor();
      await page.getByRole('button', { name: 'Activate' }).waitFor();

      // Test access for the seated user: denied as suspended, and the denial is in the log.
      await tenantNav(page).getByRole('link', { name: 'Denied access' }).click();
      await page.getByRole('heading', { name: 'Denied access' }).waitFor();
      const check = page.getByRole('form', { name: 'Test access' });
      await check.getByLabel('User').selectOption({ label: `${anna.name} — ${anna.email}` });
      await check.getByLabel('Module').fill('crm:core');
      await check.getByRole('button', { name: 'Check access' }).click();
      await expect.poll(() => page.getByTestId('access-code').textContent()).toBe('suspended');
      const answer = page.getByRole('status', { name: 'Access answer' });
      expect(await answer.textContent()).toContain('Denied');
      expect(await answer.textContent()).toContain('crm-named');
      const log = page.getByRole('table', { name: 'Denied access' });
      const denial = log.getByRole('row', { name: /crm:core/ });
      await denial.waitFor();
      expect(await denial.textContent()).toContain('suspended');
      expect(await denial.textContent()).toContain(anna.email);
      expect(await denial.textContent()).toContain('crm-named');
      await screenshot(page, 'allot-console-licenses-denied');

      // The filters narrow the log, and the CSV link carries them.
      const filters = page.getByRole('form', { name: 'Denied access filters' });
      await filters.getByLabel('Reason').selectOption('not_licensed');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await log.getByText('No access was denied.').waitFor();
      await filters.getByLabel('Reason').selectOption('suspended');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await denial.waitFor();
      const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
      expect(csvHref).toContain('code=suspended');
      const csv = await page.evaluate(async (href) => (await fetch(href ?? '')).text(), csvHref);
      expect(csv).toContain('crm:core');

      // The list shows the license as suspended with its usage.
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      const row = page.getByRole('table', { name: 'Licenses' }).getByRole('row', { name: /crm-named/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('Suspended');
      expect(await row.textContent()).toContain('1 / 2');
      expect(await row.textContent()).toContain('Premium');
      // The status filter asks the server for what is active, suspended or expired at the tenant's clock.
      const status = page.getByRole('combobox', { name: /^Status/ });
      await status.selectOption('active');
      await page.getByRole('table', { name: 'Licenses' }).getByText('No licenses match.').waitFor();
      await status.selectOption('suspended');
      await row.waitFor();
      await status.selectOption('');

      // Back on the license: activate it, recall the direct seat, and withdraw the license.
      await row.getByRole('link', { name: 'CRM named users' }).click();
      await page.getByRole('button', { name: 'Activate' }).click();
      await page.getByRole('status').filter({ hasText: 'Activated the license' }).waitFor();
      await page.getByRole('table', { name: 'Seat holders' }).getByRole('row', { name: new RegExp(anna.email) }).getByRole('button', { name: 'Recall' }).click();
      await page.getByRole('button', { name: 'Yes, recall' }).click();
      await page.getByRole('status').filter({ hasText: `Recalled the direct seat of ${anna.email}` }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('0 / 2');
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('button', { name: 'Yes, delete license' }).click();
      await page.getByRole('heading', { name: 'Licenses', exact: true }).waitFor();
      await page.getByRole('table', { name: 'Licenses' }).getByText('No licenses match.').waitFor();
      await logOut(page);
    },
    generous,
  );

  it(
    'the owner sees slots per role and ∞, seats users but grants nothing, and a full license refuses a new group member',
    async () => {
      // Set up through the API: role slots, an unlimited license, and a full license linked to a group.
      const base = `/v1/tenants/${tenantId}`;
      await vendor('POST', `${base}/licenses`, { code: 'bi-controllers', name: 'BI controllers', model: 'named', product: 'bi', quantity: 5, role: 'Controller', package: 'Standard' });
      await vendor('POST', `${base}/licenses`, { code: 'bi-everyone', name: 'BI for everyone', model: 'named', product: 'bi', quantity: 100000 });
      // A quota of hits is enforced at any size: 500,000 hits are not ∞.
      await vendor('POST', `${base}/licenses`, { code: 'bi-queries', name: 'BI queries', model: 'hits', product: 'bi', quantity: 500000 });
      const reports = await vendor('POST', `${base}/licenses`, { code: 'crm-reports', name: 'CRM reports', model: 'named', product: 'crm', modules: ['reports'], quantity: 1, validUntil: '2099-12-31' });
      const support = await vendor('POST', `${base}/groups`, { name: 'Support' });
      await vendor('POST', `${base}/groups/${support.id}/members`, { userIds: [ids[dave.email]] });
      await vendor('POST', `${base}/licenses/${reports.id}/groups`, { groupId: support.id });

      await page.goto('/');
      await logInAsUser(page, customerCode, anna.email, anna.password);
      await page.getByRole('heading', { name: 'Seat Test AG' }).waitFor();
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      // An owner reads and seats, but only the vendor grants.
      const biCard = page.getByRole('article', { name: 'Product BI Studio' });
      await biCard.waitFor();
      expect(await page.getByRole('button', { name: 'Grant license' }).count()).toBe(0);
      expect(await biCard.textContent()).toContain('Licensed');
      expect(await biCard.textContent()).toContain('Standard');
      const slots = biCard.getByRole('table', { name: 'Slots per role for BI Studio' });
      expect((await slots.getByRole('row', { name: /Controller/ }).textContent())?.replace(/\s+/g, ' ')).toBe('Controller505');
      expect(await page.getByRole('article', { name: 'Product HR Desk' }).textContent()).toContain('Not licensed');
      const everyone = page.getByRole('table', { name: 'Licenses' }).getByRole('row', { name: /bi-everyone/ });
      expect(await everyone.textContent()).toContain('0 / ∞');
      expect(await everyone.textContent()).toContain('unlimited');
      const queries = await page.getByRole('table', { name: 'Licenses' }).getByRole('row', { name: /bi-queries/ }).textContent();
      expect(queries).toContain('0 / 500,000');
      expect(queries).not.toContain('∞');
      await screenshot(page, 'allot-console-licenses-overview');

      // Linking a group that fits, and unlinking it, each previewed first.
      await page.getByRole('table', { name: 'Licenses' }).getByRole('link', { name: 'BI controllers' }).click();
      await page.getByRole('heading', { name: 'BI controllers' }).waitFor();
      const link = page.getByRole('form', { name: 'Link group' });
      await pick(link, 'Group to link', 'sal', 'Sales 2 members');
      await link.getByRole('button', { name: 'Preview link' }).click();
      const preview = page.getByTestId('seat-preview');
      await expect.poll(() => preview.textContent()).toBe(`Needs 2 seats, 5 free; adds: ${ben.email}, ${carla.email}.`);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('status').filter({ hasText: 'Link group Sales: 2 seated.' }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('2 / 5');
      const benRow = page.getByRole('table', { name: 'Seat holders' }).getByRole('row', { name: new RegExp(ben.email) });
      await expect.poll(() => benRow.textContent()).toContain('Group Sales');
      expect(await benRow.getByRole('button', { name: 'Recall' }).count()).toBe(0);
      await page.getByRole('table', { name: 'Linked groups' }).getByRole('row', { name: /Sales/ }).getByRole('button', { name: 'Unlink' }).click();
      await expect.poll(() => preview.textContent()).toBe(`Frees 2 seats: ${ben.email}, ${carla.email}.`);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('status').filter({ hasText: 'Unlink group Sales: 2 lost their seat.' }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('0 / 5');
      await page.getByRole('table', { name: 'Linked groups' }).getByText('No group is linked.').waitFor();
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();

      // The license page: seats can be managed, the license itself not.
      await page.getByRole('table', { name: 'Licenses' }).getByRole('link', { name: 'CRM reports' }).click();
      await page.getByRole('heading', { name: 'CRM reports' }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('1 / 1');
      await page.getByRole('form', { name: 'Assign users' }).waitFor();
      expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Suspend' }).count()).toBe(0);
      const daveRow = page.getByRole('table', { name: 'Seat holders' }).getByRole('row', { name: new RegExp(dave.email) });
      expect(await daveRow.textContent()).toContain('Group Support');
      expect(await page.getByRole('definition').filter({ hasText: '31 Dec 2099' }).count()).toBe(1);

      // Adding a member to the linked group needs a seat the license does not have.
      await page.getByRole('table', { name: 'Linked groups' }).getByRole('link', { name: 'Support' }).click();
      await page.getByRole('heading', { name: 'Support' }).waitFor();
      await pick(page, 'Users to add', 'carla', carla.email);
      await page.getByRole('button', { name: 'Add to group' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'Not enough free seats' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('License crm-reports has 0 free seats; this change needs 1.');
      expect(await refusal.textContent()).toContain(carla.email);
      expect(await page.getByRole('table', { name: 'Members' }).textContent()).not.toContain(carla.email);
      await screenshot(page, 'allot-console-licenses-group-refused');
      await logOut(page);
    },
    generous,
  );

  it(
    'a vendor admin adds a product with the codes the vendor uses, is refused the same code in another case, and grants a license named so',
    async () => {
      await page.goto('/catalog');
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Catalog' }).waitFor();
      await page.getByRole('button', { name: 'New product' }).click();
      const form = page.getByRole('form', { name: 'New product' });
      await form.getByLabel('Product code').fill('PSS2');
      await form.getByLabel('Product name').fill('Planon Self-Service');
      await form.getByLabel('Module 1 code').fill('WebDAV_Audit');
      await form.getByLabel('Module 1 name').fill('WebDAV audit');
      await form.getByRole('button', { name: 'Create product' }).click();
      const row = page.getByRole('table', { name: 'Products' }).getByRole('row', { name: /PSS2/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('WebDAV_Audit');

      await page.getByRole('button', { name: 'New product' }).click();
      await form.getByLabel('Product code').fill('pss2');
      await form.getByLabel('Product name').fill('Again');
      await form.getByRole('button', { name: 'Create product' }).click();
      await form.getByText('A product with code pss2 exists.').waitFor();
      await form.getByRole('button', { name: 'Cancel' }).click();

      await page.goto(`/tenants/${tenantId}/licenses`);
      await page.getByRole('heading', { name: 'Licenses', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Grant license' }).click();
      const grant = page.getByRole('form', { name: 'Grant license' });
      await grant.getByLabel('License code').fill('CRM-N');
      await grant.getByLabel('License name').fill('Self-Service users');
      await grant.getByLabel('Model').selectOption('named');
      await grant.getByLabel('Product', { exact: true }).selectOption('PSS2');
      await grant.getByLabel('Seats', { exact: true }).fill('3');
      await grant.getByRole('button', { name: 'Grant license' }).click();
      await page.getByRole('heading', { name: 'Self-Service users' }).waitFor();
      await expect.poll(() => page.getByRole('main').textContent()).toContain('CRM-N');
      await logOut(page);
    },
    generous,
  );
});
