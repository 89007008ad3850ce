import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callNode, type ServerProcess } from '../../../test-support/processes.js';
import { consoleSuite, expectNoSeriousAxeViolations, generous, logInWithKey, logOut, overflowing, screenshot, tenantNav } from './support.js';

// Device term licenses and consumption licenses in the console, end to end against a real
// `allot serve`. Devices: the vendor issues a key in the console, registers it in a sandbox tenant
// (the terms must be accepted), adds a device, assigns the license, moves the test clock through the
// API and detaches, and finds LANCOM's remainder in the pool. Consumption: a hits license granted in
// the console shows the hits an application records through the API; data, volume and active-user
// licenses show their own units and views.

const adminToken = 'devices-test-admin-token-0123456789';
const stamp = Date.now().toString(36).toUpperCase();
const lmc = { name: 'LMC Test GmbH', customerCode: `LMC-${stamp}` };
const planon = { name: 'Planon Test BV', customerCode: `PLN-${stamp}` };
const fleet = { name: 'LMC Fleet KG', customerCode: `FLT-${stamp}` };
const keyPattern = /^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){4}$/;

describe('device and consumption licensing in the console', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let server: ServerProcess;
  let page: Page;
  let lmcId = '';
  let planonId = '';
  let appKey = '';
  let alexId = '';

  /** What a banner of the page says once it has appeared. */
  async function notice(text: string): Promise<void> {
    await page.getByRole('status').filter({ hasText: text }).waitFor();
  }

  beforeAll(async () => {
    ({ server, page } = ui);

    await vendor('POST', '/v1/products', {
      code: 'fm',
      name: 'Facilities',
      modules: [
        { code: 'space', name: 'Space planning' },
        { code: 'reports', name: 'Reports' },
      ],
    });
    // LANCOM's example: a 365-day license assigned on 31 Jan 2024 runs until 30 Jan 2025.
    lmcId = (await vendor('POST', '/v1/tenants', { ...lmc, timeZone: 'Europe/Berlin', mode: 'sandbox', clock: '2024-01-31T10:00:00Z' })).id;
    planonId = (await vendor('POST', '/v1/tenants', { ...planon, timeZone: 'Europe/Berlin', mode: 'sandbox', clock: '2024-03-06T10:00:00Z' })).id;
    appKey = (await vendor('POST', `/v1/tenants/${planonId}/api-keys`, { kind: 'app', name: 'Self-Service' })).key;
    alexId = (await vendor('POST', `/v1/tenants/${planonId}/users`, { email: 'alex.planner@example.com', name: 'Alex Planner', roles: ['member'] })).id;
  }, generous);

  it(
    'the vendor issues a key, registers it once the terms are accepted, licenses a device, detaches it and finds the remainder in the pool',
    async () => {
      await page.goto(`/tenants/${lmcId}`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: lmc.name }).waitFor();
      await tenantNav(page).getByRole('link', { name: 'Devices' }).click();
      await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
      await page.getByRole('table', { name: 'Devices' }).getByText('No devices yet.').waitFor();

      // Issue a key of one 365-day license; it is shown once, in a copy box.
      await page.getByRole('button', { name: 'Issue license key' }).click();
      const issue = page.getByRole('form', { name: 'Issue license key' });
      await issue.getByLabel('Category').fill('LMC-B');
      await issue.getByLabel('Term').selectOption('365');
      await issue.getByLabel('Licenses').fill('1');
      await issue.getByRole('button', { name: 'Issue license key' }).click();
      const issued = page.getByRole('region', { name: 'Issued license key' });
      await issued.waitFor();
      expect(await issued.textContent()).toContain('1 LMC-B license of 1 year (365 days)');
      const key = await issued.getByLabel('New license key').inputValue();
      expect(key).toMatch(keyPattern);
      await screenshot(page, 'allot-console-devices-key');
      await issued.getByRole('button', { name: 'I have copied the key' }).click();

      // Register it: refused until the license terms are accepted.
      await page.getByRole('button', { name: 'Register license key' }).click();
      const register = page.getByRole('form', { name: 'Register license key' });
      await register.getByLabel('License key').fill(key);
      await register.getByRole('button', { name: 'Register key' }).click();
      const terms = register.getByRole('alert').filter({ hasText: 'Accept the license terms to register a key.' });
      await terms.waitFor();
      await screenshot(page, 'allot-console-devices-terms');
      await register.getByLabel('License terms accepted').check();
      await register.getByRole('button', { name: 'Register key' }).click();
      await notice(`Registered key ${key}: 1 LMC-B license of 1 year entered the pool.`);
      const available = page.getByRole('table', { name: 'Available device licenses' });
      const pooled = available.getByRole('row', { name: new RegExp(key) });
      await pooled.waitFor();
      expect(await pooled.textContent()).toContain('LMC-B');
      expect(await pooled.textContent()).toContain('1 year');

      // A key registers once.
      const again = await callNode(server.url, 'POST', `/v1/tenants/${lmcId}/license-keys`, adminToken, { key, termsAccepted: true });
      expect(again.status).toBe(409);

      // The License keys tab lists the registered key: hidden until asked for, with who registered it and when.
      await page.getByRole('tab', { name: 'License keys' }).click();
      const keys = page.getByRole('table', { name: 'License keys' });
      const [first, , , , last] = key.split('-');
      const keyRow = keys.getByRole('row', { name: new RegExp(`${first}-•••••-•••••-•••••-${last}`) });
      await keyRow.waitFor();
      expect(await keyRow.textContent()).not.toContain(key);
      for (const text of ['LMC-B', '1 year', 'Admin token', '31 Jan 2024']) expect(await keyRow.textContent()).toContain(text);
      await page.getByLabel('Show keys').check();
      await keys.getByRole('row', { name: new RegExp(key) }).waitFor();
      await screenshot(page, 'allot-console-devices-license-keys');
      await page.getByRole('tab', { name: 'Available' }).click();

      // Add a device: it runs no license.
      await page.getByRole('button', { name: 'Add device' }).click();
      const add = page.getByRole('form', { name: 'Add device' });
      await add.getByLabel('Device name').fill('GW Berlin');
      await add.getByLabel('Serial number').fill('4001234567');
      await add.getByLabel('Device model').fill('LANCOM 1900EF');
      await add.getByRole('button', { name: 'Add device' }).click();
      await notice('Added the device GW Berlin. It runs no license yet.');
      const devices = page.getByRole('table', { name: 'Devices' });
      const gateway = devices.getByRole('row', { name: /GW Berlin/ });
      await gateway.waitFor();
      expect(await gateway.textContent()).toContain('4001234567');
      expect(await gateway.textContent()).toContain('No license');

      // Assign the license automatically; the dialog says how long it will run.
      await gateway.getByRole('button', { name: 'Assign license' }).click();
      const assign = page.getByRole('dialog', { name: 'Assign license to GW Berlin' });
      await assign.waitFor();
      await expect.poll(() => assign.getByTestId('assign-preview').textContent()).toBe('Takes 1 license, 365 days: valid until 30 Jan 2025.');
      expect(await assign.textContent()).toContain('the term starts today, 31 Jan 2024');
      await screenshot(page, 'allot-console-devices-assign-auto');
      // Choosing the license by hand comes to the same.
      await assign.getByRole('radio', { name: 'Choose licenses' }).click();
      await assign.getByRole('checkbox', { name: new RegExp(key) }).check();
      await expect.poll(() => assign.getByTestId('assign-preview').textContent()).toBe('Takes 1 license, 365 days: valid until 30 Jan 2025.');
      await screenshot(page, 'allot-console-devices-assign');
      await assign.getByRole('button', { name: 'Assign licenses' }).click();
      await notice('Assigned: GW Berlin is licensed until 30 Jan 2025.');
      expect(await assign.count()).toBe(0);
      await expect.poll(() => gateway.getByTestId('device-license').textContent()).toBe('valid until 30 Jan 2025');
      await page.getByRole('tab', { name: 'Assigned' }).click();
      const running = page.getByRole('table', { name: 'Assigned device licenses' }).getByRole('row', { name: new RegExp(key) });
      await running.waitFor();
      expect(await running.textContent()).toContain('GW Berlin');
      expect(await running.textContent()).toContain('30 Jan 2025');
      await screenshot(page, 'allot-console-devices-list');

      // Five weeks later (through the API) the license is detached: 330 days to its end, less 3.
      await vendor('POST', `/v1/tenants/${lmcId}/clock`, { to: '2024-03-06T10:00:00Z' });
      await gateway.getByRole('button', { name: 'Detach' }).click();
      const detach = page.getByRole('dialog', { name: 'Detach license from GW Berlin' });
      await detach.waitFor();
      await expect.poll(() => detach.getByTestId('detach-preview').textContent()).toBe('327 days');
      const sum = detach.getByRole('table', { name: 'Remaining time' });
      expect(await sum.getByRole('row', { name: /Days from today/ }).textContent()).toContain('Days from today (06 Mar 2024) to 30 Jan 2025330');
      expect(await detach.textContent()).toContain('not as the licenses it was made of');
      await screenshot(page, 'allot-console-devices-detach');
      await detach.getByRole('button', { name: 'Detach', exact: true }).click();
      await notice('Detached the license from GW Berlin: 327 days back to the pool as one LMC-B license.');
      await expect.poll(() => gateway.textContent()).toContain('No license');
      // The top bar shows the moved clock, read again for the dialog.
      expect(await page.getByRole('banner').textContent()).toContain('06 Mar 2024');

      // The remainder is in the pool: one license of 327 days, not the original.
      await page.getByRole('tab', { name: 'Available' }).click();
      const remainder = available.getByRole('row', { name: /Remainder/ });
      await remainder.waitFor();
      expect(await remainder.textContent()).toContain('LMC-B');
      expect(await remainder.textContent()).toContain('327 days');
      expect(await available.getByRole('row', { name: new RegExp(key) }).count()).toBe(0);
      await screenshot(page, 'allot-console-devices-pool');

      // The vendor moves it to another tenant.
      await remainder.getByRole('button', { name: 'Transfer' }).click();
      const transfer = page.getByRole('form', { name: /^Transfer / });
      await transfer.getByLabel('Target tenant').selectOption({ label: `${planon.name} (${planon.customerCode})` });
      await screenshot(page, 'allot-console-devices-transfer');
      await transfer.getByRole('button', { name: 'Transfer license' }).click();
      await notice(`Moved the LMC-B license of 327 days to ${planon.name}.`);
      await available.getByText('The pool is empty.').waitFor();
      const moved = await vendor('GET', `/v1/tenants/${planonId}/device-licenses?state=available`);
      expect(moved.items.map((l: { termDays: number; origin: string }) => [l.termDays, l.origin])).toEqual([[327, 'remainder']]);
      await logOut(page);
    },
    generous,
  );

  it(
    'a hits license granted in the console shows the hits an application records, per day and per year, with a CSV',
    async () => {
      await page.goto(`/tenants/${planonId}/licenses`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Licenses', exact: true }).waitFor();

      await page.getByRole('button', { name: 'Grant license' }).click();
      const grant = page.getByRole('form', { name: 'Grant license' });
      await grant.getByLabel('License code').fill('fm-hits');
      await grant.getByLabel('License name').fill('Self-Service hits');
      await grant.getByLabel('Model').selectOption({ label: 'Hits per year' });
      await grant.getByLabel('Product', { exact: true }).selectOption('fm');
      await grant.getByLabel('Hits per year', { exact: true }).fill('1000');
      await grant.getByLabel('Bundle').selectOption('query');
      await screenshot(page, 'allot-console-devices-grant-hits');
      await grant.getByRole('button', { name: 'Grant license' }).click();
      await page.getByRole('heading', { name: 'Self-Service hits' }).waitFor();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('0 / 1,000');
      expect(await page.getByTestId('bundle').textContent()).toBe('Query bundle: lists and reports');
      // Editing keeps the model's own words for the quantity.
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const edit = page.getByRole('form', { name: 'Edit license' });
      expect(await edit.getByLabel('Hits per year', { exact: true }).inputValue()).toBe('1000');
      await edit.getByRole('button', { name: 'Cancel' }).click();

      // The application records hits with its key: 5 queries count, a transaction is not in the bundle.
      const recorded = await callNode(server.url, 'POST', `/v1/tenants/${planonId}/usage/hits`, appKey, {
        events: [
          { module: 'fm:space', kind: 'query', count: 5 },
          { module: 'fm:space', kind: 'transaction', count: 2 },
        ],
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
      expect(recorded.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'not_licensed']);

      const days = page.getByRole('region', { name: 'Hits per day' });
      await days.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('5 / 1,000');
      const day = days.getByRole('table', { name: 'Hits per day' }).getByRole('row', { name: /06 Mar 2024/ });
      await day.waitFor();
      expect(await day.textContent()).toBe('06 Mar 20245');
      expect(await page.getByTestId('hit-range-total').textContent()).toBe('01 Mar 2024 – 31 Mar 2024: 5 hits on 1 day');
      const year = page.getByRole('table', { name: 'Hits per year' }).getByRole('row', { name: /2024/ });
      expect((await year.textContent())?.replace(/\s+/g, ' ')).toBe('2024This year50.5%995');
      expect(await page.getByTestId('usage-left').textContent()).toBe('995 hits left this year');
      await screenshot(page, 'allot-console-devices-hits');

      // The CSV carries the range.
      const href = await days.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
      expect(href).toContain('from=2024-03-01');
      expect(href).toContain('to=2024-03-31');
      const csv = await page.evaluate(async (url) => (await fetch(url ?? '')).text(), href);
      expect(csv).toContain('2024-03-06,5');

      // Another range: February had no hits.
      const range = page.getByRole('form', { name: 'Hit day range' });
      await range.getByLabel('From').fill('2024-02-01');
      await range.getByLabel('To').fill('2024-02-29');
      await range.getByRole('button', { name: 'Show' }).click();
      await days.getByText('No hits in this range.').waitFor();

      // The list shows the usage in its units.
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      const row = page.getByRole('table', { name: 'Licenses' }).getByRole('row', { name: /fm-hits/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('Hits per year');
      expect(await row.textContent()).toContain('5 / 1,000');
      expect(await row.textContent()).toContain('hits this year');
      await logOut(page);
    },
    generous,
  );

  it(
    'data, volume and active-user licenses show MB of GB, objects with volume_exceeded, and linked users',
    async () => {
      const base = `/v1/tenants/${planonId}`;
      const data = await vendor('POST', `${base}/licenses`, { code: 'fm-data', name: 'Analytics data', model: 'data', product: 'fm', quantity: 2 });
      const volume = await vendor('POST', `${base}/licenses`, { code: 'fm-sites', name: 'Property sets', model: 'volume', product: 'fm', quantity: 1, objectKind: 'property_set', countedStatuses: ['active'] });
      await vendor('POST', `${base}/licenses`, { code: 'fm-active', name: 'Active reporting users', model: 'active_user', product: 'fm', modules: ['reports'], quantity: 3, retentionDays: 30 });
      expect((await callNode(server.url, 'POST', `${base}/usage/data`, appKey, { licenseId: data.id, kilobytes: 1500 })).status).toBe(200);
      expect((await callNode(server.url, 'POST', `${base}/access`, appKey, { userId: alexId, module: 'fm:reports' })).body).toMatchObject({ allowed: true, code: 'active_user' });

      await page.goto(`/tenants/${planonId}/licenses`);
      await logInWithKey(page, adminToken);
      const list = page.getByRole('table', { name: 'Licenses' });
      await list.getByRole('row', { name: /fm-data/ }).waitFor();
      expect(await list.getByRole('row', { name: /fm-data/ }).textContent()).toContain('1 MB / 2 GB');
      expect(await list.getByRole('row', { name: /fm-sites/ }).textContent()).toContain('0 / 1');
      expect(await list.getByRole('row', { name: /fm-active/ }).textContent()).toContain('1 / 3');
      expect(await list.getByRole('row', { name: /fm-active/ }).textContent()).toContain('users linked');
      await screenshot(page, 'allot-console-devices-licenses');

      // Data: ticks, carried KB and MB left.
      await list.getByRole('link', { name: 'Analytics data' }).click();
      await page.getByRole('heading', { name: 'Analytics data' }).waitFor();
      await expect.poll(() => page.getByTestId('total-ticks').textContent()).toBe('1 MB');
      expect(await page.getByTestId('carried-kilobytes').textContent()).toBe('500 KB');
      expect(await page.getByTestId('megabytes-left').textContent()).toBe('1,999 MB');
      await screenshot(page, 'allot-console-devices-data');

      // Volume: one counted object fits, a second is refused; an uncounted status is fine.
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      await list.getByRole('link', { name: 'Property sets' }).click();
      await page.getByRole('heading', { name: 'Property sets' }).waitFor();
      const register = page.getByRole('form', { name: 'Register object' });
      await register.getByLabel('Reference').fill('PS-1');
      await register.getByLabel('Status').fill('active');
      await register.getByRole('button', { name: 'Register object' }).click();
      await notice('Registered PS-1 with status active; it counts.');
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('1 / 1');
      await register.getByLabel('Reference').fill('PS-2');
      await register.getByLabel('Status').fill('active');
      await register.getByRole('button', { name: 'Register object' }).click();
      const exceeded = page.getByRole('alert').filter({ hasText: 'Volume exceeded: 1 of 1 counted' });
      await exceeded.waitFor();
      expect(await exceeded.textContent()).toContain('License fm-sites counts 1 of 1 property_set');
      await screenshot(page, 'allot-console-devices-volume');
      await register.getByLabel('Status').fill('archived');
      await register.getByRole('button', { name: 'Register object' }).click();
      await notice('Registered PS-2 with status archived; it does not count.');
      const objects = page.getByRole('table', { name: 'Objects' });
      const second = objects.getByRole('row', { name: /PS-2/ });
      await second.waitFor();
      expect(await second.textContent()).toContain('Not counted');
      // Moving it into a counted status is checked the same way.
      await second.getByRole('button', { name: 'Change status' }).click();
      const move = page.getByRole('form', { name: 'Change status of PS-2' });
      await move.getByLabel('New status').fill('active');
      await move.getByRole('button', { name: 'Save status' }).click();
      await move.getByRole('alert').filter({ hasText: 'Volume exceeded' }).waitFor();
      await move.getByRole('button', { name: 'Cancel' }).click();
      await objects.getByRole('row', { name: /PS-1/ }).getByRole('button', { name: 'Remove' }).click();
      await page.getByRole('button', { name: 'Yes, remove' }).click();
      await notice('Removed PS-1; it no longer counts.');
      await expect.poll(() => page.getByTestId('usage').textContent()).toBe('0 / 1');

      // Active users: who is linked, with last access and days left.
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      await list.getByRole('link', { name: 'Active reporting users' }).click();
      const linked = page.getByRole('table', { name: 'Linked users' }).getByRole('row', { name: /alex.planner@example.com/ });
      await linked.waitFor();
      expect(await linked.textContent()).toContain('30 days');
      expect(await page.getByRole('definition').filter({ hasText: '30 days after the last access' }).count()).toBe(1);
      await screenshot(page, 'allot-console-devices-active-users');
      // The retention can change; the pool size keeps its own label.
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const edit = page.getByRole('form', { name: 'Edit license' });
      expect(await edit.getByLabel('Pool size (users)', { exact: true }).inputValue()).toBe('3');
      await edit.getByLabel('Retention (days)').fill('45');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await notice('Saved the license.');
      await page.getByRole('definition').filter({ hasText: '45 days after the last access' }).waitFor();
      expect(volume.objectKind).toBe('property_set');
      await logOut(page);
    },
    generous,
  );

  it(
    'the devices page counts licensed devices, colours the days left, lists expired keys, opens the assignment from "No license" and assigns to selected devices at once, at 1366 and 390 px',
    async () => {
      // Built through the API on a sandbox clock: Dresden's license ran out on 30 Jan 2025, Cologne's ends 19 Feb 2025.
      const fleetId = (await vendor('POST', '/v1/tenants', { ...fleet, timeZone: 'Europe/Berlin', mode: 'sandbox', clock: '2024-01-31T10:00:00Z' })).id;
      const base = `/v1/tenants/${fleetId}`;
      const register = async (termDays: number, count: number) => {
        const issued = await vendor('POST', '/v1/license-keys', { category: 'LMC-B', termDays, count });
        return vendor('POST', `${base}/license-keys`, { key: issued.key, termsAccepted: true });
      };
      const addDevice = (name: string, serial: string) => vendor('POST', `${base}/devices`, { name, serial, model: 'LANCOM LN-1700' });
      const dresdenKey = await register(365, 1);
      const dresden = await addDevice('SW Dresden', '4000000001');
      await vendor('POST', `${base}/devices/${dresden.id}/license`, { deviceLicenseIds: [dresdenKey.licenses[0].id] });
      await vendor('POST', `${base}/clock`, { to: '2024-02-20T10:00:00Z' });
      const cologneKey = await register(365, 1);
      const cologne = await addDevice('GW Cologne', '4000000002');
      await vendor('POST', `${base}/devices/${cologne.id}/license`, { deviceLicenseIds: [cologneKey.licenses[0].id] });
      await vendor('POST', `${base}/clock`, { to: '2025-02-05T10:00:00Z' });
      const pairKey = await register(365, 2);
      await register(1095, 1);
      for (const [name, serial] of [['AP Hamburg', '4000000003'], ['AP Munich', '4000000004'], ['AP Kiel', '4000000005']] as const) await addDevice(name, serial);

      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`/tenants/${fleetId}/devices`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
      const figures = async () => ({
        licensed: await page.getByTestId('licensed-devices').textContent(),
        unlicensed: await page.getByTestId('unlicensed-devices').textContent(),
        expiring: await page.getByTestId('expiring-devices').textContent(),
        pooled: await page.getByTestId('pooled-licenses').textContent(),
      });
      await expect.poll(figures).toEqual({ licensed: '1', unlicensed: '4', expiring: '1', pooled: '3' });

      // Days left to the last day, in the tenant's calendar: 14 for Cologne (running out), Dresden expired.
      const devices = page.getByRole('table', { name: 'Devices' });
      const row = (name: string) => devices.getByRole('row', { name: new RegExp(name) });
      await row('AP Kiel').waitFor();
      const daysLeft = (name: string) => row(name).getByTestId('days-left').locator('.badge');
      expect(await daysLeft('GW Cologne').textContent()).toBe('14 days');
      expect(await daysLeft('GW Cologne').getAttribute('class')).toContain('badge-warning');
      expect(await daysLeft('SW Dresden').textContent()).toBe('expired');
      expect(await daysLeft('SW Dresden').getAttribute('class')).toContain('badge-danger');
      expect(await row('GW Cologne').getByTestId('device-license').locator('.badge').getAttribute('class')).toContain('badge-warning');
      expect(await row('AP Kiel').getByTestId('days-left').count()).toBe(0);

      // The License keys tab keeps the key whose license ran out, shown as expired.
      await page.getByRole('tab', { name: 'License keys' }).click();
      const keys = page.getByRole('table', { name: 'License keys' });
      await page.getByLabel('Show keys').check();
      const keyRow = (key: string) => keys.getByRole('row', { name: new RegExp(key) });
      await keyRow(dresdenKey.key.key).waitFor();
      expect(await keyRow(dresdenKey.key.key).textContent()).toContain('Expired');
      expect(await keyRow(cologneKey.key.key).textContent()).toContain('Active1 running');
      expect(await keyRow(pairKey.key.key).textContent()).toContain('Active2 in the pool');
      await screenshot(page, 'allot-console-devices-keys-expired');

      // "No license" opens the assignment for that device.
      await row('AP Kiel').getByRole('button', { name: 'No license' }).click();
      const single = page.getByRole('dialog', { name: 'Assign license to AP Kiel' });
      await single.waitFor();
      await single.getByRole('button', { name: 'Cancel' }).click();
      expect(await single.count()).toBe(0);

      // Select all chooses every device shown; two chosen get one license each, in one action.
      const selection = page.getByRole('group', { name: 'Device selection' });
      await selection.getByLabel('Select all devices on this page').check();
      await selection.getByRole('button', { name: 'Assign to 5 selected' }).waitFor();
      for (const name of ['SW Dresden', 'GW Cologne', 'AP Hamburg', 'AP Munich', 'AP Kiel']) expect(await devices.getByLabel(`Select ${name}`).isChecked()).toBe(true);
      await selection.getByLabel('Select all devices on this page').uncheck();
      await selection.getByRole('button', { name: 'Assign to selected' }).waitFor();
      expect(await selection.getByRole('button', { name: 'Assign to selected' }).isDisabled()).toBe(true);
      await devices.getByLabel('Select AP Hamburg').check();
      await devices.getByLabel('Select AP Munich').check();
      await selection.getByRole('button', { name: 'Assign to 2 selected' }).click();
      const bulk = page.getByRole('dialog', { name: 'Assign licenses to 2 selected devices' });
      await bulk.waitFor();
      await expect.poll(() => bulk.getByTestId('bulk-assign-preview').textContent()).toBe('Takes 2 licenses from the pool: 1 for each of 2 devices.');
      // More than the pool holds is said before sending (the server's refusal of the dry run).
      await bulk.getByLabel('Licenses per device').fill('3');
      await expect.poll(() => bulk.getByTestId('bulk-assign-preview').textContent()).toBe('The pool holds 3 matching licenses; 6 asked for (3 for each of 2 devices).');
      expect(await bulk.getByRole('button', { name: 'Assign licenses' }).isDisabled()).toBe(true);
      await bulk.getByLabel('Licenses per device').fill('1');
      // The end dates are the server's, from a dry run of the same assignment.
      await expect.poll(() => bulk.getByRole('list', { name: 'Valid until' }).getByRole('listitem').allTextContents()).toEqual(['AP Hamburg: valid until 05 Feb 2026', 'AP Munich: valid until 05 Feb 2026']);
      await expectNoSeriousAxeViolations(page);
      await screenshot(page, 'allot-console-devices-bulk-1366');
      await bulk.getByRole('button', { name: 'Assign licenses' }).click();
      await notice('Assigned 2 licenses to 2 devices: AP Hamburg until 05 Feb 2026, AP Munich until 05 Feb 2026.');
      await expect.poll(figures).toEqual({ licensed: '3', unlicensed: '2', expiring: '1', pooled: '1' });
      await expect.poll(() => daysLeft('AP Hamburg').textContent()).toBe('365 days');
      expect(await daysLeft('AP Hamburg').getAttribute('class')).toContain('badge-success');
      expect(await devices.getByLabel('Select AP Hamburg').isChecked()).toBe(false);
      await expectNoSeriousAxeViolations(page);
      await screenshot(page, 'allot-console-devices-lancom-1366');

      // At 390 px: the same counts, days left, selection and dialogs, nothing sticking out.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.getByTestId('licensed-devices').isVisible()).toBe(true);
      expect(await daysLeft('GW Cologne').isVisible()).toBe(true);
      expect(await overflowing(page)).toEqual([]);
      await screenshot(page, 'allot-console-devices-lancom-390');
      await row('AP Kiel').getByRole('button', { name: 'No license' }).click();
      await page.getByRole('dialog', { name: 'Assign license to AP Kiel' }).getByRole('button', { name: 'Cancel' }).click();
      await selection.getByLabel('Select all devices on this page').check();
      await selection.getByRole('button', { name: 'Assign to 5 selected' }).click();
      const phoneBulk = page.getByRole('dialog', { name: 'Assign licenses to 5 selected devices' });
      await phoneBulk.waitFor();
      await expect.poll(() => phoneBulk.getByTestId('bulk-assign-preview').textContent()).toBe('The pool holds 1 matching license; 5 asked for (1 for each of 5 devices).');
      expect(await overflowing(page)).toEqual([]);
      await expectNoSeriousAxeViolations(page);
      await screenshot(page, 'allot-console-devices-bulk-390');
      await phoneBulk.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('tab', { name: 'License keys' }).click();
      await keys.waitFor();
      expect(await keyRow(dresdenKey.key.key).getByText('Expired').isVisible()).toBe(true);
      expect(await overflowing(page)).toEqual([]);
      await screenshot(page, 'allot-console-devices-keys-390');
      await page.setViewportSize({ width: 1366, height: 900 });
      await logOut(page);
    },
    generous,
  );
});
