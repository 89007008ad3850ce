import { buildApp } from '@allot/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { adminToken, createTestApp, expectProblem, tenantWithKey, type TestApp, sessionCookie } from '../../../test-support/http.js';


describe.each(dialects)('API keys and console login on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let tenantCode: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const made = await tenantWithKey(t);
    ({ tenantId, key: ownerKey } = made);
    tenantCode = made.tenant.customerCode;
    await t.call('POST', `/v1/tenants/${tenantId}/users`, { key: ownerKey, body: { email: 'ann@example.com', name: 'Ann', roles: ['system_admin'], password: 'ann-password-1' } });
  });
  afterAll(() => t.close());

  describe('API keys', () => {
    it('shows a new key once, stores only its hash, and lists it by prefix', async () => {
      const created = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['auditor'], name: 'reports' } });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^allot_ta_[0-9A-Za-z]{40}$/);
      expect(created.body.apiKey).toMatchObject({ kind: 'admin', roles: ['auditor'], name: 'reports', revokedAt: null });
      expect(created.body.key.startsWith(created.body.apiKey.prefix)).toBe(true);
      const list = await t.call('GET', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey });
      expect(list.text).not.toContain(created.body.key);
      const rows = await t.store.db.selectFrom('api_keys').select(['key_hash']).where('id', '=', created.body.id).execute();
      expect(rows[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0]?.key_hash).not.toContain(created.body.key);
    });

    it('makes app keys that only make runtime calls', async () => {
      const app = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'app' } });
      expect(app.body.key).toMatch(/^allot_app_/);
      expectProblem(await t.call('GET', `/v1/tenants/${tenantId}/users`, { key: app.body.key }), 403, 'forbidden');
      expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'app', roles: ['owner'] } }), 400, 'invalid_request');
      expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin' } }), 400, 'invalid_request');
    });

    it('refuses a revoked key at once', async () => {
      const created = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['owner'] } });
      expect((await t.call('GET', `/v1/tenants/${tenantId}`, { key: created.body.key })).status).toBe(200);
      expect((await t.call('DELETE', `/v1/tenants/${tenantId}/api-keys/${created.body.id}`, { key: ownerKey })).status).toBe(204);
      expectProblem(await t.call('GET', `/v1/tenants/${tenantId}`, { key: created.body.key }), 401, 'unauthenticated');
      expectProblem(await t.call('DELETE', `/v1/tenants/${tenantId}/api-keys/${created.body.id}`, { key: ownerKey }), 409, 'conflict');
    });

    it('makes vendor keys that work across tenants, and keeps them from tenants', async () => {
      const vendor = await t.call('POST', '/v1/api-keys', { body: { name: 'ops' } });
      expect(vendor.body.key).toMatch(/^allot_va_/);
      expect((await t.call('GET', `/v1/tenants/${tenantId}/users`, { key: vendor.body.key })).status).toBe(200);
      expectProblem(await t.call('GET', '/v1/api-keys', { key: ownerKey }), 403, 'forbidden');
      expect((await t.call('DELETE', `/v1/api-keys/${vendor.body.id}`)).status).toBe(204);
      expectProblem(await t.call('GET', '/v1/tenants', { key: vendor.body.key }), 401, 'unauthenticated');
    });

    it("never lets one tenant see or revoke another tenant's keys", async () => {
      const other = await tenantWithKey(t);
      const theirs = await t.call('GET', `/v1/tenants/${other.tenantId}/api-keys`);
      const keyId = theirs.body.items[0].id;
      expectProblem(await t.call('GET', `/v1/tenants/${other.tenantId}/api-keys`, { key: ownerKey }), 404, 'not_found');
      expectProblem(await t.call('DELETE', `/v1/tenants/${tenantId}/api-keys/${keyId}`, { key: ownerKey }), 404, 'not_found');
      expect((await t.call('GET', `/v1/tenants/${other.tenantId}`, { key: other.key })).status).toBe(200);
    });

    it('keeps a system admin from minting an owner key', async () => {
      const admin = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['system_admin'] } });
      expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: admin.body.key, body: { kind: 'admin', roles: ['owner'] } }), 403, 'forbidden');
    });
  });

  describe('console login', () => {
    it('logs a user in with an HTTP-only cookie and a CSRF token, and out again', async () => {
      const login = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantCode, email: 'ANN@example.com', password: 'ann-password-1' } });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ kind: 'tenant', tenantId, roles: ['system_admin'] });
      expect(login.body.permissions).toContain('users.manage');
      const setCookie = String(login.headers['set-cookie']);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      const cookie = sessionCookie(login.headers['set-cookie']);
      const csrf = login.body.csrfToken as string;

      expect((await t.call('GET', `/v1/tenants/${tenantId}/users`, { key: null, cookie })).status).toBe(200);
      const session = await t.call('GET', '/v1/auth/session', { key: null, cookie });
      expect(session.body).toMatchObject({ kind: 'tenant', csrfToken: csrf });

      // A change made with the cookie needs the CSRF token.
      expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/groups`, { key: null, cookie, body: { name: 'No token' } }), 403, 'csrf_failed');
      expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/groups`, { key: null, cookie, body: { name: 'Bad token' }, headers: { 'x-csrf-token': 'nope' } }), 403, 'csrf_failed');
      const made = await t.call('POST', `/v1/tenants/${tenantId}/groups`, { key: null, cookie, body: { name: 'With token' }, headers: { 'x-csrf-token': csrf } });
      expect(made.status).toBe(201);
      const audit = await t.call('GET', `/v1/tenants/${tenantId}/audit?targetId=${made.body.id}`, { key: ownerKey });
      expect(audit.body.items[0].actor).toBe(`user:${login.body.userId}`);

      expect((await t.call('POST', '/v1/auth/logout', { key: null, cookie })).status).toBe(204);
      expectProblem(await t.call('GET', `/v1/tenants/${tenantId}/users`, { key: null, cookie }), 401, 'unauthenticated');
    });

    it('keeps a logged-in user inside their tenant', async () => {
      const other = await tenantWithKey(t);
      const login = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'ann@example.com', password: 'ann-password-1' } });
      const cookie = sessionCookie(login.headers['set-cookie']);
      expectProblem(await t.call('GET', `/v1/tenants/${other.tenantId}`, { key: null, cookie }), 404, 'not_found');
      expectProblem(await t.call('POST', '/v1/tenants', { key: null, cookie, body: { name: 'x', customerCode: 'XX' }, headers: { 'x-csrf-token': login.body.csrfToken } }), 403, 'forbidden');
    });

    it('ends sessions when the console session expires', async () => {
      const login = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'ann@example.com', password: 'ann-password-1' } });
      const cookie = sessionCookie(login.headers['set-cookie']);
      const saved = t.clock.current;
      t.clock.current = '2026-01-16T09:00:00.000Z';
      try {
        expectProblem(await t.call('GET', `/v1/tenants/${tenantId}/users`, { key: null, cookie }), 401, 'unauthenticated');
      } finally {
        t.clock.current = saved;
      }
    });

    it('logs a vendor admin in with the admin token or a vendor key, not an app key', async () => {
      const login = await t.call('POST', '/v1/auth/login', { key: null, body: { apiKey: 'test-admin-token-0123456789' } });
      expect(login.body.kind).toBe('vendor_admin');
      const cookie = sessionCookie(login.headers['set-cookie']);
      expect((await t.call('GET', '/v1/api-keys', { key: null, cookie })).status).toBe(200);
      const app = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'app' } });
      expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { apiKey: app.body.key } }), 401, 'invalid_credentials');
    });

    it('ends a session made with the admin token as soon as the server runs with another token', async () => {
      const login = await t.call('POST', '/v1/auth/login', { key: null, body: { apiKey: adminToken } });
      const cookie = sessionCookie(login.headers['set-cookie']);
      expect((await t.call('GET', '/v1/api-keys', { key: null, cookie })).status).toBe(200);
      // Another node, or this one restarted, over the same database.
      const store = t.database.open();
      const withToken = (token: string) => buildApp({ store, clock: t.clock, secretKey: t.secretKey, adminToken: token, secureCookies: false });
      const [changed, same] = await Promise.all([withToken('a-new-admin-token-9876543210'), withToken(adminToken)]);
      try {
        const refused = await changed.inject({ method: 'GET', url: '/v1/api-keys', headers: { cookie } });
        expect(refused.statusCode).toBe(401);
        expect((await changed.inject({ method: 'GET', url: '/v1/auth/session', headers: { cookie } })).statusCode).toBe(401);
        // The same token keeps the session, on any node.
        expect((await same.inject({ method: 'GET', url: '/v1/api-keys', headers: { cookie } })).statusCode).toBe(200);
      } finally {
        await changed.close();
        await same.close();
        if (store !== t.store) await store.close();
      }
    });

    it('answers the same 401 for a wrong password and an unknown email', async () => {
      const wrong = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'ann@example.com', password: 'wrong-password' }, headers: { 'x-forwarded-for': '1' } });
      const unknown = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'nobody@example.com', password: 'wrong-password' } });
      expectProblem(wrong, 401, 'invalid_credentials');
      expectProblem(unknown, 401, 'invalid_credentials');
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'ann@example.com' } }), 400, 'invalid_request');
    });

    it('locks an account for a while after five failed logins, even with the right password', async () => {
      await t.call('POST', `/v1/tenants/${tenantId}/users`, { key: ownerKey, body: { email: 'bob@example.com', name: 'Bob', password: 'bob-password-1' } });
      for (let i = 0; i < 5; i++) {
        expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'bob@example.com', password: `guess-${i}` } }), 401, 'invalid_credentials');
      }
      const locked = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'bob@example.com', password: 'bob-password-1' } });
      expectProblem(locked, 429, 'too_many_attempts');
      expect(locked.headers['retry-after']).toBe('900');
      const saved = t.clock.current;
      t.clock.current = '2026-01-15T09:16:00.000Z';
      try {
        expect((await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'bob@example.com', password: 'bob-password-1' } })).status).toBe(200);
      } finally {
        t.clock.current = saved;
      }
    });

    it('ends console sessions when the password changes', async () => {
      await t.call('POST', `/v1/tenants/${tenantId}/users`, { key: ownerKey, body: { email: 'cy@example.com', name: 'Cy', password: 'cy-password-12' } });
      const login = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: 'cy@example.com', password: 'cy-password-12' } });
      const cookie = sessionCookie(login.headers['set-cookie']);
      expect((await t.call('GET', '/v1/auth/session', { key: null, cookie })).status).toBe(200);
      await t.call('PATCH', `/v1/tenants/${tenantId}/users/${login.body.userId}`, { key: ownerKey, body: { password: 'cy-password-34' } });
      expectProblem(await t.call('GET', '/v1/auth/session', { key: null, cookie }), 401, 'unauthenticated');
    });
  });
});
