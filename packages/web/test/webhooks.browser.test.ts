import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@allot/core';
import { startReceiver, type Receiver } from '../../../test-support/webhook-receiver.js';
import { consoleSuite, generous, logInWithKey, logOut, screenshot, tenantNav } from './support.js';

// Webhooks in the console, end to end against a real `allot serve` and a receiver on this machine:
// the vendor adds one to a tenant (the secret is shown once), sends a ping and reads it delivered
// in the log, sends it again, disables, enables and deletes it; a tenant owner is refused an
// internal address under the URL field.

const adminToken = 'webhooks-test-admin-token-0123456789';
const stamp = Date.now().toString(36).toUpperCase();

describe('webhooks in the console', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let page: Page;
  let receiver: Receiver;
  let tenantId = '';
  let ownerKey = '';

  beforeAll(async () => {
    ({ page } = ui);
    receiver = await startReceiver(200);
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Hooked GmbH', customerCode: `HOOK-${stamp}` })).id;
    ownerKey = (await vendor('POST', `/v1/tenants/${tenantId}/api-keys`, { kind: 'admin', roles: ['owner'] })).key;
  }, generous);
  afterAll(async () => {
    await receiver?.close();
  });

  it(
    'adds a webhook showing its secret once, pings it, reads the delivery log, disables, enables and deletes it',
    async () => {
      await page.goto(`/tenants/${tenantId}`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Hooked GmbH' }).waitFor();
      await tenantNav(page).getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      const webhooks = page.getByRole('table', { name: 'Webhooks' });
      await webhooks.getByText('No webhooks yet.').waitFor();

      const url = `${receiver.url}/console`;
      await page.getByRole('button', { name: 'Add webhook' }).click();
      const form = page.getByRole('form', { name: 'New webhook' });
      await form.getByLabel('URL').fill(url);
      await form.getByRole('checkbox', { name: 'license_file.loaded' }).check();
      await form.getByRole('checkbox', { name: 'license.expiring' }).uncheck();
      await form.getByRole('button', { name: 'Add webhook' }).click();
      const notice = page.getByRole('region', { name: 'New webhook secret' });
      await notice.waitFor();
      const secret = await notice.getByLabel('Webhook signing secret').inputValue();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
      await screenshot(page, 'allot-console-webhooks-secret');
      await notice.getByRole('button', { name: 'I have stored the secret' }).click();
      expect(await notice.count()).toBe(0);

      const row = webhooks.getByRole('row', { name: new RegExp(url) });
      await row.waitFor();
      for (const text of ['license.threshold_reached', 'license.expired', 'license_file.loaded', 'Enabled']) expect(await row.textContent()).toContain(text);
      expect(await row.textContent()).not.toContain('license.expiring');
      // The secret is not shown again anywhere.
      expect(await page.content()).not.toContain(secret);

      // A ping is delivered to the receiver, signed with the secret, and the log says so.
      await row.getByRole('button', { name: 'Send ping' }).click();
      const log = page.getByRole('region', { name: `Deliveries of ${url}` });
      await log.waitFor();
      const entries = log.getByRole('table', { name: 'Deliveries' });
      await entries.getByRole('row', { name: /ping.*Delivered/ }).waitFor({ timeout: 20_000 });
      expect(receiver.received).toHaveLength(1);
      const got = receiver.received[0];
      expect(JSON.parse(got?.body ?? '{}')).toMatchObject({ type: 'ping', tenantId });
      expect(verifyWebhookSignature(got?.body ?? '', String(got?.headers['allot-signature']), secret)).toMatchObject({ valid: true });
      expect(await entries.textContent()).toContain('HTTP 200');
      await screenshot(page, 'allot-console-webhooks-log');

      // Sent again: the same event id once more.
      await entries.getByRole('button', { name: 'Send again' }).click();
      await receiver.waitFor(2, 20_000);
      expect(receiver.received[1]?.headers['allot-event-id']).toBe(got?.headers['allot-event-id']);
      await entries.getByRole('row', { name: /ping.*Delivered/ }).waitFor({ timeout: 20_000 });
      await log.getByRole('button', { name: 'Close' }).click();
      expect(await log.count()).toBe(0);

      // Disabled, it takes no ping; enabled again, it does.
      await row.getByRole('button', { name: 'Disable' }).click();
      await expect.poll(() => row.textContent()).toContain('Disabled');
      expect(await row.getByRole('button', { name: 'Send ping' }).count()).toBe(0);
      await row.getByRole('button', { name: 'Enable' }).click();
      await expect.poll(() => row.textContent()).toContain('Enabled');
      await row.getByRole('button', { name: 'Send ping' }).waitFor();

      // On a phone the row is a card whose buttons wrap: the last of them is still inside the card.
      await page.setViewportSize({ width: 390, height: 844 });
      const [card, lastButton] = await Promise.all([row.boundingBox(), row.getByRole('button', { name: 'Delete' }).boundingBox()]);
      expect((lastButton?.x ?? 0) + (lastButton?.width ?? 0)).toBeLessThanOrEqual((card?.x ?? 0) + (card?.width ?? 0));
      await page.setViewportSize({ width: 1366, height: 900 });

      // Deleted, it is gone with its log.
      await row.getByRole('button', { name: 'Delete' }).click();
      await row.getByRole('button', { name: 'Yes, delete' }).click();
      await webhooks.getByText('No webhooks yet.').waitFor();
      expect((await vendor('GET', `/v1/tenants/${tenantId}/webhooks`)).items).toEqual([]);
      await logOut(page);
    },
    generous,
  );

  it(
    "refuses a tenant owner's webhook at an internal address, naming the URL field",
    async () => {
      await page.goto(`/tenants/${tenantId}/webhooks`);
      await logInWithKey(page, ownerKey);
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Add webhook' }).click();
      const form = page.getByRole('form', { name: 'New webhook' });
      await form.getByLabel('URL').fill('http://169.254.169.254/latest/meta-data/');
      await form.getByRole('button', { name: 'Add webhook' }).click();
      await form.getByText('a cloud metadata address').waitFor();
      expect(await form.getByText("a tenant's webhook may only reach public addresses", { exact: false }).count()).toBe(1);
      await screenshot(page, 'allot-console-webhooks-refused');
      await form.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('table', { name: 'Webhooks' }).getByText('No webhooks yet.').waitFor();
      await logOut(page);
    },
    generous,
  );

  it(
    'the vendor’s own webhook lives outside any tenant: added, pinged and delivered, its log filtered by status, deleted',
    async () => {
      await page.goto('/webhooks');
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      const webhooks = page.getByRole('table', { name: 'Webhooks' });
      await webhooks.getByText('No webhooks yet.').waitFor();

      const url = `${receiver.url}/vendor`;
      await page.getByRole('button', { name: 'Add webhook' }).click();
      const form = page.getByRole('form', { name: 'New webhook' });
      await form.getByLabel('URL').fill(url);
      await form.getByRole('button', { name: 'Add webhook' }).click();
      const notice = page.getByRole('region', { name: 'New webhook secret' });
      const secret = await notice.getByLabel('Webhook signing secret').inputValue();
      await notice.getByRole('button', { name: 'I have stored the secret' }).click();
      const stored = await vendor('GET', '/v1/webhooks?limit=50');
      expect(stored.items).toEqual([expect.objectContaining({ url, tenantId: null })]);

      const row = webhooks.getByRole('row', { name: new RegExp(url) });
      const before = receiver.received.length;
      await row.getByRole('button', { name: 'Send ping' }).click();
      await receiver.waitFor(before + 1, 20_000);
      const got = receiver.received[before];
      expect(got?.path).toBe('/vendor');
      expect(verifyWebhookSignature(got?.body ?? '', String(got?.headers['allot-signature']), secret)).toMatchObject({ valid: true });
      const log = page.getByRole('region', { name: `Deliveries of ${url}` });
      const entries = log.getByRole('table', { name: 'Deliveries' });
      await entries.getByRole('row', { name: /ping.*Delivered/ }).waitFor({ timeout: 20_000 });

      // The status filter asks the server: no failed delivery, one delivered.
      await log.getByLabel('Delivery status').selectOption('failed');
      await entries.getByText('No deliveries yet.', { exact: false }).waitFor();
      await log.getByLabel('Delivery status').selectOption('delivered');
      await entries.getByRole('row', { name: /ping.*Delivered/ }).waitFor();

      await row.getByRole('button', { name: 'Delete' }).click();
      await row.getByRole('button', { name: 'Yes, delete' }).click();
      await webhooks.getByText('No webhooks yet.').waitFor();
      expect((await vendor('GET', '/v1/webhooks?limit=50')).items).toEqual([]);
      await logOut(page);
    },
    generous,
  );
});
