import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEventTypes } from '@allot/core';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('webhooks API on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}/webhooks${rest}`;
  const publicUrl = 'https://93.184.216.34/allot-hooks';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner']));
  });
  afterAll(() => t.close());

  describe('happy path', () => {
    it("creates a tenant webhook, shows its secret once and never again, and changes and deletes it", async () => {
      const created = await t.call('POST', path(), { key: ownerKey, body: { url: publicUrl, events: ['license.expiring', 'license.expired'] } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ url: publicUrl, events: ['license.expiring', 'license.expired'], tenantId, enabled: true });
      expect(created.body.id).toMatch(/^whk_/);
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);

      const one = await t.call('GET', path(`/${created.body.id}`), { key: ownerKey });
      expect(one.status).toBe(200);
      expect(one.body).not.toHaveProperty('secret');
      expect(one.body).not.toHaveProperty('publicOnly');
      const list = await t.call('GET', path(), { key: ownerKey });
      expect(list.body.items.map((w: { id: string }) => w.id)).toContain(created.body.id);
      expect(list.text).not.toContain(created.body.secret);
      const csv = await t.call('GET', path('?format=csv'), { key: ownerKey });
      expect(csv.text.split('\r\n')[0]).toBe('id,tenantId,url,events,enabled,createdAt,updatedAt');

      const changed = await t.call('PATCH', path(`/${created.body.id}`), { key: ownerKey, body: { events: ['access.denied'], enabled: false } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ events: ['access.denied'], enabled: false, url: publicUrl });
      const moved = await t.call('PATCH', path(`/${created.body.id}`), { key: ownerKey, body: { url: 'http://8.8.8.8:8080/h' } });
      expect(moved.body).toMatchObject({ url: 'http://8.8.8.8:8080/h', events: ['access.denied'], enabled: false });

      const audit = await t.call('GET', `/v1/tenants/${tenantId}/audit?action=webhook.created`, { key: ownerKey });
      expect(audit.body.items).toHaveLength(1);
      expect(JSON.stringify(audit.body.items)).not.toContain(created.body.secret);
      // At rest the secret is sealed under the secret key, like the private signing keys.
      const stored = await t.store.db.selectFrom('webhooks').select('secret').where('id', '=', created.body.id).executeTakeFirstOrThrow();
      expect(stored.secret.startsWith('sealed:')).toBe(true);
      expect(stored.secret).not.toContain(created.body.secret.slice(6));

      expect((await t.call('DELETE', path(`/${created.body.id}`), { key: ownerKey })).status).toBe(204);
      expectProblem(await t.call('GET', path(`/${created.body.id}`), { key: ownerKey }), 404, 'not_found');
      expectProblem(await t.call('DELETE', path(`/${created.body.id}`), { key: ownerKey }), 404, 'not_found');
    });

    it('lets a vendor admin point a webhook anywhere, its own or a tenant’s', async () => {
      const vendor = await t.call('POST', '/v1/webhooks', { body: { url: 'http://127.0.0.1:9/hook', events: [...webhookEventTypes] } });
      expect(vendor.status).toBe(201);
      expect(vendor.body.tenantId).toBeNull();
      const forTenant = await t.call('POST', path(), { body: { url: 'http://10.0.0.1/hook', events: ['license.expired'] } });
      expect(forTenant.status).toBe(201);
      expect(forTenant.body.tenantId).toBe(tenantId);
      // The vendor's own webhooks are not the tenant's, and the other way round.
      expect((await t.call('GET', '/v1/webhooks')).body.items.map((w: { id: string }) => w.id)).toEqual([vendor.body.id]);
      expectProblem(await t.call('GET', path(`/${vendor.body.id}`), { key: ownerKey }), 404, 'not_found');
      expectProblem(await t.call('GET', `/v1/webhooks/${forTenant.body.id}`), 404, 'not_found');
      // Once a tenant's admin changes only its events, the vendor's URL stands.
      expect((await t.call('PATCH', path(`/${forTenant.body.id}`), { key: ownerKey, body: { events: ['license.expiring'] } })).status).toBe(200);
    });

    it('queues a ping for one webhook and keeps its delivery log', async () => {
      const hook = (await t.call('POST', path(), { key: ownerKey, body: { url: publicUrl, events: ['license.expired'] } })).body;
      const ping = await t.call('POST', path(`/${hook.id}/ping`), { key: ownerKey });
      expect(ping.status).toBe(202);
      expect(ping.body).toMatchObject({ webhookId: hook.id, type: 'ping', status: 'pending', attempt: 0, responseStatus: null, error: null, deliveredAt: null });
      expect(ping.body.eventId).toMatch(/^evt_/);
      const log = await t.call('GET', path(`/${hook.id}/deliveries`), { key: ownerKey });
      expect(log.body.items).toEqual([ping.body]);
      expect((await t.call('GET', path(`/${hook.id}/deliveries?status=delivered`), { key: ownerKey })).body.items).toEqual([]);
      const again = await t.call('POST', path(`/${hook.id}/deliveries/${ping.body.id}/retry`), { key: ownerKey });
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ id: ping.body.id, eventId: ping.body.eventId, status: 'pending' });
    });

    it('takes its delivery log along when deleted, and leaves the log of another webhook', async () => {
      const kept = (await t.call('POST', '/v1/webhooks', { body: { url: publicUrl, events: ['license.expired'] } })).body;
      const doomed = (await t.call('POST', '/v1/webhooks', { body: { url: publicUrl, events: ['license.expired'] } })).body;
      for (const hook of [kept, doomed]) expect((await t.call('POST', `/v1/webhooks/${hook.id}/ping`)).status).toBe(202);
      expect((await t.call('DELETE', `/v1/webhooks/${doomed.id}`)).status).toBe(204);
      expect(await t.store.db.selectFrom('deliveries').select('id').where('recipient', '=', doomed.id).execute()).toEqual([]);
      expect((await t.call('GET', `/v1/webhooks/${kept.id}/deliveries`)).body.items).toHaveLength(1);
    });

    it("goes with its tenant, and the vendor's webhooks stay", async () => {
      const doomed = await tenantWithKey(t, ['owner']);
      const hook = (await t.call('POST', `/v1/tenants/${doomed.tenantId}/webhooks`, { key: doomed.key, body: { url: publicUrl, events: ['license.expired'] } })).body;
      expect((await t.call('POST', `/v1/tenants/${doomed.tenantId}/webhooks/${hook.id}/ping`, { key: doomed.key })).status).toBe(202);
      const vendorHooks = (await t.call('GET', '/v1/webhooks')).body.items.length;
      expect((await t.call('DELETE', `/v1/tenants/${doomed.tenantId}`)).status).toBe(204);
      expect(await t.store.db.selectFrom('webhooks').select('id').where('id', '=', hook.id).execute()).toEqual([]);
      expect(await t.store.db.selectFrom('deliveries').select('id').where('recipient', '=', hook.id).execute()).toEqual([]);
      expect((await t.call('GET', '/v1/webhooks')).body.items).toHaveLength(vendorHooks);
    });
  });

  describe('errors', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['an ftp URL', { url: 'ftp://example.com/x', events: ['license.expired'] }, 'url'],
      ['a file URL', { url: 'file:///etc/passwd', events: ['license.expired'] }, 'url'],
      ['a URL with credentials', { url: 'https://user:secret@93.184.216.34/x', events: ['license.expired'] }, 'url'],
      ['a relative URL', { url: '/hooks', events: ['license.expired'] }, 'url'],
      ['an unknown event type', { url: publicUrl, events: ['license.expired', 'license.exploded'] }, 'events.1'],
      ['no event types', { url: publicUrl, events: [] }, 'events'],
      ['the same type twice', { url: publicUrl, events: ['license.expired', 'license.expired'] }, 'events'],
      ['no URL', { events: ['license.expired'] }, 'url'],
      ['an unknown field', { url: publicUrl, events: ['license.expired'], secret: 'mine' }, 'secret'],
      ['a URL that is not text', { url: 42, events: ['license.expired'] }, 'url'],
    ])('refuses %s with 400 naming the field', async (_name, body, field) => {
      const before = await auditCount(t, tenantId);
      const answer = await t.call('POST', path(), { key: ownerKey, body });
      expectProblem(answer, 400, 'invalid_request');
      expect(answer.body.field).toBe(field);
      expect(await auditCount(t, tenantId)).toBe(before);
    });

    it('refuses a ping to a disabled webhook, and deliveries of an unknown webhook or delivery', async () => {
      const hook = (await t.call('POST', path(), { key: ownerKey, body: { url: publicUrl, events: ['license.expired'] } })).body;
      await t.call('PATCH', path(`/${hook.id}`), { key: ownerKey, body: { enabled: false } });
      expectProblem(await t.call('POST', path(`/${hook.id}/ping`), { key: ownerKey }), 409, 'conflict');
      expectProblem(await t.call('GET', path('/whk_nope/deliveries'), { key: ownerKey }), 404, 'not_found');
      expectProblem(await t.call('POST', path(`/${hook.id}/deliveries/whd_nope/retry`), { key: ownerKey }), 404, 'not_found');
      await t.call('PATCH', path(`/${hook.id}`), { key: ownerKey, body: { enabled: true } });
      const ping = (await t.call('POST', path(`/${hook.id}/ping`), { key: ownerKey })).body;
      await t.call('PATCH', path(`/${hook.id}`), { key: ownerKey, body: { enabled: false } });
      expectProblem(await t.call('POST', path(`/${hook.id}/deliveries/${ping.id}/retry`), { key: ownerKey }), 409, 'conflict');
      expectProblem(await t.call('GET', path(`/${hook.id}/deliveries?status=lost`), { key: ownerKey }), 400, 'invalid_request');
      expectProblem(await t.call('GET', path(`/${hook.id}/deliveries?colour=red`), { key: ownerKey }), 400, 'invalid_request');
      expectProblem(await t.call('PATCH', path(`/${hook.id}`), { key: ownerKey, body: { enabled: 'yes' } }), 400, 'invalid_request');
    });
  });

  describe('security', () => {
    it.each<[string, string]>([
      ['loopback', 'http://127.0.0.1:8080/hook'],
      ['another loopback', 'http://127.8.9.10/hook'],
      ['a private address', 'http://10.0.0.1/hook'],
      ['a private 192.168 address', 'https://192.168.1.20/hook'],
      ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
      ['a link-local address', 'http://169.254.1.1/'],
      ['a CGNAT address', 'http://100.64.1.1/'],
      ['the unspecified address', 'http://0.0.0.0:4400/'],
      ['a multicast address', 'http://224.0.0.1/'],
      ['IPv6 loopback', 'http://[::1]:4400/'],
      ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
      ['a unique-local IPv6 address', 'http://[fd00::1]/'],
      ['an IPv6 link-local address', 'http://[fe80::1]/'],
      ['loopback spelt as a number', 'http://2130706433/'],
      ['loopback spelt in hex', 'http://0x7f.0.0.1/'],
      ['a host name that resolves to loopback', 'http://localhost:4400/hook'],
    ])("refuses a tenant admin's webhook at %s", async (_name, url) => {
      const answer = await t.call('POST', path(), { key: ownerKey, body: { url, events: ['license.expired'] } });
      expectProblem(answer, 400, 'invalid_request');
      expect(answer.body.field).toBe('url');
      expect(answer.body.detail).toMatch(/public addresses/);
    });

    it("refuses a tenant admin's move of a webhook to an internal address", async () => {
      const hook = (await t.call('POST', path(), { key: ownerKey, body: { url: publicUrl, events: ['license.expired'] } })).body;
      const moved = await t.call('PATCH', path(`/${hook.id}`), { key: ownerKey, body: { url: 'http://169.254.169.254/' } });
      expectProblem(moved, 400, 'invalid_request');
      expect(moved.body.field).toBe('url');
      expect((await t.call('GET', path(`/${hook.id}`), { key: ownerKey })).body.url).toBe(publicUrl);
    });

    it('lets owners and system admins manage webhooks, and no one else of the tenant', async () => {
      const body = { url: publicUrl, events: ['license.expired'] };
      const systemAdmin = (await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['system_admin'] } })).body.key;
      expect((await t.call('POST', path(), { key: systemAdmin, body })).status).toBe(201);
      for (const role of ['license_manager', 'auditor', 'member']) {
        const key = (await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: [role] } })).body.key;
        expectProblem(await t.call('POST', path(), { key, body }), 403, 'forbidden');
        expectProblem(await t.call('GET', path(), { key }), 403, 'forbidden');
      }
      const appKey = (await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'app' } })).body.key;
      expectProblem(await t.call('POST', path(), { key: appKey, body }), 403, 'forbidden');
      expectProblem(await t.call('GET', path(), { key: null }), 401, 'unauthenticated');
    });

    it("hides a tenant's webhooks from another tenant and the vendor's from every tenant", async () => {
      const hook = (await t.call('POST', path(), { key: ownerKey, body: { url: publicUrl, events: ['license.expired'] } })).body;
      const other = await tenantWithKey(t, ['owner']);
      expectProblem(await t.call('GET', path(`/${hook.id}`), { key: other.key }), 404, 'not_found');
      expectProblem(await t.call('GET', `/v1/tenants/${other.tenantId}/webhooks/${hook.id}`, { key: other.key }), 404, 'not_found');
      expectProblem(await t.call('DELETE', `/v1/tenants/${other.tenantId}/webhooks/${hook.id}`, { key: other.key }), 404, 'not_found');
      expectProblem(await t.call('GET', `/v1/tenants/${other.tenantId}/webhooks/${hook.id}/deliveries`, { key: other.key }), 404, 'not_found');
      expectProblem(await t.call('GET', '/v1/webhooks', { key: ownerKey }), 403, 'forbidden');
      expectProblem(await t.call('POST', '/v1/webhooks', { key: ownerKey, body: { url: publicUrl, events: ['license.expired'] } }), 403, 'forbidden');
    });
  });
});
