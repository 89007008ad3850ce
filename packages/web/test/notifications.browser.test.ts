import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callNode } from '../../../test-support/processes.js';
import { consoleSuite, generous, logInAsUser, logInWithKey, logOut, screenshot } from './support.js';

// The notification bell, end to end against a real `allot serve`: a threshold crossing and an
// expiry notice reach the owner's bell through the server's own jobs; the owner reads them in the
// panel, follows one to its license, and marks them read.

const adminToken = 'notifications-test-admin-token-0123456789';
const customerCode = `BELL-${Date.now().toString(36).toUpperCase()}`;
const anna = { email: 'anna.owner@example.com', name: 'Anna Owner', password: 'bells ring twice 2025', roles: ['owner'] };

describe('the notification bell', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let page: Page;
  let tenantId = '';
  let annaId = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ page } = ui);
    await vendor('POST', '/v1/products', { code: 'crm', name: 'CRM Suite', modules: [{ code: 'core', name: 'Core' }] });
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Bell Test AG', customerCode, mode: 'sandbox', clock: '2025-03-01T09:00:00Z', timeZone: 'Europe/Berlin' })).id;
    const t = `/v1/tenants/${tenantId}`;
    annaId = (await vendor('POST', `${t}/users`, anna)).id;
    ids.seats = (await vendor('POST', `${t}/licenses`, { code: 'CRM-N', name: 'CRM named users', model: 'named', product: 'crm', quantity: 2, thresholdPercent: 50 })).id;
    ids.term = (await vendor('POST', `${t}/licenses`, { code: 'CRM-T', name: 'CRM term', model: 'named', product: 'crm', quantity: 5, validUntil: '2025-03-05' })).id;
    // Half the seats taken: the threshold is reached. Moving the clock runs the expiry job: 7 days or fewer are left.
    await vendor('POST', `${t}/licenses/${ids.seats}/assignments`, { userIds: [annaId] });
    await vendor('POST', `${t}/clock`, { advanceBy: 'PT1M' });
  }, generous);

  it(
    'shows the unread count, lists what happened with a link to the license, and marks read one by one and all at once',
    async () => {
      // The server's in-app job fans the events out within seconds.
      await expect
        .poll(async () => (await vendor('GET', `/v1/tenants/${tenantId}/notifications?userId=${annaId}`)).unread, { timeout: 20_000, interval: 250 })
        .toBe(2);
      await page.goto('/');
      await logInAsUser(page, customerCode, anna.email, anna.password);
      await page.getByRole('heading', { name: 'Bell Test AG' }).waitFor();

      const bell = page.getByRole('button', { name: 'Notifications, 2 unread' });
      await bell.waitFor();
      expect(await bell.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('unread-count').textContent()).toBe('2');
      await bell.click();
      expect(await bell.getAttribute('aria-expanded')).toBe('true');
      const panel = page.getByRole('dialog', { name: 'Notifications' });
      const items = panel.getByRole('listitem');
      await expect.poll(() => items.count()).toBe(2);
      const expiring = panel.getByRole('listitem', { name: 'Unread: License CRM-T expires in 5 days' });
      expect(await expiring.textContent()).toContain('CRM term (CRM-T) is valid through 2025-03-05. Renew it before then');
      const threshold = panel.getByRole('listitem', { name: 'Unread: License CRM-N is 50% used' });
      expect(await threshold.textContent()).toContain('1 of 2 in use');
      await screenshot(page, 'allot-console-notifications-panel');

      // One marked read: the count follows.
      await panel.getByRole('button', { name: 'Mark read: License CRM-T expires in 5 days' }).click();
      await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
      await panel.getByRole('listitem', { name: 'License CRM-T expires in 5 days' }).waitFor();

      // Following a notification opens its license, closes the panel and marks it read.
      await threshold.getByRole('link', { name: 'License CRM-N is 50% used' }).click();
      await page.getByRole('heading', { name: 'CRM named users' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}/licenses/${ids.seats}`);
      expect(await panel.count()).toBe(0);
      await page.getByRole('button', { name: 'Notifications, 0 unread' }).waitFor();
      expect(await page.getByTestId('unread-count').count()).toBe(0);

      // Escape closes the panel and gives the focus back to the bell.
      const quiet = page.getByRole('button', { name: 'Notifications, 0 unread' });
      await quiet.click();
      await panel.waitFor();
      expect(await panel.getByRole('button', { name: 'Mark all read' }).isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
      expect(await panel.count()).toBe(0);
      expect(await quiet.evaluate((element) => element === document.activeElement)).toBe(true);
    },
    generous,
  );

  it(
    'marks everything read at once',
    async () => {
      const t = `/v1/tenants/${tenantId}`;
      // The term ends: a new notice.
      await vendor('POST', `${t}/clock`, { to: '2025-03-06T00:00:00Z' });
      await expect.poll(async () => (await vendor('GET', `${t}/notifications?userId=${annaId}`)).unread, { timeout: 20_000, interval: 250 }).toBe(1);

      await page.goto('/');
      await logInAsUser(page, customerCode, anna.email, anna.password);
      const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
      await bell.click();
      const panel = page.getByRole('dialog', { name: 'Notifications' });
      await panel.getByRole('listitem', { name: 'Unread: License CRM-T has expired' }).waitFor();
      // On a phone the bell starts its line at the left; the panel opens within the screen, not past either edge.
      await page.setViewportSize({ width: 390, height: 844 });
      const box = await panel.boundingBox();
      expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 999)).toBeLessThanOrEqual(390);
      await screenshot(page, 'allot-console-notifications-panel-390');
      await page.setViewportSize({ width: 1366, height: 900 });
      await panel.getByRole('button', { name: 'Mark all read' }).click();
      await page.getByRole('button', { name: 'Notifications, 0 unread' }).waitFor();
      expect(await panel.getByRole('listitem', { name: /^Unread: / }).count()).toBe(0);
      // A key belongs to no one: its session has no bell, and the API asks it to name the user.
      const ownerKey = (await vendor('POST', `${t}/api-keys`, { kind: 'admin', roles: ['owner'] })).key as string;
      await logOut(page);
      await logInWithKey(page, ownerKey);
      await page.getByTestId('who').waitFor();
      expect(await page.getByRole('button', { name: /^Notifications/ }).count()).toBe(0);
      const unnamed = await callNode(ui.server.url, 'GET', `${t}/notifications`, ownerKey);
      expect(unnamed.status).toBe(400);
      expect(unnamed.body).toMatchObject({ code: 'invalid_request', field: 'userId' });
    },
    generous,
  );
});
