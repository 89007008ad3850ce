import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callNode, type ServerProcess } from '../../../test-support/processes.js';
import { consoleSuite, generous, logInAsUser, logInWithKey, logOut, screenshot, tenantNav } from './support.js';

// Concurrent licensing in the console, end to end against a real `allot serve`: the catalog, a
// sandbox tenant on a fixed test clock, its people, a concurrent license of one and an app key are
// made through the API; sessions are opened through the API as an application would; the owner
// watches and ends them in the console, and the vendor adds a grace period and issues a day code.

const adminToken = 'sessions-test-admin-token-0123456789';
const customerCode = `CONC-${Date.now().toString(36).toUpperCase()}`;
// The tenant's clock stands still at 11:00 in Berlin, so "time left" and "today" are fixed.
const clock = '2024-03-06T10:00:00Z';
const anna = { email: 'anna.owner@example.com', name: 'Anna Owner', password: 'sessions for everyone 2024', roles: ['owner'] };
const alex = { email: 'alex.planner@example.com', name: 'Alex Planner', roles: ['member'] };
const bea = { email: 'bea.planner@example.com', name: 'Bea Planner', roles: ['member'] };

describe('concurrent licensing in the console', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let server: ServerProcess;
  let page: Page;
  let tenantId = '';
  let appKey = '';
  let licenseId = '';
  const ids: Record<string, string> = {};

  /** What the application does: open a session for a user, with the app key. */
  function openSession(userId: string, modules: string[], extra: Record<string, unknown> = {}) {
    return callNode(server.url, 'POST', `/v1/tenants/${tenantId}/sessions`, appKey, { userId, modules, ...extra });
  }

  beforeAll(async () => {
    ({ server, page } = ui);

    await vendor('POST', '/v1/products', {
      code: 'fm',
      name: 'Facilities',
      modules: [
        { code: 'space', name: 'Space planning' },
        { code: 'config', name: 'Configuration' },
        { code: 'reports', name: 'Reports' },
        { code: 'desk', name: 'Desk booking' },
        { code: 'lab', name: 'Lab booking' },
      ],
    });
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Concurrent Test AG', customerCode, timeZone: 'Europe/Berlin', mode: 'sandbox', clock })).id;
    for (const person of [anna, alex, bea]) ids[person.email] = (await vendor('POST', `/v1/tenants/${tenantId}/users`, person)).id;
    const license = await vendor('POST', `/v1/tenants/${tenantId}/licenses`, { code: 'fm-space', name: 'Space planning', model: 'concurrent', product: 'fm', modules: ['space'], quantity: 1 });
    licenseId = license.id;
    expect(license).toMatchObject({ model: 'concurrent', heartbeatSeconds: 300, quantity: 1 });
    appKey = (await vendor('POST', `/v1/tenants/${tenantId}/api-keys`, { kind: 'app', name: 'Planner app' })).key;
  }, generous);

  it(
    'the owner sees who holds the license, finds the refused second session, and ends the first',
    async () => {
      const first = await openSession(ids[alex.email] ?? '', ['fm:space']);
      expect(first.status, JSON.stringify(first.body)).toBe(201);

      await page.goto('/');
      await logInAsUser(page, customerCode, anna.email, anna.password);
      await page.getByRole('heading', { name: 'Concurrent Test AG' }).waitFor();
      await tenantNav(page).getByRole('link', { name: 'Sessions' }).click();
      await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();

      // The summary counts the live session against the license; the list names the holder.
      const usage = page.getByRole('table', { name: 'Concurrent license usage' }).getByRole('row', { name: /fm-space/ });
      await expect.poll(() => usage.getByTestId('usage').textContent()).toBe('1 / 1');
      expect(await usage.textContent()).toContain('5 min');
      const liveList = page.getByRole('table', { name: 'Live sessions' });
      const alexRow = liveList.getByRole('row', { name: new RegExp(alex.email) });
      await alexRow.waitFor();
      expect(await alexRow.textContent()).toContain('fm:space');
      expect(await alexRow.textContent()).toContain('fm-space');
      // The sandbox clock stands still: the heartbeat period is all that is left.
      expect(await alexRow.getByTestId('time-left').textContent()).toBe('in 5 min');
      await screenshot(page, 'allot-console-sessions-live');

      // A second user finds the license full: 409 naming the holder, and a denial in the log.
      const second = await openSession(ids[bea.email] ?? '', ['fm:space']);
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ code: 'concurrency_limit' });
      expect(second.body.holders.map((h: { userId: string }) => h.userId)).toEqual([ids[alex.email]]);
      await tenantNav(page).getByRole('link', { name: 'Denied access' }).click();
      await page.getByRole('heading', { name: 'Denied access' }).waitFor();
      const denial = page.getByRole('table', { name: 'Denied access' }).getByRole('row', { name: /fm:space/ });
      await denial.waitFor();
      expect(await denial.textContent()).toContain('All concurrent licenses in use');
      expect(await denial.locator('[data-code]').getAttribute('data-code')).toBe('concurrency_limit');
      expect(await denial.textContent()).toContain(bea.email);
      expect(await denial.textContent()).toContain('fm-space');

      // The access check says the same, and what it means.
      const check = page.getByRole('form', { name: 'Test access' });
      await check.getByLabel('User').selectOption({ label: `${bea.name} — ${bea.email}` });
      await check.getByLabel('Module').fill('fm:space');
      await check.getByRole('button', { name: 'Check access' }).click();
      await expect.poll(() => page.getByTestId('access-code').textContent()).toBe('concurrency_limit');
      const answer = page.getByRole('status', { name: 'Access answer' });
      expect(await answer.textContent()).toContain('Every concurrent license of the module is in use');
      await answer.getByRole('link', { name: 'See who holds it' }).waitFor();
      await screenshot(page, 'allot-console-sessions-denied');

      // End Alex's session: the license is free again and the session is listed as ended by an admin.
      await tenantNav(page).getByRole('link', { name: 'Sessions' }).click();
      await alexRow.getByRole('button', { name: 'End session' }).click();
      await alexRow.getByRole('button', { name: 'Yes, end session' }).click();
      await page.getByRole('status').filter({ hasText: `Ended the session of ${alex.email}` }).waitFor();
      await liveList.getByText('Nobody holds a session now.').waitFor();
      await expect.poll(() => usage.getByTestId('usage').textContent()).toBe('0 / 1');
      await page.getByRole('tab', { name: 'Ended' }).click();
      const endedRow = page.getByRole('table', { name: 'Ended sessions' }).getByRole('row', { name: new RegExp(alex.email) });
      await endedRow.waitFor();
      expect(await endedRow.textContent()).toContain('Ended by admin');
      expect(await endedRow.locator('[data-reason]').getAttribute('data-reason')).toBe('admin');
      const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
      expect(csvHref).toContain('state=ended');
      const csv = await page.evaluate(async (href) => (await fetch(href ?? '')).text(), csvHref);
      expect(csv).toContain('admin');
      await screenshot(page, 'allot-console-sessions-ended');

      // The owner reads the license's holders and terms, but grace periods and day codes are the vendor's.
      await page.getByRole('tab', { name: 'Live' }).click();
      await usage.getByRole('link', { name: 'Space planning' }).click();
      await page.getByRole('heading', { name: 'Space planning' }).waitFor();
      await page.getByRole('table', { name: 'Live holders' }).getByText('Nobody holds this license now.').waitFor();
      expect(await page.getByTestId('heartbeat').textContent()).toContain('5 min');
      await page.getByRole('table', { name: 'Grace periods' }).getByText('No grace period.').waitFor();
      expect(await page.getByRole('button', { name: 'Add grace period' }).count()).toBe(0);
      expect(await page.getByRole('form', { name: 'Assign users' }).count()).toBe(0);
      await tenantNav(page).getByRole('link', { name: 'Day codes' }).click();
      await page.getByRole('heading', { name: 'Day codes', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Issue day code' }).count()).toBe(0);
      await logOut(page);
    },
    generous,
  );

  it(
    'the vendor adds a grace period that admits an excess session, issues a day code, and grants a concurrent license',
    async () => {
      await page.goto(`/tenants/${tenantId}/licenses/${licenseId}`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Space planning' }).waitFor();

      // A grace period over this week of the tenant's clock.
      await page.getByRole('button', { name: 'Add grace period' }).click();
      const graceForm = page.getByRole('form', { name: 'Add grace period' });
      await graceForm.getByLabel('Order number').fill('PO-4711');
      await graceForm.getByLabel('First day').fill('2024-03-04');
      await graceForm.getByLabel('Last day').fill('2024-03-10');
      await graceForm.getByRole('button', { name: 'Add grace period' }).click();
      await page.getByRole('status').filter({ hasText: 'Added grace period PO-4711' }).waitFor();
      const grace = page.getByRole('table', { name: 'Grace periods' }).getByRole('row', { name: /PO-4711/ });
      await grace.waitFor();
      expect(await grace.textContent()).toContain('04 Mar 2024');
      expect(await grace.textContent()).toContain('10 Mar 2024');
      expect(await grace.textContent()).toContain('In force');

      // During it a second session gets in beyond the maximum, and is logged as excess.
      expect((await openSession(ids[alex.email] ?? '', ['fm:space'])).status).toBe(201);
      const excess = await openSession(ids[bea.email] ?? '', ['fm:space']);
      expect(excess.status).toBe(201);
      expect(excess.body.modules[0]).toMatchObject({ excess: true, licenseId });
      await page.reload();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('2 / 1');
      const holders = page.getByRole('table', { name: 'Live holders' });
      await holders.getByRole('row', { name: new RegExp(bea.email) }).waitFor();
      await holders.getByRole('row', { name: new RegExp(alex.email) }).waitFor();
      await page.getByRole('region', { name: 'Live holders' }).getByText('Grace period in force').waitFor();
      await screenshot(page, 'allot-console-sessions-license');

      await tenantNav(page).getByRole('link', { name: 'Excess usage' }).click();
      await page.getByRole('heading', { name: 'Excess usage' }).waitFor();
      const excessRow = page.getByRole('table', { name: 'Excess usage' }).getByRole('row', { name: new RegExp(bea.email) });
      await excessRow.waitFor();
      expect((await excessRow.textContent())?.replace(/\s+/g, ' ')).toContain('fm-space');
      expect(await excessRow.textContent()).toContain('+1');
      const filters = page.getByRole('form', { name: 'Excess usage filters' });
      await filters.getByLabel('User').selectOption({ label: alex.email });
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByRole('table', { name: 'Excess usage' }).getByText('No excess usage').waitFor();
      const excessCsv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
      expect(excessCsv).toContain(`userId=${ids[alex.email]}`);
      await filters.getByRole('button', { name: 'Reset' }).click();
      await excessRow.waitFor();
      await screenshot(page, 'allot-console-sessions-excess');

      // The Sessions summary shows the excess too.
      await tenantNav(page).getByRole('link', { name: 'Sessions' }).click();
      const usage = page.getByRole('table', { name: 'Concurrent license usage' }).getByRole('row', { name: /fm-space/ });
      await expect.poll(() => usage.getByTestId('usage').textContent()).toBe('2 / 1');
      expect(await usage.textContent()).toContain('1 over');
      const beaRow = page.getByRole('table', { name: 'Live sessions' }).getByRole('row', { name: new RegExp(bea.email) });
      expect(await beaRow.textContent()).toContain('Excess');
      expect(await page.getByRole('table', { name: 'Live sessions' }).getByRole('row', { name: new RegExp(alex.email) }).textContent()).not.toContain('Excess');
      await screenshot(page, 'allot-console-sessions-grace');

      // Ending the excess session on the license page brings it back to its maximum.
      await usage.getByRole('link', { name: 'Space planning' }).click();
      await page.getByRole('heading', { name: 'Space planning' }).waitFor();
      const beaHolder = page.getByRole('table', { name: 'Live holders' }).getByRole('row', { name: new RegExp(bea.email) });
      await beaHolder.getByRole('button', { name: 'End session' }).click();
      await beaHolder.getByRole('button', { name: 'Yes, end session' }).click();
      await page.getByRole('status').filter({ hasText: `Ended the session of ${bea.email}` }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('1 / 1');
      await beaHolder.waitFor({ state: 'detached' });

      // A day code for an unlicensed module, shown once to copy.
      await tenantNav(page).getByRole('link', { name: 'Day codes' }).click();
      await page.getByRole('heading', { name: 'Day codes', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Issue day code' }).click();
      const issue = page.getByRole('form', { name: 'Issue day code' });
      await issue.getByLabel('Module').selectOption('fm:config');
      await screenshot(page, 'allot-console-sessions-daycode-form');
      await issue.getByRole('button', { name: 'Issue day code' }).click();
      const notice = page.getByRole('region', { name: 'Issued day code', exact: true });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('valid on 2024-03-06');
      const dayCode = await notice.getByLabel('Day code').inputValue();
      expect(dayCode).toMatch(/^DC-/);
      await screenshot(page, 'allot-console-sessions-daycode');

      // The application uses it; the use is in the log, and the access check answers day_code.
      const consultant = await openSession(ids[alex.email] ?? '', ['fm:config'], { dayCode });
      expect(consultant.status, JSON.stringify(consultant.body)).toBe(201);
      await notice.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('region', { name: 'Day-code log' }).getByRole('button', { name: 'Refresh' }).click();
      const use = page.getByRole('table', { name: 'Day-code uses' }).getByRole('row', { name: new RegExp(alex.email) });
      await use.waitFor();
      expect(await use.textContent()).toContain('fm:config');
      // The issued codes list it with its use, but never shows the code again.
      const issuedCodes = page.getByRole('region', { name: 'Issued day codes' });
      await issuedCodes.getByRole('button', { name: 'Refresh' }).click();
      const issuedRow = issuedCodes.getByRole('table', { name: 'Issued day codes' }).getByRole('row', { name: /fm:config/ });
      await expect.poll(() => issuedRow.getByRole('cell').nth(2).textContent()).toBe('1');
      expect(await issuedRow.textContent()).toContain('2024-03-06');
      expect(await issuedCodes.textContent()).not.toContain(dayCode);
      await screenshot(page, 'allot-console-sessions-daycode-log');
      await tenantNav(page).getByRole('link', { name: 'Denied access' }).click();
      const check = page.getByRole('form', { name: 'Test access' });
      await check.getByLabel('User').selectOption({ label: `${alex.name} — ${alex.email}` });
      await check.getByLabel('Module').fill('fm:config');
      await check.getByRole('button', { name: 'Check access' }).click();
      await expect.poll(() => page.getByTestId('access-code').textContent()).toBe('day_code');
      expect(await page.getByRole('status', { name: 'Access answer' }).textContent()).toContain('day code');

      // Granting a concurrent license: concurrent users and a heartbeat.
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      await page.getByRole('button', { name: 'Grant license' }).click();
      const grant = page.getByRole('form', { name: 'Grant license' });
      await grant.getByLabel('License code').fill('fm-reports');
      await grant.getByLabel('License name').fill('Reports');
      await grant.getByLabel('Model').selectOption('concurrent');
      await grant.getByLabel('Product', { exact: true }).selectOption('fm');
      await grant.getByRole('checkbox', { name: /Reports/ }).check();
      await grant.getByLabel('Concurrent users', { exact: true }).fill('3');
      await grant.getByLabel('Heartbeat (seconds)').fill('120');
      await screenshot(page, 'allot-console-sessions-grant');
      await grant.getByRole('button', { name: 'Grant license' }).click();
      await page.getByRole('heading', { name: 'Reports' }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('0 / 3');
      expect(await page.getByTestId('heartbeat').textContent()).toContain('2 min');
      expect(await page.getByRole('definition').filter({ hasText: 'Concurrent users' }).count()).toBeGreaterThan(0);
      await page.getByRole('table', { name: 'Live holders' }).getByText('Nobody holds this license now.').waitFor();
      await logOut(page);
    },
    generous,
  );

  it(
    'the owner sees a license of two modules counted per module, each holder once per module held',
    async () => {
      const pair = await vendor('POST', `/v1/tenants/${tenantId}/licenses`, { code: 'fm-pair', name: 'Booking pair', model: 'concurrent', product: 'fm', modules: ['desk', 'lab'], quantity: 2 });
      const both = await openSession(ids[alex.email] ?? '', ['fm:desk', 'fm:lab']);
      expect(both.status, JSON.stringify(both.body)).toBe(201);
      expect((await openSession(ids[bea.email] ?? '', ['fm:desk'])).status).toBe(201);

      await page.goto(`/tenants/${tenantId}/licenses/${pair.id}`);
      await logInAsUser(page, customerCode, anna.email, anna.password);
      await page.getByRole('heading', { name: 'Booking pair' }).waitFor();
      // Two users on the desk fill it; the lab has one of its two left.
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('2 / 2');
      await expect.poll(() => page.getByTestId('module-usage').allTextContents()).toEqual(['fm:desk 2 / 2', 'fm:lab 1 / 2']);
      const holders = page.getByRole('table', { name: 'Live holders' });
      const alexRows = holders.getByRole('row', { name: new RegExp(alex.email) });
      await expect.poll(() => alexRows.count()).toBe(2);
      expect((await alexRows.allTextContents()).map((row) => (row.includes('fm:desk') ? 'fm:desk' : row.includes('fm:lab') ? 'fm:lab' : row)).sort()).toEqual(['fm:desk', 'fm:lab']);
      expect(await holders.getByRole('row', { name: new RegExp(bea.email) }).count()).toBe(1);
      await screenshot(page, 'allot-console-sessions-per-module');

      // Ending Alex's session from the lab row ends it whole: both of Alex's rows go.
      const labRow = alexRows.filter({ hasText: 'fm:lab' });
      await labRow.getByRole('button', { name: 'End session' }).click();
      await labRow.getByRole('button', { name: 'Yes, end session' }).click();
      await page.getByRole('status').filter({ hasText: `Ended the session of ${alex.email}` }).waitFor();
      await expect.poll(() => alexRows.count()).toBe(0);
      await expect.poll(() => page.getByTestId('module-usage').allTextContents()).toEqual(['fm:desk 1 / 2', 'fm:lab 0 / 2']);

      // A seat holds a module without counting: the session names the seat license, and the pair stays at 1 / 2.
      const seat = await vendor('POST', `/v1/tenants/${tenantId}/licenses`, { code: 'fm-lab-seat', name: 'Lab seat', model: 'named', product: 'fm', modules: ['lab'], quantity: 1 });
      await vendor('POST', `/v1/tenants/${tenantId}/licenses/${seat.id}/assignments`, { userIds: [ids[alex.email]] });
      const seated = await openSession(ids[alex.email] ?? '', ['fm:lab']);
      expect(seated.body.modules[0]).toMatchObject({ module: 'fm:lab', licenseId: seat.id });

      // The Sessions page counts the license by its busiest module, and names each session's licenses.
      await tenantNav(page).getByRole('link', { name: 'Sessions' }).click();
      const usage = page.getByRole('table', { name: 'Concurrent license usage' }).getByRole('row', { name: /fm-pair/ });
      await expect.poll(() => usage.getByTestId('usage').textContent()).toBe('1 / 2');
      const alexLive = page.getByRole('table', { name: 'Live sessions' }).getByRole('row', { name: new RegExp(alex.email) }).filter({ hasText: 'fm:lab' });
      await expect.poll(() => alexLive.textContent()).toContain('fm-lab-seat');
      await logOut(page);
    },
    generous,
  );
});
