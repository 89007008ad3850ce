import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAsItIsAtBothWidths, consoleSuite, generous, logInWithKey, screenshot, tenantNav } from './support.js';

// The license-file workspace (Creatio's License manager, Planon's License step), end to end against
// a real `allot serve`. The server is its own vendor: it signs files of the tenant's licenses with
// its vendor key, which an installation always trusts, so the files are issued through the API and
// loaded through the page.

const adminToken = 'license-file-test-admin-token-0123456789';
const customerCode = `FILE-${Date.now().toString(36).toUpperCase()}`;
const tenantName = 'File Test GmbH';

describe('the license file workspace in the console', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let page: Page;
  let tenantId = '';
  const files: Record<string, string> = {};

  const pick = (name: string) => page.getByLabel('License file', { exact: true }).setInputFiles({ name: 'license.lic', mimeType: 'text/plain', buffer: Buffer.from(files[name] ?? '') });
  const demoBanner = () => page.getByTestId('demo-mode-banner');
  const openLicenseFilePage = async () => {
    await tenantNav(page).getByRole('link', { name: 'License file' }).click();
    await page.getByRole('heading', { name: 'License file', exact: true }).waitFor();
  };

  beforeAll(async () => {
    ({ page } = ui);
    await vendor('POST', '/v1/products', { code: 'crm', name: 'CRM Suite', modules: [{ code: 'leads', name: 'Leads' }, { code: 'calls', name: 'Calls' }] });
    await vendor('POST', '/v1/products', { code: 'fm', name: 'Facilities', modules: [{ code: 'rooms', name: 'Rooms' }] });
    tenantId = (await vendor('POST', '/v1/tenants', { name: tenantName, customerCode })).id;
    const grant = (body: Record<string, unknown>) => vendor('POST', `/v1/tenants/${tenantId}/licenses`, body);
    const issue = async (body: Record<string, unknown>) => (await vendor('POST', `/v1/tenants/${tenantId}/license-file`, { expiresAt: '2030-01-01T00:00:00Z', ...body })).file as string;
    // Version 1: two licenses. Version 2: one raised, one dropped, one new with a grace key.
    const users = await grant({ code: 'crm-users', name: 'CRM users', model: 'named', product: 'crm', quantity: 5 });
    const hits = await grant({ code: 'crm-hits', name: 'CRM hits', model: 'hits', product: 'crm', modules: ['calls'], quantity: 100 });
    files.v1 = await issue({ version: 1, orderNumber: 'PO-100', partnerId: 'P-7' });
    await vendor('PATCH', `/v1/tenants/${tenantId}/licenses/${users.id}`, { quantity: 8 });
    await vendor('DELETE', `/v1/tenants/${tenantId}/licenses/${hits.id}`);
    await grant({ code: 'fm-pool', name: 'Rooms pool', model: 'concurrent', product: 'fm', quantity: 3 });
    files.v2 = await issue({ version: 2, orderNumber: 'PO-200', partnerId: 'P-7', grace: { licenseCode: 'fm-pool', startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-03-15T00:00:00Z', orderNumber: 'G-1' } });
    // The installation starts with none of them: in demo mode, as a fresh customer installation is.
    await vendor('DELETE', `/v1/tenants/${tenantId}/licenses`);
  }, generous);

  it(
    'previews a file as licenses added, changed and removed, loads it on Load, refuses an older one, and keeps file licenses read-only',
    async () => {
      await page.goto(`/tenants/${tenantId}`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: tenantName }).waitFor();
      // Demo mode shows on the overview and leads to the license file page.
      await demoBanner().waitFor();
      expect(await demoBanner().textContent()).toContain('demo_mode');
      await demoBanner().getByRole('link', { name: 'Load a license file' }).click();
      await page.getByRole('heading', { name: 'License file', exact: true }).waitFor();
      await page.getByText('No license file has been loaded into this tenant').waitFor();

      // Version 1: the preview adds both licenses and changes nothing yet.
      await pick('v1');
      const preview = page.getByTestId('license-file-preview');
      await expect.poll(() => page.getByTestId('license-file-preview-summary').textContent()).toBe('Loading it: 2 added. Nothing has changed yet.');
      expect(await preview.getByRole('table', { name: 'Licenses added' }).textContent()).toMatch(/CRM hits.*CRM users/);
      expect(await demoBanner().isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Load license file' }).click();
      await page.getByRole('status').filter({ hasText: 'Loaded license file version 1: 2 added.' }).waitFor();
      await demoBanner().waitFor({ state: 'detached' });
      const details = page.getByRole('definition').filter({ hasText: 'PO-100' });
      await details.waitFor();
      expect(await page.getByRole('region', { name: 'Loaded file' }).textContent()).toContain('P-7');

      // Version 2: one added, crm-users raised from 5 to 8, crm-hits removed.
      await pick('v2');
      await expect.poll(() => page.getByTestId('license-file-preview-summary').textContent()).toBe('Loading it: 1 added, 1 changed, 1 removed. Nothing has changed yet.');
      expect(await preview.getByRole('table', { name: 'Licenses added' }).textContent()).toContain('Rooms pool');
      const changed = preview.getByRole('table', { name: 'Licenses changed' });
      const quantityRow = changed.getByRole('row', { name: /CRM users/ });
      expect(await quantityRow.count()).toBe(1);
      expect(await quantityRow.getByRole('cell').allTextContents()).toEqual([expect.stringContaining('crm-users'), 'Quantity', '5', '8']);
      expect(await preview.getByRole('table', { name: 'Licenses removed' }).textContent()).toContain('CRM hits');
      await checkAsItIsAtBothWidths(page, 'allot-console-license-file-preview');
      await page.getByRole('button', { name: 'Load license file' }).click();
      await page.getByRole('status').filter({ hasText: 'Loaded license file version 2: 1 added, 1 changed, 1 removed.' }).waitFor();
      await expect.poll(() => page.getByTestId('grace-period').textContent()).toContain('fm-pool');
      expect(await page.getByRole('region', { name: 'Loaded file' }).textContent()).toContain('PO-200');

      // An older file is refused by its check, before any preview.
      await pick('v1');
      const refusal = page.getByRole('alert').filter({ hasText: 'The license file cannot be loaded' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('version 2 is loaded');
      expect(await page.getByTestId('license-file-preview').count()).toBe(0);

      // An upgrade would be undone by the next file: with a contract pricing the file's license, its
      // product card asks for a new file instead of offering Upgrade.
      await vendor('PUT', `/v1/tenants/${tenantId}/contract`, { currency: 'EUR', billingPeriod: 'month', termStart: '2026-01-01', termEnd: '2030-12-31', components: [{ code: 'seats', name: 'User slots', licenseCode: 'crm-users', unitPrice: 1000 }] });
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      const newFile = page.getByRole('link', { name: 'Request a new file' });
      await newFile.waitFor();
      expect(await page.getByRole('button', { name: 'Upgrade CRM Suite' }).count()).toBe(0);
      expect(await newFile.getAttribute('href')).toBe(`/tenants/${tenantId}/license-file`);

      // A license from the file is read-only: no edit, suspend or delete, and the page says why.
      await page.getByRole('table', { name: 'Licenses' }).getByRole('link', { name: 'CRM users' }).click();
      await page.getByRole('heading', { name: 'CRM users' }).waitFor();
      expect(await page.getByTestId('license-file-read-only').textContent()).toContain('read-only');
      for (const action of ['Edit', 'Suspend', 'Delete']) expect(await page.getByRole('button', { name: action, exact: true }).count()).toBe(0);
      await screenshot(page, 'allot-console-license-file-read-only');
      // A license granted here keeps its actions.
      const extra = await vendor('POST', `/v1/tenants/${tenantId}/licenses`, { code: 'crm-extra', name: 'CRM extra', model: 'server', product: 'crm' });
      await page.goto(`/tenants/${tenantId}/licenses/${extra.id}`);
      await page.getByRole('heading', { name: 'CRM extra' }).waitFor();
      await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
      expect(await page.getByTestId('license-file-read-only').count()).toBe(0);
    },
    generous,
  );

  it(
    'downloads a license request file, and deletes every license only once the tenant name is typed: demo mode shows on every page',
    async () => {
      await page.goto(`/tenants/${tenantId}`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: tenantName }).waitFor();
      await openLicenseFilePage();

      const request = page.getByRole('form', { name: 'Request a license file' });
      await request.getByLabel('Company ID').fill('COMP-42');
      await request.getByLabel('Target version').fill('8.2');
      const [download] = await Promise.all([page.waitForEvent('download'), request.getByRole('button', { name: 'Generate request file' }).click()]);
      expect(download.suggestedFilename()).toBe(`${customerCode}-license-request.tlr`);
      const text = await readFile(await download.path(), 'utf8');
      expect(text.startsWith('-----BEGIN ALLOT LICENSE REQUEST-----')).toBe(true);
      await page.getByRole('status').filter({ hasText: `Downloaded ${customerCode}-license-request.tlr` }).waitFor();
      // The vendor reads it: it names this customer, the company id and the version.
      const imported = await vendor('POST', '/v1/license-requests', text);
      expect(imported).toMatchObject({ customerCode, companyId: 'COMP-42', targetVersion: '8.2', tenantId });

      const remove = page.getByRole('form', { name: 'Delete all licenses' });
      const button = remove.getByRole('button', { name: 'Delete all licenses' });
      expect(await button.isDisabled()).toBe(true);
      await remove.getByLabel('Tenant name').fill('File Test');
      expect(await button.isDisabled()).toBe(true);
      await remove.getByLabel('Tenant name').fill(tenantName);
      await checkAsItIsAtBothWidths(page, 'allot-console-license-file');
      await button.click();
      await page.getByRole('status').filter({ hasText: `Deleted 3 licenses: ${tenantName} is in demo mode.` }).waitFor();
      await demoBanner().waitFor();
      await page.getByText('Every license was deleted after this file was loaded').waitFor();
      expect((await vendor('GET', `/v1/tenants/${tenantId}/licenses`)).items).toEqual([]);

      // Every page of the tenant says so.
      for (const [link, heading] of [
        ['Licenses', 'Licenses'],
        ['Sessions', 'Sessions'],
        ['Overview', tenantName],
      ]) {
        await tenantNav(page).getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await demoBanner().waitFor();
      }
      await screenshot(page, 'allot-console-demo-banner');
    },
    generous,
  );
});
