import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleSuite, generous, logInAsUser, logInWithKey, logOut, screenshot } from './support.js';

// A person changes their own password from the top bar, whatever their roles (issue #12): the
// current one re-entered, their other console sessions ended, this one kept.

const adminToken = 'account-test-admin-token-0123456789';
const customerCode = `ACCOUNT-${Date.now().toString(36).toUpperCase()}`;
const member = { email: 'mia.member@example.com', name: 'Mia Member', password: 'first password of mia' };
const newPassword = 'second password of mia';

describe('changing one’s own password in the console', () => {
  const ui = consoleSuite(adminToken);
  let page: Page;
  let tenantId = '';
  // A member may not read users, so the top bar names them by their id.
  let memberId = '';

  /** A console session opened outside the browser (another device): its cookie. */
  const otherDevice = async (password: string): Promise<string> => {
    const answer = await fetch(`${ui.server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: customerCode, email: member.email, password }),
    });
    expect(answer.status).toBe(200);
    const cookie = /allot_session=[^;]+/.exec(answer.headers.get('set-cookie') ?? '')?.[0];
    if (cookie === undefined) throw new Error('no session cookie');
    return cookie;
  };
  const stillLoggedIn = async (cookie: string) => (await fetch(`${ui.server.url}/v1/auth/session`, { headers: { cookie } })).status === 200;

  beforeAll(async () => {
    page = ui.page;
    tenantId = (await ui.vendor('POST', '/v1/tenants', { name: 'Account GmbH', customerCode })).id;
    memberId = (await ui.vendor('POST', `/v1/tenants/${tenantId}/users`, { ...member, roles: ['member'] })).id;
  }, generous);

  it(
    'a member changes it from the top bar: a wrong current password is shown on its field, then the right one keeps this session and ends the others',
    async () => {
      const elsewhere = await otherDevice(member.password);
      await page.goto('/');
      await logInAsUser(page, customerCode, member.email, member.password);
      await expect.poll(() => page.getByTestId('who').textContent()).toContain(memberId);

      await page.getByRole('button', { name: 'Change password' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change your password' });
      const form = dialog.getByRole('form', { name: 'Change password' });
      await form.getByLabel('Current password', { exact: true }).fill('not my password at all');
      await form.getByLabel('New password', { exact: true }).fill(newPassword);
      await form.getByLabel('New password again', { exact: true }).fill(`${newPassword}!`);
      // Two different new passwords are caught before anything is sent.
      expect(await form.getByRole('button', { name: 'Change password' }).isDisabled()).toBe(true);
      await form.getByLabel('New password again', { exact: true }).fill(newPassword);
      await form.getByRole('button', { name: 'Change password' }).click();
      await expect.poll(() => form.getByText('The current password is not right.').isVisible()).toBe(true);
      // A wrong current password is a mistake in the form, not the end of the session.
      expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
      expect(await stillLoggedIn(elsewhere)).toBe(true);
      await screenshot(page, 'allot-console-change-password');

      await form.getByLabel('Current password', { exact: true }).fill(member.password);
      await form.getByRole('button', { name: 'Change password' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Password changed.' }).isVisible()).toBe(true);
      expect(await stillLoggedIn(elsewhere)).toBe(false);
      // This session goes on: the tenant's pages still load.
      await page.reload();
      await expect.poll(() => page.getByTestId('who').textContent()).toContain(memberId);

      await logOut(page);
      await logInAsUser(page, customerCode, member.email, member.password);
      await expect.poll(() => page.getByText('The credentials are not right.').isVisible()).toBe(true);
      await logInAsUser(page, customerCode, member.email, newPassword);
      await expect.poll(() => page.getByTestId('who').textContent()).toContain(memberId);
      await logOut(page);
    },
    generous,
  );

  it(
    'offers no password change to a key, which has none',
    async () => {
      await page.goto('/');
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Tenants' }).waitFor();
      expect(await page.getByRole('button', { name: 'Change password' }).count()).toBe(0);
      await logOut(page);
    },
    generous,
  );
});
