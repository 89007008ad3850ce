import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAsItIsAtBothWidths, consoleSuite, expectNoSeriousAxeViolations, generous, logInAsUser, overflowing, screenshot } from './support.js';

// Pickers that scale, end to end against a real `allot serve`: a tenant of 2000 people (made with
// one import), users found by searching and chosen by keyboard, every direct seat of a license
// recalled at once, and a license assigned from the Users page, at 1366 and 390 px.

const adminToken = 'pickers-test-admin-token-0123456789';
const customerCode = `PICK-${Date.now().toString(36).toUpperCase()}`;
const owner = { email: 'olga.owner@example.com', name: 'Olga Owner', password: 'pick me from thousands 1', roles: ['owner'] };
const zora = { email: 'zora.quinn@example.com', name: 'Zora Quinn' };
const zeno = { email: 'zeno.quade@example.com', name: 'Zeno Quade' };
const night = { email: 'nina.night@example.com', name: 'Nina Night' };
const crowd = Array.from({ length: 2000 }, (_, i) => ({ email: `person${String(i + 1).padStart(4, '0')}@big.example`, name: `Person ${String(i + 1).padStart(4, '0')}` }));

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

describe('pickers that scale', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let page: Page;
  let tenantId = '';
  const ids: Record<string, string> = {};
  const licenses: Record<string, string> = {};

  beforeAll(async () => {
    ({ page } = ui);
    await page.setViewportSize({ width: 1366, height: 900 });
    await vendor('POST', '/v1/products', { code: 'crm', name: 'CRM Suite', modules: [{ code: 'core', name: 'Core' }] });
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Crowd GmbH', customerCode })).id;
    const base = `/v1/tenants/${tenantId}`;
    ids[owner.email] = (await vendor('POST', `${base}/users`, owner)).id;
    const imported = await vendor('POST', `${base}/users/import`, { users: [zora, zeno, night, ...crowd] });
    [zora, zeno, night, ...crowd].forEach((person, i) => (ids[person.email] = imported.userIds[i]));
    const grant = async (code: string, name: string, quantity: number) =>
      (licenses[code] = (await vendor('POST', `${base}/licenses`, { code, name, model: 'named', product: 'crm', quantity })).id);
    await grant('crm-pick', 'CRM picked users', 10);
    await grant('crm-big', 'CRM for everyone', 5000);
    await grant('crm-full', 'CRM full', 1);
    await grant('crm-extra', 'CRM extra', 3);
    // 1200 direct seats (two requests: one assignment takes at most 1000), and one through a group.
    const crowdIds = crowd.slice(0, 1200).map((person) => ids[person.email]);
    await vendor('POST', `${base}/licenses/${licenses['crm-big']}/assignments`, { userIds: crowdIds.slice(0, 1000) });
    await vendor('POST', `${base}/licenses/${licenses['crm-big']}/assignments`, { userIds: crowdIds.slice(1000) });
    const shift = await vendor('POST', `${base}/groups`, { name: 'Night shift' });
    await vendor('POST', `${base}/groups/${shift.id}/members`, { userIds: [ids[night.email]] });
    await vendor('POST', `${base}/licenses/${licenses['crm-big']}/groups`, { groupId: shift.id });
    await vendor('POST', `${base}/licenses/${licenses['crm-full']}/assignments`, { userIds: [ids[crowd[1999]?.email ?? '']] });
  }, generous);

  it(
    'an owner finds users among 2000 by searching, chooses them by keyboard and assigns them',
    async () => {
      await page.goto(`/tenants/${tenantId}/licenses/${licenses['crm-pick']}`);
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'CRM picked users' }).waitFor();
      const assign = page.getByRole('form', { name: 'Assign users' });
      const search = assign.getByLabel('Users to assign', { exact: true });
      const matches = assign.getByRole('list', { name: 'Users to assign: matches' });
      const status = assign.getByRole('status').first();

      // Unsearched, the first page of 25; More results adds the next page.
      await expect.poll(() => status.textContent()).toBe('25 users, more below.');
      await assign.getByRole('button', { name: 'More results' }).click();
      await expect.poll(() => matches.getByRole('checkbox').count()).toBe(50);

      // The search asks the server: a part of the name, any letter case.
      await search.click();
      await page.keyboard.type('ZO');
      await expect.poll(() => status.textContent()).toBe('1 user matching “ZO”.');
      // ↓ into the matches, Space chooses, Escape back to the box, Escape again clears it.
      await page.keyboard.press('ArrowDown');
      expect(await isFocused(matches.getByRole('checkbox', { name: new RegExp(zora.email) }))).toBe(true);
      await page.keyboard.press('Space');
      await page.keyboard.press('Escape');
      expect(await isFocused(search)).toBe(true);
      await page.keyboard.press('Escape');
      expect(await search.inputValue()).toBe('');

      await page.keyboard.type('quade');
      await expect.poll(() => status.textContent()).toBe('1 user matching “quade”.');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      // A part of an address: the last of the crowd, past the 500 users one page could hold.
      await search.fill('person19');
      await expect.poll(() => status.textContent()).toBe('25 users matching “person19”, more below.');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      expect(await isFocused(matches.getByRole('checkbox').nth(24))).toBe(true);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Space');
      await page.keyboard.press('Home');
      await page.keyboard.press('Enter');
      const chosen = assign.getByRole('group', { name: /chosen/ });
      await expect.poll(() => chosen.textContent()).toContain('4 users chosen');
      // Tab leaves the matches (one tab stop) for More results.
      await page.keyboard.press('Tab');
      expect(await isFocused(assign.getByRole('button', { name: 'More results' }))).toBe(true);
      await checkAsItIsAtBothWidths(page, 'allot-console-pickers-chosen');

      // A chip removes its user.
      await chosen.getByRole('button', { name: 'Remove Person 1923' }).click();
      await expect.poll(() => chosen.textContent()).toContain('3 users chosen');
      await assign.getByRole('button', { name: 'Preview assignment' }).click();
      const preview = page.getByTestId('seat-preview');
      await expect.poll(() => preview.textContent()).toBe(`Needs 3 seats, 10 free; adds: ${zora.email}, ${zeno.email}, person1900@big.example.`);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('status').filter({ hasText: `Assigned a seat to ${zora.email}, ${zeno.email}, person1900@big.example.` }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('3 / 10');
      await expect.poll(() => chosen.textContent()).toContain('No users chosen');

      // A holder is found again but cannot be chosen twice.
      await search.fill('zora');
      const held = matches.getByRole('checkbox', { name: new RegExp(zora.email) });
      await expect.poll(() => held.getAttribute('aria-disabled')).toBe('true');
      expect(await matches.textContent()).toContain('Assigned already');
      await held.focus();
      await page.keyboard.press('Space');
      expect(await held.isChecked()).toBe(false);
    },
    generous,
  );

  it(
    'an owner recalls chosen seats, then every direct seat of every page at once; a seat through a group stays',
    async () => {
      await page.goto(`/tenants/${tenantId}/licenses/${licenses['crm-big']}`);
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'CRM for everyone' }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('1201 / 5000');
      const holders = page.getByRole('table', { name: 'Seat holders' });
      const bar = page.getByRole('group', { name: 'Recall chosen seats' });

      // Two rows chosen by their checkboxes, recalled: Recall previews, Apply makes it so.
      await holders.getByRole('checkbox', { name: 'Choose person0001@big.example' }).check();
      await holders.getByRole('checkbox', { name: 'Choose person0002@big.example' }).check();
      await expect.poll(() => bar.textContent()).toContain('2 chosen');
      await bar.getByRole('button', { name: 'Recall 2 seats' }).click();
      const preview = page.getByTestId('seat-preview');
      await expect.poll(() => preview.textContent()).toBe('Frees 2 seats: person0001@big.example, person0002@big.example.');
      expect(await page.getByTestId('usage').textContent()).toBe('1201 / 5000');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('status').filter({ hasText: 'Recalled 2 seats: person0001@big.example, person0002@big.example.' }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('1199 / 5000');

      // This page, then every page: all 1198 direct holders, not the one seated through the group.
      await bar.getByLabel('All direct holders on this page').check();
      // The first row is Nina, seated through the group only: 24 direct holders on the page.
      await expect.poll(() => bar.textContent()).toContain('24 chosen');
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => bar.getByLabel('All direct holders on this page').isChecked()).toBe(false);
      await bar.getByRole('button', { name: 'Choose all direct holders, every page' }).click();
      await expect.poll(() => bar.textContent()).toContain('All 1198 direct holders chosen');
      await checkAsItIsAtBothWidths(page, 'allot-console-pickers-recall-all');
      await bar.getByRole('button', { name: 'Recall 1198 seats' }).click();
      await expect.poll(() => preview.textContent()).toMatch(/^Frees 1198 seats: person0003@big\.example, .* and 1186 more\.$/);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('status').filter({ hasText: /^Recalled 1198 seats: / }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('1 / 5000');
      const left = holders.getByRole('row', { name: new RegExp(night.email) });
      await expect.poll(() => left.textContent()).toContain('Group Night shift');
      await expect.poll(() => holders.getByRole('row').count()).toBe(2);
      expect(await bar.count()).toBe(0);
    },
    generous,
  );

  it(
    "the Users page shows each user's licenses and assigns one, refusals explained, on a phone",
    async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`/tenants/${tenantId}/users`);
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
      await page.getByLabel('Search', { exact: true }).fill('Zora');
      const users = page.getByRole('table', { name: 'Users' });
      const row = users.getByRole('row', { name: new RegExp(zora.email) });
      await expect.poll(() => users.getByRole('row').count()).toBe(2);
      await expect.poll(() => row.getByRole('link').allTextContents()).toEqual(['crm-pick']);

      // The license that is full refuses with the seat message; one with room is assigned.
      await row.getByRole('button', { name: `Assign a license to ${zora.email}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Assign a license to Zora Quinn' });
      const license = dialog.getByLabel('License', { exact: true });
      expect(await isFocused(license)).toBe(true);
      await expect.poll(() => license.locator('option').allTextContents()).toEqual(['Choose a license', 'crm-big — CRM for everyone (1 / 5000)', 'crm-full — CRM full (1 / 1)', 'crm-extra — CRM extra (0 / 3)']);
      await license.selectOption({ label: 'crm-full — CRM full (1 / 1)' });
      await dialog.getByRole('button', { name: 'Preview assignment' }).click();
      const refusal = dialog.getByRole('alert').filter({ hasText: 'Not enough free seats' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('License crm-full has 0 free seats; this change needs 1.');
      expect(await refusal.textContent()).toContain(zora.email);
      await expect.poll(() => overflowing(page)).toEqual([]);
      await expectNoSeriousAxeViolations(page);
      await screenshot(page, 'allot-console-pickers-assign-refused-390');

      await license.selectOption({ label: 'crm-extra — CRM extra (0 / 3)' });
      await dialog.getByRole('button', { name: 'Preview assignment' }).click();
      await expect.poll(() => dialog.getByTestId('seat-preview').textContent()).toBe(`Needs 1 seat, 3 free; adds: ${zora.email}.`);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('status').filter({ hasText: `Assigned crm-extra to ${zora.email}.` }).waitFor();
      expect(await dialog.count()).toBe(0);
      await expect.poll(() => row.getByRole('link').allTextContents()).toEqual(['crm-extra', 'crm-pick']);
      await screenshot(page, 'allot-console-pickers-users-390');

      // Escape closes the dialog without a change.
      await row.getByRole('button', { name: `Assign a license to ${zora.email}` }).click();
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      expect(await dialog.count()).toBe(0);
      await page.setViewportSize({ width: 1366, height: 900 });
      await expectNoSeriousAxeViolations(page);
      await screenshot(page, 'allot-console-pickers-users-1366');
    },
    generous,
  );
});
