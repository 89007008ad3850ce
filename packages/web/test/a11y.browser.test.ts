import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleSuite, expectNoSeriousAxeViolations, generous, logInAsUser, logOut, overflowing, screenshot, tenantNav } from './support.js';

// The console by keyboard and on a phone (issue #17, items 3, 8 and 9): the skip link, where focus
// goes when a form or dialog opens, after an error and when a dialog closes; the menu button and the
// table cards at 390 px; and administrators sent to an expired license at login.

const adminToken = 'a11y-test-admin-token-0123456789';
const customerCode = `A11Y-${Date.now().toString(36).toUpperCase()}`;
// Five days after the trial's last day (20 March 2024) in Berlin.
const clock = '2024-03-25T09:00:00Z';
const password = 'a long enough password';
const owner = { email: 'olga.owner@example.com', name: 'Olga Owner', password, roles: ['owner'] };
const admin = { email: 'sam.admin@example.com', name: 'Sam Admin', password, roles: ['system_admin'] };
const manager = { email: 'lena.manager@example.com', name: 'Lena Manager', password, roles: ['license_manager'] };

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

describe('the console by keyboard and on a phone', () => {
  const ui = consoleSuite(adminToken);
  let page: Page;
  let tenantId = '';

  beforeAll(async () => {
    page = ui.page;
    await ui.vendor('POST', '/v1/products', { code: 'crm', name: 'CRM', modules: [{ code: 'core', name: 'Core' }] });
    tenantId = (await ui.vendor('POST', '/v1/tenants', { name: 'Keyboard AG', customerCode, timeZone: 'Europe/Berlin', mode: 'sandbox', clock })).id;
    for (const person of [owner, admin, manager]) await ui.vendor('POST', `/v1/tenants/${tenantId}/users`, person);
    await ui.vendor('POST', `/v1/tenants/${tenantId}/licenses`, { code: 'crm-named', name: 'CRM named users', model: 'named', product: 'crm', modules: ['core'], quantity: 5 });
    await ui.vendor('POST', `/v1/tenants/${tenantId}/licenses`, { code: 'crm-trial', name: 'CRM trial', model: 'named', product: 'crm', modules: ['core'], quantity: 5, validFrom: '2024-01-01', validUntil: '2024-03-20' });
  }, generous);

  it(
    'an owner or system admin lands on the licenses page with a banner saying what expired and what to do; a license manager on the overview',
    async () => {
      for (const [person, width] of [[owner, 1366], [admin, 390]] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto('/');
        await logInAsUser(page, customerCode, person.email, person.password);
        await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
        expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}/licenses`);
        const banner = page.getByRole('alert', { name: 'A license has expired' });
        await expect.poll(() => banner.getByRole('listitem').allTextContents()).toEqual(['CRM trial (crm-trial): its last day was 20 Mar 2024.']);
        expect(await banner.textContent()).toContain('ask your vendor to renew the license');
        await screenshot(page, `allot-console-expired-landing-${width}`);
        if (width === 390) expect(await overflowing(page)).toEqual([]);
        await logOut(page);
      }
      await page.setViewportSize({ width: 1366, height: 900 });
      await logInAsUser(page, customerCode, manager.email, manager.password);
      await page.getByRole('heading', { name: 'Keyboard AG', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}`);
      await logOut(page);
    },
    generous,
  );

  it(
    'the keyboard reaches the page past the navigation, and focus follows forms, errors and dialogs',
    async () => {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto('/');
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
      await tenantNav(page).getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

      // On a freshly opened page the first Tab shows the skip link; following it puts focus on the page, past the navigation.
      await page.reload();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to content' });
      expect(await isFocused(skip)).toBe(true);
      expect(await skip.isVisible()).toBe(true);
      await page.keyboard.press('Enter');
      expect(await isFocused(page.getByRole('main'))).toBe(true);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.querySelector('main')?.contains(document.activeElement))).toBe(true);

      // A form that opens takes focus at its first field; a refused field takes it after an error.
      await page.getByRole('button', { name: 'New user' }).click();
      const form = page.getByRole('form', { name: 'New user' });
      expect(await isFocused(form.getByLabel('Email', { exact: true }))).toBe(true);
      await form.getByLabel('Email', { exact: true }).fill('new.person@example.com');
      await form.getByLabel('Name', { exact: true }).fill('New Person');
      await form.getByLabel('Password', { exact: true }).fill('short');
      await form.getByRole('button', { name: 'Create user' }).click();
      const passwordField = form.getByLabel('Password', { exact: true });
      await expect.poll(() => passwordField.getAttribute('aria-invalid')).toBe('true');
      expect(await isFocused(passwordField)).toBe(true);
      await form.getByRole('button', { name: 'Cancel' }).click();

      // A dialog opens on its first field and gives focus back to its opener when it closes.
      const opener = page.getByRole('button', { name: 'Change password' });
      await opener.click();
      const dialog = page.getByRole('dialog', { name: 'Change your password' });
      expect(await isFocused(dialog.getByLabel('Current password', { exact: true }))).toBe(true);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await isFocused(opener)).toBe(true);
      await expectNoSeriousAxeViolations(page);
      await logOut(page);
    },
    generous,
  );

  it(
    'at 390 px the navigation folds behind a menu button and tables show each row as a card',
    async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/');
      await logInAsUser(page, customerCode, manager.email, manager.password);
      await page.getByRole('heading', { name: 'Keyboard AG', level: 1 }).waitFor();
      const menu = page.getByRole('button', { name: 'Menu' });
      const users = tenantNav(page).getByRole('link', { name: 'Users' });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await users.isVisible()).toBe(false);
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await users.click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      // Going somewhere folds the menu again.
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await users.isVisible()).toBe(false);

      // Each row a card: cells one under another, each led by its column's name; the table stays a table.
      const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /lena\.manager@example\.com/ });
      const cells = row.getByRole('cell');
      const firstCell = cells.first();
      expect(await firstCell.evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"User"');
      const [top, second] = await Promise.all([firstCell.boundingBox(), cells.nth(1).boundingBox()]);
      expect(second?.y ?? 0).toBeGreaterThan((top?.y ?? 0) + (top?.height ?? 0) - 1);
      expect(await overflowing(page)).toEqual([]);
      await screenshot(page, 'allot-console-users-390');
      await menu.click();
      await screenshot(page, 'allot-console-menu-390');
      await page.setViewportSize({ width: 1366, height: 900 });
      // At full width the menu button is gone and the links are there.
      expect(await menu.isVisible()).toBe(false);
      expect(await users.isVisible()).toBe(true);
      await screenshot(page, 'allot-console-users-1366');
      await logOut(page);
    },
    generous,
  );
});
