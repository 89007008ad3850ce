import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callNode, type ServerProcess } from '../../../test-support/processes.js';
import { consoleSuite, generous, logInAsUser, logInWithKey, logOut, overflowing, screenshot } from './support.js';

// The wait queue and borrowed seats on the sessions page, against a real `allot serve`: an
// application opens, borrows and waits through the API on a sandbox tenant; the vendor sets how
// long a license may be borrowed, and the owner sees who waits and which seats are out.

const adminToken = 'queue-test-admin-token-0123456789';
const customerCode = `WAIT-${Date.now().toString(36).toUpperCase()}`;
// 10:00 in Berlin on 6 March 2024.
const clock = '2024-03-06T09:00:00Z';
const owner = { email: 'wanda.owner@example.com', name: 'Wanda Owner', password: 'waiting in line since 2024', roles: ['owner'] };
const people = ['ann', 'ben', 'cem', 'dan'].map((name) => ({ email: `${name}@lab.example.com`, name, roles: ['member'] }));

describe('waiting and borrowed seats in the console', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let server: ServerProcess;
  let page: Page;
  let tenantId = '';
  let appKey = '';
  let benchId = '';
  const ids: Record<string, string> = {};
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const app = (method: string, rest: string, body?: unknown) => callNode(server.url, method, path(rest), appKey, body);

  beforeAll(async () => {
    ({ server, page } = ui);
    await vendor('POST', '/v1/products', { code: 'lab', name: 'Lab', modules: [{ code: 'bench', name: 'Bench' }, { code: 'scope', name: 'Microscope' }] });
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Queue Test Labs', customerCode, timeZone: 'Europe/Berlin', mode: 'sandbox', clock })).id;
    for (const person of [owner, ...people]) ids[person.email] = (await vendor('POST', path('/users'), person)).id;
    appKey = (await vendor('POST', path('/api-keys'), { kind: 'app', name: 'Lab app' })).key;
    benchId = (await vendor('POST', path('/licenses'), { code: 'bench', name: 'Lab bench', model: 'concurrent', product: 'lab', modules: ['bench'], quantity: 1, maxBorrowDays: 3 })).id;
    await vendor('POST', path('/licenses'), { code: 'scope', name: 'Microscope', model: 'concurrent', product: 'lab', modules: ['scope'], quantity: 1 });
  }, generous);

  it(
    'the vendor reads and changes how many days a concurrent license may be borrowed',
    async () => {
      await page.goto('/');
      await logInWithKey(page, adminToken);
      await page.goto(`/tenants/${tenantId}/licenses/${benchId}`);
      await page.getByRole('heading', { name: 'Lab bench' }).waitFor();
      expect(await page.getByTestId('borrowing').textContent()).toContain('up to 3 days');
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const edit = page.getByRole('form', { name: 'Edit license' });
      const days = edit.getByLabel('Borrowing (days)');
      expect(await days.inputValue()).toBe('3');
      // More than a year is out of range before anything is sent.
      await days.fill('400');
      expect(await days.evaluate((input: HTMLInputElement) => input.validity.rangeOverflow)).toBe(true);
      await days.fill('5');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved the license.' }).waitFor();
      expect(await page.getByTestId('borrowing').textContent()).toContain('up to 5 days');
      await logOut(page);
    },
    generous,
  );

  it(
    'the owner sees who waits in which position, the borrowed seat until its day, and the queue per license',
    async () => {
      const [ann, ben, cem, dan] = people.map((person) => ids[person.email] ?? '') as [string, string, string, string];
      const held = await app('POST', '/sessions', { userId: ann, modules: ['lab:bench'] });
      expect(held.status).toBe(201);
      expect((await app('POST', `/sessions/${held.body.id}/borrow`, { until: '2024-03-08' })).status).toBe(201);
      expect((await app('POST', '/sessions', { userId: ben, modules: ['lab:scope'] })).status).toBe(201);
      expect((await app('POST', '/sessions', { userId: cem, modules: ['lab:bench'], wait: true })).body).toMatchObject({ position: 1 });
      expect((await app('POST', '/sessions', { userId: dan, modules: ['lab:bench'], wait: true })).body).toMatchObject({ position: 2 });
      expect((await app('POST', '/sessions', { userId: dan, modules: ['lab:scope'], wait: true })).body).toMatchObject({ position: 1 });
      // Someone who does not wait is told how many do.
      const refused = await app('POST', '/sessions', { userId: ids[owner.email], modules: ['lab:bench'] });
      expect(refused.body).toMatchObject({ code: 'concurrency_limit', queueLength: 2 });

      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto('/');
      await logInAsUser(page, customerCode, owner.email, owner.password);
      await page.getByRole('heading', { name: 'Queue Test Labs' }).waitFor();
      await page.goto(`/tenants/${tenantId}/sessions`);
      await page.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();

      await expect.poll(() => page.getByLabel('Session figures').locator('.stat-value').allTextContents()).toEqual(['3', '1']);
      const queue = page.getByRole('table', { name: 'Wait queue' });
      // The names come with the tenant's users, which may land after the queue itself.
      await expect.poll(() => queue.getByRole('row').allTextContents()).toEqual([
        'PositionUserModulesWaiting sinceState',
        '1cem@lab.example.comlab:bench10:00:00Waiting',
        '2dan@lab.example.comlab:bench10:00:00Waiting',
        '1dan@lab.example.comlab:scope10:00:00Waiting',
      ]);
      const borrowed = page.getByRole('table', { name: 'Borrowed seats' });
      await expect.poll(() => borrowed.getByRole('row').allTextContents()).toEqual(['UserModulesBorrowedUntil', 'ann@lab.example.comlab:bench06 Mar 2024, 10:00:00 CET08 Mar 2024']);
      const usage = page.getByRole('table', { name: 'Concurrent license usage' });
      expect(await usage.getByRole('row', { name: /Lab bench/ }).getByTestId('queue-length').textContent()).toBe('2');
      expect(await usage.getByRole('row', { name: /Microscope/ }).getByTestId('queue-length').textContent()).toBe('1');
      await screenshot(page, 'allot-console-sessions-queue-1366');

      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'allot-console-sessions-queue-390');
      expect(await overflowing(page)).toEqual([]);
      await page.setViewportSize({ width: 1366, height: 900 });

      // Each license's page lists its own waiters and borrowed seats.
      await usage.getByRole('link', { name: 'Lab bench' }).click();
      await page.getByRole('heading', { name: 'Lab bench' }).waitFor();
      const benchQueue = page.getByRole('table', { name: 'Wait queue' });
      await expect.poll(() => benchQueue.getByRole('row').count()).toBe(3);
      expect(await benchQueue.textContent()).not.toContain('lab:scope');
      // The borrowed seats load on their own: wait for them rather than read the table while it loads.
      await expect.poll(() => page.getByRole('table', { name: 'Borrowed seats' }).textContent()).toContain('ann@lab.example.com');
      await page.goto(`/tenants/${tenantId}/sessions`);
      await usage.getByRole('link', { name: 'Microscope' }).click();
      await page.getByRole('heading', { name: 'Microscope' }).waitFor();
      await expect.poll(() => page.getByRole('table', { name: 'Wait queue' }).getByRole('row').allTextContents()).toEqual([
        'PositionUserModulesWaiting sinceState',
        '1dan@lab.example.comlab:scope10:00:00Waiting',
      ]);
      await page.getByRole('table', { name: 'Borrowed seats' }).getByText('No seat is borrowed.').waitFor();
      await logOut(page);
    },
    generous,
  );
});
