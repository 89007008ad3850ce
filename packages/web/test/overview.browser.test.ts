import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callNode, type ServerProcess } from '../../../test-support/processes.js';
import { consoleSuite, generous, logInAsUser, logOut, overflowing, screenshot, tenantNav } from './support.js';

// The tenant overview as a license manager lands on it, against a real `allot serve`: seats near
// their threshold, a license about to end, a concurrent license at its maximum with a refusal, and
// one past its maximum in a grace period; all made through the API on a sandbox tenant's clock.

const adminToken = 'overview-test-admin-token-0123456789';
const customerCode = `OVER-${Date.now().toString(36).toUpperCase()}`;
// 10:00 in Berlin on 6 March 2024.
const clock = '2024-03-06T09:00:00Z';
const owner = { email: 'otto.owner@example.com', name: 'Otto Owner', password: 'an overview of everything', roles: ['owner'] };
const people = ['ann', 'ben', 'cem'].map((name) => ({ email: `${name}@crm.example.com`, name, roles: ['member'] }));

describe('the tenant overview', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let server: ServerProcess;
  let page: Page;
  let tenantId = '';
  const ids: Record<string, string> = {};
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;

  beforeAll(async () => {
    ({ server, page } = ui);
    await vendor('POST', '/v1/products', { code: 'crm', name: 'CRM', modules: ['core', 'desk', 'scope'].map((code) => ({ code, name: code })) });
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Overview Test SE', customerCode, timeZone: 'Europe/Berlin', mode: 'sandbox', clock })).id;
    for (const person of [owner, ...people]) ids[person.email] = (await vendor('POST', path('/users'), person)).id;
    const [ann, ben, cem] = people.map((person) => ids[person.email] ?? '') as [string, string, string];
    const appKey = (await vendor('POST', path('/api-keys'), { kind: 'app', name: 'CRM app' })).key;

    const named = (await vendor('POST', path('/licenses'), { code: 'crm-named', name: 'CRM named users', model: 'named', product: 'crm', modules: ['core'], quantity: 4, thresholdPercent: 50 })).id;
    await vendor('POST', path(`/licenses/${named}/assignments`), { userIds: [ann, ben, cem] });
    await vendor('POST', path('/licenses'), { code: 'crm-trial', name: 'CRM trial', model: 'named', product: 'crm', modules: ['core'], quantity: 5, validUntil: '2024-03-20' });
    await vendor('POST', path('/licenses'), { code: 'crm-desk', name: 'Service desk', model: 'concurrent', product: 'crm', modules: ['desk'], quantity: 1 });
    const scope = (await vendor('POST', path('/licenses'), { code: 'crm-scope', name: 'Scope', model: 'concurrent', product: 'crm', modules: ['scope'], quantity: 1 })).id;
    await vendor('POST', path(`/licenses/${scope}/grace`), { startsAt: '2024-03-01T00:00:00Z', endsAt: '2024-03-31T00:00:00Z', orderNumber: 'PO-7' });

    const open = (userId: string, module: string) => callNode(server.url, 'POST', path('/sessions'), appKey, { userId, modules: [module] });
    expect((await open(ann, 'crm:desk')).status).toBe(201);
    expect((await open(cem, 'crm:desk')).status).toBe(409);
    expect((await open(ann, 'crm:scope')).status).toBe(201);
    expect((await open(ben, 'crm:scope')).status).toBe(201);
  }, generous);

  it(
    'shows what needs attention, how full each license is, sessions against the maximum, and the recent refusals and excess',
    async () => {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto('/');
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'Overview Test SE' }).waitFor();

      // Worst first: over the maximum, then at the threshold, then the license about to end.
      const attention = page.getByRole('region', { name: 'Needs attention' });
      await expect.poll(() => attention.getByRole('listitem').allTextContents()).toEqual([
        'Act now Scope: 2 of 1 used, 1 over the limit.',
        'Check CRM named users: 3 of 4 used (75 %), at its 50 % threshold.',
        'Check CRM trial: its last day is 20 Mar 2024, in 14 days.',
      ]);

      // Every license with a limit has a donut (a drawing for the eye) and the same in words.
      const inUse = page.getByRole('region', { name: 'Licenses in use' });
      expect(await inUse.getByTestId('fill').allTextContents()).toEqual(['3 of 4 used (75 %)', '0 of 5 used (0 %)', '1 of 1 used (100 %)', '2 of 1 used, 1 over the limit']);
      await inUse.locator('.donut svg').first().waitFor();
      expect(await inUse.locator('.donut svg').count()).toBe(4);
      expect(await inUse.locator('.donut').first().getAttribute('aria-hidden')).toBe('true');

      const sessions = page.getByRole('region', { name: 'Sessions now' });
      await sessions.locator('.recharts-bar-rectangle').first().waitFor({ state: 'attached' });
      expect(await sessions.locator('figcaption li').allTextContents()).toEqual(['Service desk: 1 of 1 in use now', 'Scope: 2 of 1 in use now']);

      // The refusal reads as a phrase; the code stays in the hint.
      const denial = page.getByRole('table', { name: 'Recent denials' }).getByRole('row', { name: /cem@crm\.example\.com/ });
      expect(await denial.textContent()).toContain('All concurrent licenses in use');
      const excess = page.getByRole('table', { name: 'Recent excess usage' }).getByRole('row', { name: /ben@crm\.example\.com/ });
      expect(await excess.textContent()).toContain('Scope');
      expect(await excess.textContent()).toContain('1 over 1');
      await page.getByRole('table', { name: 'Open upgrade requests' }).getByText('No upgrade request waits for the vendor.').waitFor();
      await screenshot(page, 'allot-console-overview-1366');

      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'allot-console-overview-390');
      expect(await overflowing(page)).toEqual([]);
      await page.setViewportSize({ width: 1366, height: 900 });

      // The audit log names users by e-mail and licenses by name, the ids in the hint.
      await tenantNav(page).getByRole('link', { name: 'Audit log' }).click();
      const events = page.getByRole('table', { name: 'Audit events' });
      const licenseCreated = events.getByRole('row', { name: /license\.created/ }).filter({ hasText: 'Service desk (crm-desk)' });
      await licenseCreated.waitFor();
      expect(await licenseCreated.textContent()).toContain('Admin token');
      await events.getByRole('row', { name: /user\.created/ }).filter({ hasText: 'ann@crm.example.com' }).waitFor();
      await logOut(page);
    },
    generous,
  );
});
