import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callNode, type ServerProcess } from '../../../test-support/processes.js';
import { consoleSuite, generous, logInAsUser, logOut, overflowing, screenshot } from './support.js';

// Seat planning in the console against a real `allot serve`: a sandbox tenant whose test clock is
// moved while an application opens and closes sessions through the API, so that the license has a
// recorded day to replay; then a named license whose seats go unused for two months.

const adminToken = 'planning-test-admin-token-0123456789';
const customerCode = `PLAN-${Date.now().toString(36).toUpperCase()}`;
// 09:00 in Berlin on 6 March 2024.
const clock = '2024-03-06T08:00:00Z';
const owner = { email: 'olga.owner@example.com', name: 'Olga Owner', password: 'planning ahead since 2024', roles: ['owner'] };
const people = ['a', 'b', 'c', 'e'].map((letter) => ({ email: `${letter}.planner@example.com`, name: `${letter.toUpperCase()} Planner`, roles: ['member'] }));

describe('seat planning in the console', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let server: ServerProcess;
  let page: Page;
  let tenantId = '';
  let appKey = '';
  let deskId = '';
  const ids: Record<string, string> = {};

  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const open = (email: string) => callNode(server.url, 'POST', path('/sessions'), appKey, { userId: ids[email], modules: ['plan:desk'] });
  const close = async (sessionId: string) => expect((await callNode(server.url, 'DELETE', path(`/sessions/${sessionId}`), appKey)).status).toBeLessThan(300);
  const advance = (advanceBy: string) => vendor('POST', path('/clock'), { advanceBy });

  beforeAll(async () => {
    ({ server, page } = ui);
    await vendor('POST', '/v1/products', { code: 'plan', name: 'Planning', modules: [{ code: 'desk', name: 'Desk booking' }, { code: 'room', name: 'Room booking' }] });
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Planning Test GmbH', customerCode, timeZone: 'Europe/Berlin', mode: 'sandbox', clock })).id;
    for (const person of [owner, ...people]) ids[person.email] = (await vendor('POST', path('/users'), person)).id;
    appKey = (await vendor('POST', path('/api-keys'), { kind: 'app', name: 'Planner app' })).key;
    deskId = (await vendor('POST', path('/licenses'), { code: 'desk', name: 'Desk booking', model: 'concurrent', product: 'plan', modules: ['desk'], quantity: 2, heartbeatSeconds: 10800 })).id;

    // The day the server's planning test works by hand: A 09:00–10:00, B 09:00–11:00, C refused at
    // 09:30 and admitted 10:00–11:00, E from 11:00 until it times out at 14:00. Five attempts, peak 2.
    const [a, b, c, e] = people.map((person) => person.email) as [string, string, string, string];
    const sessionA = (await open(a)).body.id;
    const sessionB = (await open(b)).body.id;
    await advance('PT30M');
    expect((await open(c)).status).toBe(409);
    await advance('PT30M');
    await close(sessionA);
    const sessionC = (await open(c)).body.id;
    await advance('PT1H');
    await close(sessionB);
    await close(sessionC);
    expect((await open(e)).status).toBe(201);
    await advance('PT3H');
  }, generous);

  it(
    'the owner reads the recommendation for a concurrent license, its chart and table, over the last 30 days and a chosen day',
    async () => {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto('/');
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'Planning Test GmbH' }).waitFor();
      await page.goto(`/tenants/${tenantId}/licenses/${deskId}`);
      await page.getByRole('link', { name: 'Seat planning' }).click();
      await page.getByRole('heading', { name: 'Seat planning: Desk booking' }).waitFor();

      // The default period is the tenant's last 30 days, ending today on the test clock.
      const period = page.getByRole('form', { name: 'Planning period' });
      expect(await period.getByLabel('From').inputValue()).toBe('2024-02-06');
      expect(await period.getByLabel('To').inputValue()).toBe('2024-03-06');
      const recommendation = page.getByTestId('recommendation');
      await expect.poll(() => recommendation.textContent()).toContain('With 3 licenses, 0 % of attempts would have waited (0 of 5).');
      expect(await recommendation.textContent()).toContain('The current 2 licenses refuse 20 % of attempts (1 of 5).');

      const candidates = page.getByRole('table', { name: 'Candidate quantities' });
      expect(await candidates.getByRole('row').allTextContents()).toEqual([
        'LicensesAttempts refusedShare refused',
        '12 of 540 %',
        '2Licensed now1 of 520 %',
        '3Recommended0 of 50 %',
        '40 of 50 %',
      ]);
      // The chart draws the licensed line; its caption and data table say the same in words.
      await page.getByTestId('peak-chart').locator('.recharts-reference-line-line').waitFor({ state: 'attached' });
      expect(await page.getByTestId('peak-chart').locator('.recharts-line-curve').count()).toBe(1);
      expect(await page.getByTestId('peak-chart').getAttribute('aria-hidden')).toBe('true');
      expect(await page.locator('figcaption').textContent()).toContain('The busiest day was 2024-03-06: 2 of 2 licensed in use at once on plan:desk.');
      await page.getByText("The chart's data as a table").click();
      const data = page.getByRole('table', { name: 'Daily peak per module' });
      expect(await data.getByRole('row').count()).toBe(30 + 1);
      expect(await data.getByRole('row', { name: /2024-03-06/ }).textContent()).toBe('2024-03-0621');
      // Two sessions live at once from 09:00 to 11:00, one alone from 11:00 until now at 14:00.
      const levels = await page.getByRole('table', { name: 'Time at each level' }).getByRole('row').allTextContents();
      expect(levels.slice(2)).toEqual([expect.stringMatching(/^plan:desk13 h 00 min/), expect.stringMatching(/^plan:desk22 h 00 min/)]);
      await screenshot(page, 'allot-console-planning-1366');

      // A target of 20 % accepts the quantity the tenant has; a reversed period is refused.
      await period.getByLabel('Waits accepted (%)').fill('20');
      await period.getByRole('button', { name: 'Show period' }).click();
      await expect.poll(() => recommendation.textContent()).toContain('With 2 licenses, 20 % of attempts would have waited (1 of 5).');
      await period.getByLabel('From').fill('2024-03-07');
      await period.getByRole('button', { name: 'Show period' }).click();
      await page.getByRole('alert').filter({ hasText: 'Could not plan this period' }).waitFor();

      // At 390 px the page, chart included, stays within the screen.
      await period.getByLabel('From').fill('2024-03-01');
      await period.getByRole('button', { name: 'Show period' }).click();
      await expect.poll(() => recommendation.textContent()).toContain('With 2 licenses');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('peak-chart').locator('.recharts-line-curve').waitFor({ state: 'attached' });
      await screenshot(page, 'allot-console-planning-390');
      expect(await overflowing(page)).toEqual([]);
      await page.setViewportSize({ width: 1366, height: 900 });
      await logOut(page);
    },
    generous,
  );

  it(
    'the owner finds the seats nobody used for 30 and 60 days and recalls the picked ones',
    async () => {
      // Three seats given today; only A checks access, 40 days on, to a module only this license
      // covers (the access check notes the seat's use); then another 31 days pass.
      const named = (await vendor('POST', path('/licenses'), { code: 'plan-named', name: 'Planning named users', model: 'named', product: 'plan', quantity: 5 })).id;
      const [a, b, c] = people.map((person) => ids[person.email] ?? '');
      await vendor('POST', path(`/licenses/${named}/assignments`), { userIds: [a, b, c] });
      await advance('P40D');
      const check = await callNode(server.url, 'POST', path('/access'), appKey, { userId: a, module: 'plan:room' });
      expect(check.body).toMatchObject({ allowed: true, licenseId: named });
      await advance('P31D');

      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto('/');
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'Planning Test GmbH' }).waitFor();
      await page.goto(`/tenants/${tenantId}/licenses/${named}`);
      await page.getByRole('link', { name: 'Seat planning' }).click();
      await page.getByRole('heading', { name: 'Seat planning: Planning named users' }).waitFor();

      const counts = page.getByRole('region', { name: 'Idle seat counts' });
      await expect.poll(() => counts.locator('.stat-value').allTextContents()).toEqual(['3', '3', '2', '0']);
      const idle = page.getByRole('table', { name: 'Idle seats' });
      // Longest idle first: B and C since the seat was given, then A since its access check.
      expect(await idle.getByRole('row').allTextContents()).toEqual([
        'ChooseUserLast accessSeat sinceIdle',
        expect.stringMatching(/^B Plannerb\.planner@example\.comnever since the seat was given06 Mar 2024.*60\+ days$/),
        expect.stringMatching(/^C Plannerc\.planner@example\.comnever since the seat was given06 Mar 2024.*60\+ days$/),
        expect.stringMatching(/^A Plannera\.planner@example\.com15 Apr 2024, 14:00:00 CEST06 Mar 2024.*30\+ days$/),
      ]);
      await screenshot(page, 'allot-console-idle-seats-1366');

      await idle.getByLabel('Choose b.planner@example.com').check();
      await idle.getByLabel('Choose c.planner@example.com').check();
      await page.getByRole('button', { name: 'Recall 2 seats' }).click();
      await page.getByRole('button', { name: 'Yes, recall' }).click();
      await page.getByRole('status').filter({ hasText: 'Recalled 2 idle seats; 4 free now.' }).waitFor();
      await expect.poll(() => idle.getByRole('row').count()).toBe(2);
      expect(await counts.locator('.stat-value').allTextContents()).toEqual(['1', '1', '0', '0']);

      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'allot-console-idle-seats-390');
      expect(await overflowing(page)).toEqual([]);
      await page.setViewportSize({ width: 1366, height: 900 });
      await logOut(page);
    },
    generous,
  );
});
