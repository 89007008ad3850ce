import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliveryRetentionDays, retryPolicy } from '@allot/core';
import { DeliveryDispatcher, defaultWebhookSettings, deliveryPruning, deliverySettingsFromEnv, emailChannel, webhookChannel, type HostResolver, type Mailer, type WebhookSettings } from '@allot/server';
import { insertEvent, insertWebhook, newId } from '@allot/storage';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, tenantWithKey, type TestApp } from '../../../test-support/http.js';
import { startReceiver, type Receiver } from '../../../test-support/webhook-receiver.js';

/** The documented formula, computed here on its own: hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret. */
function expectSigned(headers: Record<string, unknown>, rawBody: string, secret: string): void {
  const header = String(headers['allot-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(match, header).not.toBeNull();
  const [, t, v1] = match as RegExpExecArray;
  expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
}

describe.each(dialects)('webhook delivery on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  const receivers: Receiver[] = [];
  const dispatchers: DeliveryDispatcher[] = [];
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;

  const receiver = async (...behaviours: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...behaviours);
    receivers.push(r);
    return r;
  };
  const dispatcher = (settings: Partial<WebhookSettings> = {}) => {
    const d = new DeliveryDispatcher(t.store, t.clock, [webhookChannel(t.store, t.clock, { current: t.secretKey, previous: null }, settings)], { random: () => 0 });
    dispatchers.push(d);
    return d;
  };
  /** A vendor webhook (the vendor may point one at this machine) on `events`. */
  const vendorHook = async (url: string, events: string[] = ['license.threshold_reached', 'license_file.loaded']) => {
    const created = await t.call('POST', '/v1/webhooks', { body: { url, events } });
    if (created.status !== 201) throw new Error(created.text);
    return created.body as { id: string; secret: string };
  };
  const deliveries = async (hookId: string, tenant: string | null = null) =>
    (await t.call('GET', tenant === null ? `/v1/webhooks/${hookId}/deliveries` : `/v1/tenants/${tenant}/webhooks/${hookId}/deliveries`)).body.items;
  const advance = (seconds: number) => {
    t.clock.current = new Date(Date.parse(t.clock.current) + seconds * 1000).toISOString();
  };
  /** An event in the outbox, as a change would write it. */
  const outboxEvent = async (type = 'license.threshold_reached', tenant: string = tenantId) => {
    const id = newId('evt');
    await insertEvent(t.store.db, { id, tenantId: tenant, type, payload: { n: id }, at: t.clock.now() }, t.clock.now());
    return id;
  };
  /** Turns off the webhooks of earlier cases, so that each case counts its own deliveries. */
  const disableAll = async () => {
    await t.store.db.updateTable('webhooks').set({ enabled: 0 }).execute();
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2026-01-15T09:00:00Z' }));
    appKey = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
    await t.call('POST', '/v1/products', { body: { code: 'ss', name: 'Self-Service', modules: [{ code: 'orders', name: 'Orders' }] } });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await disableAll();
    // The next case's webhooks are made later than this case's events, so that they hear none of them.
    advance(3600);
  });
  afterAll(() => t.close());

  it('posts a real event as JSON signed by the documented formula, to the vendor and to the tenant it belongs to only', async () => {
    const target = await receiver(200);
    const otherTarget = await receiver(200);
    const hook = await vendorHook(`${target.url}/vendor`);
    // A tenant webhook the vendor pointed at this machine, and one of another tenant.
    const tenantHook = (await t.call('POST', path('/webhooks'), { body: { url: `${target.url}/tenant`, events: ['license.threshold_reached'] } })).body;
    const other = await tenantWithKey(t, ['owner']);
    await t.call('POST', `/v1/tenants/${other.tenantId}/webhooks`, { body: { url: otherTarget.url, events: ['license.threshold_reached'] } });

    // 8 hits of 10 cross the license's 80 % threshold: a real license.threshold_reached.
    const license = (await t.call('POST', path('/licenses'), { body: { code: 'hooked', name: 'hooked', model: 'hits', product: 'ss', modules: ['orders'], quantity: 10, thresholdPercent: 80 } })).body;
    expect((await t.call('POST', path('/usage/hits'), { key: appKey, body: { events: [{ module: 'ss:orders', kind: 'query', count: 8 }] } })).status).toBe(200);

    await dispatcher().runOnce();
    expect(target.received).toHaveLength(2);
    expect(otherTarget.received).toHaveLength(0);
    for (const [hookId, scope, secret, at] of [
      [hook.id, null, hook.secret, '/vendor'],
      [tenantHook.id, tenantId, tenantHook.secret as string, '/tenant'],
    ] as const) {
      const [entry] = await deliveries(hookId, scope);
      expect(entry).toMatchObject({ type: 'license.threshold_reached', status: 'delivered', attempt: 1, responseStatus: 200, error: null, nextAttemptAt: null, deliveredAt: t.clock.now() });
      const got = target.received.find((r) => r.path === at);
      const body = JSON.parse(got?.body ?? '{}');
      expect(Object.keys(body)).toEqual(['id', 'type', 'tenantId', 'createdAt', 'data']);
      expect(body).toMatchObject({ id: entry.eventId, type: 'license.threshold_reached', tenantId, createdAt: '2026-01-15T09:00:00.000Z' });
      expect(body.data).toMatchObject({ licenseId: license.id, licenseCode: 'hooked', used: 8, quantity: 10 });
      expect(got?.headers['allot-event-id']).toBe(body.id);
      expect(got?.headers['content-type']).toBe('application/json');
      expectSigned(got?.headers ?? {}, got?.body ?? '', secret);
      // The signed time is the server's now.
      expect(String(got?.headers['allot-signature'])).toMatch(new RegExp(`^t=${Date.parse(t.clock.now()) / 1000},`));
    }
    // One webhook's secret does not sign another's copy.
    const vendorCopy = target.received.find((r) => r.path === '/vendor');
    expect(() => expectSigned(vendorCopy?.headers ?? {}, vendorCopy?.body ?? '', tenantHook.secret)).toThrow();
  });

  it('retries after a 500 with backoff, then delivers the same event id and body', async () => {
    const target = await receiver(200);
    target.queue.push(500);
    const hook = await vendorHook(target.url);
    const eventId = await outboxEvent();
    const d = dispatcher();
    await d.runOnce();
    let [entry] = await deliveries(hook.id);
    expect(entry).toMatchObject({ eventId, status: 'pending', attempt: 1, responseStatus: 500, error: 'HTTP 500', deliveredAt: null });
    // The first wait of core's schedule, the one of every channel (5 s less 20 %: the jitter drawn here is 0).
    expect(entry.nextAttemptAt).toBe(new Date(Date.parse(t.clock.now()) + 4000).toISOString());
    await d.runOnce();
    expect(target.received).toHaveLength(1);
    advance(4);
    await d.runOnce();
    [entry] = await deliveries(hook.id);
    expect(entry).toMatchObject({ eventId, status: 'delivered', attempt: 2, responseStatus: 200, error: null, nextAttemptAt: null });
    expect(target.received.map((r) => r.headers['allot-event-id'])).toEqual([eventId, eventId]);
    expect(target.received[1]?.body).toBe(target.received[0]?.body);
    expectSigned(target.received[1]?.headers ?? {}, target.received[1]?.body ?? '', hook.secret);
  });

  it('waits 10 s for an answer unless configured otherwise, with a lease longer than that and the lookup', () => {
    const keys = { current: t.secretKey, previous: null };
    expect(defaultWebhookSettings.timeoutMs).toBe(10_000);
    expect(webhookChannel(t.store, t.clock, keys).leaseSeconds).toBe(30);
    expect(webhookChannel(t.store, t.clock, keys, { timeoutMs: 2000 }).leaseSeconds).toBe(22);
    expect(webhookChannel(t.store, t.clock, keys, { timeoutMs: 2000, leaseMs: 3000 }).leaseSeconds).toBe(3);
    expect(deliverySettingsFromEnv({})).toEqual({ dispatch: {}, webhooks: {} });
    expect(deliverySettingsFromEnv({ ALLOT_WEBHOOK_TIMEOUT_MS: '2000' })).toEqual({ dispatch: {}, webhooks: { timeoutMs: 2000 } });
    expect(deliverySettingsFromEnv({ ALLOT_WEBHOOK_TIMEOUT_MS: '2000', ALLOT_WEBHOOK_LEASE_MS: '3000', ALLOT_DELIVERY_INTERVAL_MS: '100' })).toEqual({
      dispatch: { intervalMs: 100 },
      webhooks: { timeoutMs: 2000, leaseMs: 3000 },
    });
    expect(() => deliverySettingsFromEnv({ ALLOT_WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/positive number/);
    expect(() => deliverySettingsFromEnv({ ALLOT_WEBHOOK_LEASE_MS: '5000' })).toThrow(/longer than the delivery timeout/);
  });

  it('times out a receiver that hangs and retries it later, while another webhook is delivered meanwhile', async () => {
    const hanging = await receiver('hang');
    const healthy = await receiver(200);
    const slow = await vendorHook(hanging.url);
    const quick = await vendorHook(healthy.url);
    const eventId = await outboxEvent();
    const d = dispatcher({ timeoutMs: 400 });
    const started = Date.now();
    const run = d.runOnce();
    await healthy.waitFor(1);
    const healthyAfter = Date.now() - started;
    await run;
    const tookAll = Date.now() - started;
    // The healthy receiver did not wait for the hanging one.
    expect(healthyAfter).toBeLessThan(400);
    expect(tookAll).toBeGreaterThanOrEqual(400);
    expect((await deliveries(quick.id))[0]).toMatchObject({ eventId, status: 'delivered', attempt: 1 });
    expect((await deliveries(slow.id))[0]).toMatchObject({ eventId, status: 'pending', attempt: 1, responseStatus: null, error: 'no answer within 0.4 s' });
    hanging.otherwise = 204;
    advance(61);
    await d.runOnce();
    expect((await deliveries(slow.id))[0]).toMatchObject({ eventId, status: 'delivered', attempt: 2, responseStatus: 204 });
    expect(hanging.received.map((r) => r.headers['allot-event-id'])).toEqual([eventId, eventId]);
    expect(healthy.received).toHaveLength(1);
  });

  it('gives each channel slots of its own: a mail server that hangs does not hold up a webhook', async () => {
    const healthy = await receiver(200);
    const hook = await vendorHook(healthy.url);
    await t.call('POST', path('/users'), { body: { email: `olga${Date.now()}@example.com`, name: 'Olga', roles: ['owner'] } });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const mailed: string[] = [];
    const hangingMail: Mailer = {
      target: 'a mail server that hangs',
      async send(message) {
        await released;
        mailed.push(message.to);
      },
      close: () => undefined,
    };
    const email = emailChannel(t.store, { mailer: hangingMail, publicUrl: 'https://allot.example.com', from: 'allot@example.com' });
    const webhooks = webhookChannel(t.store, t.clock, { current: t.secretKey, previous: null });
    // One slot per channel: the mail takes e-mail's, the webhook still has its own.
    const d = new DeliveryDispatcher(t.store, t.clock, [email, webhooks], { random: () => 0, concurrency: 1 });
    dispatchers.push(d);
    const eventId = await outboxEvent('license_file.loaded');
    const run = d.runOnce();
    try {
      await healthy.waitFor(1);
      // Recorded once the answer is in, while the mail still hangs.
      await expect.poll(async () => (await deliveries(hook.id))[0]?.status, { timeout: 5000, interval: 20 }).toBe('delivered');
      expect((await deliveries(hook.id))[0]).toMatchObject({ eventId, attempt: 1 });
      expect(mailed).toEqual([]);
    } finally {
      release();
    }
    expect(await run).toMatchObject({ delivered: 2 });
    expect(mailed).toHaveLength(1);
  });

  it('never follows a redirect, not even one to an internal address', async () => {
    const internal = await receiver(200);
    const redirecting = await receiver({ redirect: `${internal.url}/admin`, status: 301 });
    const hook = await vendorHook(redirecting.url);
    await outboxEvent();
    await dispatcher().runOnce();
    expect(redirecting.received).toHaveLength(1);
    expect(internal.received).toHaveLength(0);
    const [entry] = await deliveries(hook.id);
    expect(entry).toMatchObject({ status: 'pending', attempt: 1, responseStatus: 301 });
    expect(entry.error).toContain('not followed');
  });

  it("checks a tenant's webhook again at delivery: a host that now resolves inside is not reached", async () => {
    const target = await receiver(200);
    const port = new URL(target.url).port;
    // Saved when the host was public (as a tenant's admin would have); its DNS now points at loopback.
    const id = newId('whk');
    const now = t.clock.now();
    await insertWebhook(
      t.store.db,
      { id, tenantId, url: `http://hooks.example.test:${port}/`, events: ['license.threshold_reached'], enabled: true, publicOnly: true, createdAt: now, updatedAt: now },
      'whsec_test',
    );
    const lookups: string[] = [];
    const rebinding: HostResolver = async (host) => {
      lookups.push(host);
      return [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
    };
    await outboxEvent();
    await dispatcher({ resolve: rebinding }).runOnce();
    expect(target.received).toHaveLength(0);
    expect(lookups).toEqual(['hooks.example.test']);
    const [entry] = await deliveries(id, tenantId);
    expect(entry).toMatchObject({ status: 'pending', attempt: 1, responseStatus: null });
    expect(entry.error).toContain('127.0.0.1, a loopback address');
  });

  it('connects to the address it checked, without a second lookup, and sends the host name', async () => {
    const target = await receiver(200);
    const port = new URL(target.url).port;
    // The vendor's webhook at a name this machine cannot resolve: pinned, it still arrives.
    const { postWebhook } = await import('../src/services/webhook-sender.js');
    const result = await postWebhook({
      url: new URL(`http://pinned.example.test:${port}/x?y=1`),
      pinned: { address: '127.0.0.1', family: 4 },
      body: '{}',
      headers: { 'content-type': 'application/json' },
      timeoutMs: 2000,
    });
    expect(result).toEqual({ delivered: true, status: 200 });
    expect(target.received[0]?.headers.host).toBe(`pinned.example.test:${port}`);
  });

  it(`gives up after the last of core's ${retryPolicy.maxAttempts} attempts, over more than 24 h, and sends a failed delivery again when asked`, async () => {
    const target = await receiver(503);
    const hook = await vendorHook(target.url);
    const eventId = await outboxEvent();
    const d = dispatcher();
    const started = t.clock.now();
    let [entry] = await deliveries(hook.id);
    for (let attempt = 1; attempt <= retryPolicy.maxAttempts; attempt++) {
      await d.runOnce();
      [entry] = await deliveries(hook.id);
      expect(entry.attempt, `attempt ${attempt}`).toBe(attempt);
      if (entry.status === 'pending') t.clock.current = entry.nextAttemptAt;
    }
    expect(entry).toMatchObject({ eventId, status: 'failed', attempt: retryPolicy.maxAttempts, responseStatus: 503, error: 'HTTP 503', nextAttemptAt: null });
    expect((Date.parse(t.clock.now()) - Date.parse(started)) / 3_600_000).toBeGreaterThanOrEqual(24);
    advance(3600);
    await d.runOnce();
    expect(target.received).toHaveLength(retryPolicy.maxAttempts);

    target.otherwise = 200;
    const retried = await t.call('POST', `/v1/webhooks/${hook.id}/deliveries/${entry.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'pending', nextAttemptAt: t.clock.now() });
    await d.runOnce();
    [entry] = await deliveries(hook.id);
    expect(entry).toMatchObject({ eventId, status: 'delivered', attempt: retryPolicy.maxAttempts + 1, responseStatus: 200 });
    expect(new Set(target.received.map((r) => r.headers['allot-event-id']))).toEqual(new Set([eventId]));
    expect(target.received).toHaveLength(retryPolicy.maxAttempts + 1);
  });

  it('sends a ping to that webhook only, and nothing to a disabled webhook or one made after the event', async () => {
    const target = await receiver(200);
    const pinged = await vendorHook(`${target.url}/pinged`);
    const disabled = await vendorHook(`${target.url}/disabled`);
    await t.call('PATCH', `/v1/webhooks/${disabled.id}`, { body: { enabled: false } });
    const ping = await t.call('POST', `/v1/webhooks/${pinged.id}/ping`);
    expect(ping.status).toBe(202);
    const event = await outboxEvent('license_file.loaded');
    advance(1);
    const later = await vendorHook(`${target.url}/later`);
    const d = dispatcher();
    await d.runOnce();
    const got = target.received.map((r) => JSON.parse(r.body) as { id: string; type: string });
    expect(got.map((b) => b.type).sort()).toEqual(['license_file.loaded', 'ping']);
    expect(got.find((b) => b.type === 'ping')).toMatchObject({ id: ping.body.eventId, tenantId: null, data: { webhookId: pinged.id } });
    expect(got.find((b) => b.type === 'license_file.loaded')?.id).toBe(event);
    expect(await deliveries(disabled.id)).toEqual([]);
    expect(await deliveries(later.id)).toEqual([]);
    // Another round sends nothing twice.
    await d.runOnce();
    expect(target.received).toHaveLength(2);
  });

  it('fans out an event once, however often the recent past is read again', async () => {
    const target = await receiver(200);
    const hook = await vendorHook(target.url);
    const d = dispatcher();
    const first = await outboxEvent();
    await d.fanOut();
    await d.fanOut();
    expect(await deliveries(hook.id)).toHaveLength(1);
    // An event whose id is older than the newest one read (its writer's transaction committed late) is still sent.
    const late = newId('evt', Date.now() - 2000);
    await insertEvent(t.store.db, { id: late, tenantId, type: 'license.threshold_reached', payload: {}, at: t.clock.now() }, t.clock.now());
    await d.fanOut();
    expect(await deliveries(hook.id)).toHaveLength(2);
    await d.runOnce();
    expect(target.received.map((r) => r.headers['allot-event-id']).sort()).toEqual([first, late].sort());
    expect(await deliveries(hook.id)).toHaveLength(2);
  });

  it(`prunes deliveries settled more than ${deliveryRetentionDays} days ago; the log keeps the recent ones and every pending one`, async () => {
    const target = await receiver(200);
    const hook = await vendorHook(target.url);
    const d = dispatcher();
    const old = await outboxEvent();
    await d.runOnce();
    const oldSettled = t.clock.now();
    advance(20 * 24 * 3600);
    const recent = await outboxEvent();
    await d.runOnce();
    const recentSettled = t.clock.now();
    target.queue.push(500);
    const failing = await outboxEvent();
    await d.runOnce();
    const at = (from: string, days: number, seconds = 0) => new Date(Date.parse(from) + (days * 24 * 3600 + seconds) * 1000).toISOString();
    const log = async () => (await deliveries(hook.id)).map((e: { eventId: string; status: string }) => [e.eventId, e.status]);
    expect(await log()).toEqual([
      [failing, 'pending'],
      [recent, 'delivered'],
      [old, 'delivered'],
    ]);

    // The job's run, at an explicit now: exactly the retention is kept.
    await deliveryPruning.run(t.store, at(oldSettled, deliveryRetentionDays));
    expect(await log()).toHaveLength(3);
    await deliveryPruning.run(t.store, at(oldSettled, deliveryRetentionDays, 1));
    expect(await log()).toEqual([
      [failing, 'pending'],
      [recent, 'delivered'],
    ]);
    // Long after: the settled ones go, the pending one waits for its retries.
    await deliveryPruning.run(t.store, at(recentSettled, deliveryRetentionDays + 365));
    expect(await log()).toEqual([[failing, 'pending']]);
  });
});
