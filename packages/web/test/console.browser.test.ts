import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callNode, type ServerProcess } from '../../../test-support/processes.js';
import { consoleSuite, generous, logInAsUser, logInWithKey, pick, screenshotDir, tenantNav } from './support.js';

// The real thing end to end: `allot serve` from the built CLI, in its own process with a fresh data
// directory, serves the built console (the root `npm test` builds both first), and Debian's
// Chromium drives it. Nothing is mocked.

const adminToken = 'console-test-admin-token-0123456789';

const customerCode = `CONSOLE-${Date.now().toString(36).toUpperCase()}`;
const owner = { email: 'olivia.owner@example.com', name: 'Olivia Owner', password: 'correct horse battery staple' };
const auditor = { email: 'arthur.auditor@example.com', name: 'Arthur Auditor', password: 'reads everything 42' };

describe('the web console in Chromium', () => {
  const ui = consoleSuite(adminToken);
  let server: ServerProcess;
  let page: Page;
  let tenantId = '';

  beforeAll(async () => {
    ({ server, page } = ui);
  }, generous);

  it(
    'a vendor admin creates a sandbox tenant and its owner, advances the test clock and finds it all in the audit log',
    async () => {
      await page.goto('/');
      await expect.poll(() => page.getByRole('heading', { name: 'Sign in to the console' }).isVisible()).toBe(true);
      await page.screenshot({ path: `${screenshotDir}/allot-console-login.png` });

      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Tenants' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/tenants');
      await expect.poll(() => page.getByTestId('who').textContent()).toContain('Vendor admin');

      // Create a sandbox tenant with its test clock at a known instant.
      await page.getByRole('button', { name: 'New tenant' }).click();
      const tenantForm = page.getByRole('form', { name: 'New tenant' });
      await tenantForm.getByLabel('Name', { exact: true }).fill('Console Test GmbH');
      await tenantForm.getByLabel('Customer code', { exact: true }).fill(customerCode);
      await tenantForm.getByLabel('Time zone', { exact: true }).fill('UTC');
      await tenantForm.getByLabel('Mode', { exact: true }).selectOption('sandbox');
      await tenantForm.getByLabel('Test clock start (UTC)').fill('2024-03-01T09:00:00');
      await tenantForm.getByRole('button', { name: 'Create tenant' }).click();
      await page.getByRole('heading', { name: 'Console Test GmbH' }).waitFor();
      tenantId = new URL(page.url()).pathname.split('/')[2] ?? '';
      expect(tenantId).toMatch(/^ten_/);

      // Back to the list: the tenant is there, and its name opens it.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click();
      const row = page.getByRole('table', { name: 'Tenants' }).getByRole('row', { name: new RegExp(customerCode) });
      await row.waitFor();
      expect(await row.textContent()).toContain('Sandbox');
      await page.screenshot({ path: `${screenshotDir}/allot-console-tenants.png` });
      await row.getByRole('link', { name: 'Console Test GmbH' }).click();
      await page.getByRole('heading', { name: 'Console Test GmbH' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}`);

      // The test clock: advance by one day and see the new time.
      await expect.poll(() => page.getByTestId('tenant-clock').textContent()).toContain('01 Mar 2024');
      await page.getByLabel('Advance by', { exact: true }).fill('P1D');
      await page.getByRole('button', { name: 'Advance clock' }).click();
      await expect.poll(() => page.getByTestId('tenant-clock').textContent()).toContain('02 Mar 2024, 09:00:00');
      await page.screenshot({ path: `${screenshotDir}/allot-console-overview.png`, fullPage: true });

      // A user with a password and the owner role.
      await tenantNav(page).getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      await page.getByRole('button', { name: 'New user' }).click();
      const userForm = page.getByRole('form', { name: 'New user' });
      await userForm.getByLabel('Email', { exact: true }).fill(owner.email);
      await userForm.getByLabel('Name', { exact: true }).fill(owner.name);
      await userForm.getByLabel('Password', { exact: true }).fill(owner.password);
      await userForm.getByLabel('Owner', { exact: true }).check();
      await userForm.getByLabel('Member', { exact: true }).uncheck();
      await userForm.getByRole('button', { name: 'Create user' }).click();
      await page.getByRole('status').filter({ hasText: `Created ${owner.email}` }).waitFor();
      const userRow = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(owner.email) });
      await userRow.waitFor();
      expect(await userRow.textContent()).toContain('Owner');
      expect(await userRow.textContent()).toContain('Password set');
      await page.screenshot({ path: `${screenshotDir}/allot-console-users.png`, fullPage: true });

      // The audit log shows each of those changes; one opens to its before/after.
      await tenantNav(page).getByRole('link', { name: 'Audit log' }).click();
      const events = page.getByRole('table', { name: 'Audit events' });
      await events.getByText('user.created').waitFor();
      const actions = await events.locator('tbody .badge').allTextContents();
      expect(actions).toEqual(expect.arrayContaining(['tenant.created', 'tenant.clock_advanced', 'user.created']));
      await events.getByRole('row', { name: /user\.created/ }).getByRole('button', { name: 'Show' }).click();
      const changes = page.getByRole('table', { name: 'Changes' });
      await changes.waitFor();
      expect(await changes.textContent()).toContain(owner.email);

      // Filters narrow the list, and the CSV link carries them.
      await page.getByRole('form', { name: 'Audit filters' }).getByLabel('Action', { exact: true }).fill('tenant.');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(async () => (await events.locator('tbody .badge').allTextContents()).sort()).toEqual(['tenant.clock_advanced', 'tenant.created']);
      const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
      expect(csvHref).toContain('format=csv');
      expect(csvHref).toContain('action=tenant.');
      const csv = await page.evaluate(async (href) => (await fetch(href ?? '')).text(), csvHref);
      expect(csv).toContain('tenant.clock_advanced');
      await page.getByRole('button', { name: 'Reset' }).click();
      await events.getByText('user.created').waitFor();
      await events.getByRole('row', { name: /user\.created/ }).getByRole('button', { name: 'Show' }).click();
      await page.screenshot({ path: `${screenshotDir}/allot-console-audit.png`, fullPage: true });

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
      // The session is gone on the server too, not only in the page.
      const after = await page.evaluate(async () => (await fetch('/v1/auth/session')).status);
      expect(after).toBe(401);
    },
    generous,
  );

  it(
    'a wrong password is refused with the server’s reason',
    async () => {
      await page.goto('/');
      await logInAsUser(page, customerCode, owner.email, 'not the password at all');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('The credentials are not right.');
      await page.screenshot({ path: `${screenshotDir}/allot-console-login-error.png` });
      expect(await page.getByRole('heading', { name: 'Sign in to the console' }).isVisible()).toBe(true);
    },
    generous,
  );

  it(
    'the tenant owner logs in with the password and sees the users of the tenant',
    async () => {
      await page.goto('/');
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'Console Test GmbH' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}`);
      await expect.poll(() => page.getByTestId('who').textContent()).toContain(owner.email);
      // Someone of one tenant has no vendor pages.
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).count()).toBe(0);

      await tenantNav(page).getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      await page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(owner.email) }).waitFor();
      // An owner manages users.
      expect(await page.getByRole('button', { name: 'New user' }).isVisible()).toBe(true);

      // A change made with the cookie carries the CSRF token: an owner creates a group.
      await tenantNav(page).getByRole('link', { name: 'Groups' }).click();
      await page.getByRole('button', { name: 'New group' }).click();
      await page.getByRole('form', { name: 'New group' }).getByLabel('Group name').fill('Controllers');
      await page.getByRole('button', { name: 'Create group' }).click();
      await page.getByRole('heading', { name: 'Controllers' }).waitFor();
      await pick(page, 'Users to add', owner.email, owner.email);
      await page.getByRole('button', { name: 'Add to group' }).click();
      await page.getByRole('table', { name: 'Members' }).getByRole('row', { name: new RegExp(owner.email) }).waitFor();

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    },
    generous,
  );

  it(
    'an auditor sees read-only pages: no create, edit or key actions',
    async () => {
      const created = await callNode(server.url, 'POST', `/v1/tenants/${tenantId}/users`, adminToken, { ...auditor, roles: ['auditor'] });
      expect(created.status).toBe(201);
      await page.goto('/');
      await logInAsUser(page, tenantId, auditor.email, auditor.password);
      await page.getByRole('heading', { name: 'Console Test GmbH' }).waitFor();
      const nav = tenantNav(page);
      expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0);
      // The sandbox clock is shown, but only clock.manage may move it.
      await page.getByTestId('tenant-clock').waitFor();
      expect(await page.getByRole('button', { name: 'Advance clock' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Edit tenant' }).count()).toBe(0);

      await nav.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(owner.email) }).waitFor();
      expect(await page.getByRole('button', { name: 'New user' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);

      await nav.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('table', { name: 'Audit events' }).getByText('group.member_added').waitFor();

      // A page the roles do not allow explains itself instead of failing.
      await page.goto(`/tenants/${tenantId}/api-keys`);
      await page.getByText('api_keys.manage').waitFor();
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    },
    generous,
  );

  it(
    'a vendor admin issues and revokes a vendor key and a tenant key, and finds the tenant’s in the vendor audit log filtered by tenant',
    async () => {
      await page.goto('/api-keys');
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Vendor API keys' }).waitFor();
      const keys = page.getByRole('table', { name: 'API keys' });

      // A vendor key lives outside any tenant; its secret is shown once and works.
      await page.getByRole('button', { name: 'New API key' }).click();
      const vendorForm = page.getByRole('form', { name: 'New API key' });
      await vendorForm.getByLabel('Name', { exact: true }).fill('CI provisioning');
      await vendorForm.getByRole('button', { name: 'Create key' }).click();
      const vendorKey = await page.getByRole('region', { name: 'New API key' }).getByRole('textbox', { name: 'New API key' }).inputValue();
      expect((await callNode(server.url, 'GET', '/v1/tenants', vendorKey)).status).toBe(200);
      await page.getByRole('button', { name: 'I have stored the key' }).click();
      const vendorRow = keys.getByRole('row', { name: /CI provisioning/ });
      await vendorRow.getByRole('button', { name: 'Revoke' }).click();
      await vendorRow.getByRole('button', { name: 'Yes, revoke' }).click();
      await expect.poll(() => vendorRow.textContent()).toContain('Revoked');
      expect((await callNode(server.url, 'GET', '/v1/tenants', vendorKey)).status).toBe(401);

      // A tenant's app key, issued and revoked on the tenant's page.
      await page.goto(`/tenants/${tenantId}/api-keys`);
      await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
      await page.getByRole('button', { name: 'New API key' }).click();
      const tenantForm = page.getByRole('form', { name: 'New API key' });
      await tenantForm.getByLabel('Name', { exact: true }).fill('Billing app');
      await tenantForm.getByLabel('Kind', { exact: true }).selectOption('app');
      await tenantForm.getByRole('button', { name: 'Create key' }).click();
      await page.getByRole('region', { name: 'New API key' }).waitFor();
      await page.getByRole('button', { name: 'I have stored the key' }).click();
      const appRow = keys.getByRole('row', { name: /Billing app/ });
      expect(await appRow.textContent()).toContain('App');
      await appRow.getByRole('button', { name: 'Revoke' }).click();
      await appRow.getByRole('button', { name: 'Yes, revoke' }).click();
      await expect.poll(() => appRow.textContent()).toContain('Revoked');
      const stored = await callNode(server.url, 'GET', `/v1/tenants/${tenantId}/api-keys?limit=50`, adminToken);
      const billing = stored.body.items.find((key: { name: string }) => key.name === 'Billing app');
      expect(billing).toMatchObject({ kind: 'app', tenantId });
      expect(billing.revokedAt).not.toBeNull();

      // The vendor-wide trail has both keys; filtered by the tenant, only the tenant's, and the CSV link carries the filter.
      await page.goto('/audit');
      const events = page.getByRole('table', { name: 'Audit events' });
      await events.getByRole('row', { name: /api_key\.revoked/ }).first().waitFor();
      const filters = page.getByRole('form', { name: 'Audit filters' });
      await filters.getByLabel('Action', { exact: true }).fill('api_key.');
      await filters.getByLabel('Tenant id', { exact: true }).fill(tenantId);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(async () => (await events.locator('tbody .badge').allTextContents()).sort()).toEqual(['api_key.created', 'api_key.revoked']);
      const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
      expect(csvHref).toMatch(/^\/v1\/audit\?/);
      expect(csvHref).toContain(`tenantId=${tenantId}`);
      const csv = await page.evaluate(async (href) => (await fetch(href ?? '')).text(), csvHref);
      const vendorKeys = await callNode(server.url, 'GET', '/v1/api-keys?limit=50', adminToken);
      const provisioning = vendorKeys.body.items.find((key: { name: string }) => key.name === 'CI provisioning');
      expect(provisioning).toMatchObject({ tenantId: null });
      expect(csv).toContain(billing.id);
      expect(csv).not.toContain(provisioning.id);
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    },
    generous,
  );

  it(
    'repeated wrong passwords are throttled, and the console shows the server’s 429',
    async () => {
      await page.goto('/');
      // An account of its own, so that the lockout does not touch the other flows.
      for (let attempt = 1; attempt <= 6; attempt++) {
        await logInAsUser(page, customerCode, 'mallory@example.com', `guess number ${attempt}`);
        await page.getByRole('alert').filter({ hasText: attempt <= 5 ? 'The credentials are not right.' : 'Too many failed logins' }).waitFor();
      }
    },
    generous,
  );

  it(
    'long lists page with Next page and back',
    async () => {
      for (let i = 0; i < 26; i++) {
        const created = await callNode(server.url, 'POST', '/v1/tenants', adminToken, { name: `Paging ${String(i).padStart(2, '0')}`, customerCode: `PAGING-${i}` });
        expect(created.status).toBe(201);
      }
      await page.goto('/tenants');
      await logInWithKey(page, adminToken);
      const rows = page.getByRole('table', { name: 'Tenants' }).locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(25);
      const firstPage = await rows.first().textContent();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText('Page 2').waitFor();
      await expect.poll(() => rows.count()).toBe(2);
      expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.getByText('Page 1').waitFor();
      await expect.poll(() => rows.first().textContent()).toBe(firstPage);
    },
    generous,
  );
});
