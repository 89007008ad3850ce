import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { adminToken, auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp, sessionCookie } from '../../../test-support/http.js';


/**
 * Who may change a user's password, e-mail, roles or anything else, and what a change of
 * credentials does to the console sessions of that user (issue #12, defect 1).
 */
describe.each(dialects)('changing users by rank on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let tenantCode: string;
  let ownerKey: string;
  let sysadminKey: string;
  let n = 0;
  const users = (path = '') => `/v1/tenants/${tenantId}/users${path}`;

  /** A user with a password; answers its id, email and password. */
  const person = async (roles: string[]) => {
    n += 1;
    const email = `person${n}@example.com`;
    const password = `password-of-${n}-xyz`;
    const made = await t.call('POST', users(), { key: ownerKey, body: { email, name: `Person ${n}`, roles, password } });
    expect(made.status).toBe(201);
    return { id: made.body.id as string, email, password };
  };

  const logIn = async (who: { email: string; password: string }) => {
    const login = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantCode, email: who.email, password: who.password } });
    expect(login.status).toBe(200);
    return { cookie: sessionCookie(login.headers['set-cookie']), csrf: login.body.csrfToken as string };
  };

  const sessionWorks = async (cookie: string) => (await t.call('GET', '/v1/auth/session', { key: null, cookie })).status === 200;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const made = await tenantWithKey(t);
    ({ tenantId, key: ownerKey } = made);
    tenantCode = made.tenant.customerCode;
    sysadminKey = (await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['system_admin'] } })).body.key;
  });
  afterAll(() => t.close());

  describe('a system admin cannot take over an owner', () => {
    it.each([
      ['password', { password: 'taken-over-123' }],
      ['e-mail', { email: 'attacker@example.com' }],
      ['name', { name: 'Renamed' }],
      ['roles', { roles: ['owner', 'member'] }],
      ['certified flag', { certifiedProfessional: true }],
    ])("refuses 403 to change an owner's %s, and changes nothing", async (_what, body) => {
      const owner = await person(['owner']);
      const { cookie } = await logIn(owner);
      const before = await auditCount(t, tenantId);
      expectProblem(await t.call('PATCH', users(`/${owner.id}`), { key: sysadminKey, body }), 403, 'forbidden');
      expect(await auditCount(t, tenantId)).toBe(before);
      expect(await sessionWorks(cookie)).toBe(true);
      expect((await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: owner.email, password: owner.password } })).status).toBe(200);
    });

    it('refuses 403 to delete an owner', async () => {
      const owner = await person(['owner']);
      expectProblem(await t.call('DELETE', users(`/${owner.id}`), { key: sysadminKey }), 403, 'forbidden');
      expect((await t.call('GET', users(`/${owner.id}`), { key: ownerKey })).status).toBe(200);
    });

    it('refuses the same to a system admin logged in to the console', async () => {
      const admin = await person(['system_admin']);
      const owner = await person(['owner']);
      const { cookie, csrf } = await logIn(admin);
      const headers = { 'x-csrf-token': csrf };
      expectProblem(await t.call('PATCH', users(`/${owner.id}`), { key: null, cookie, headers, body: { password: 'taken-over-123' } }), 403, 'forbidden');
      expectProblem(await t.call('PATCH', users(`/${owner.id}`), { key: null, cookie, headers, body: { email: 'mine@example.com' } }), 403, 'forbidden');
      expectProblem(await t.call('DELETE', users(`/${owner.id}`), { key: null, cookie, headers }), 403, 'forbidden');
    });

    it('lets a system admin change users of its own rank and below', async () => {
      const member = await person(['member']);
      const manager = await person(['license_manager']);
      const peer = await person(['system_admin']);
      for (const target of [member, manager, peer]) {
        const patched = await t.call('PATCH', users(`/${target.id}`), { key: sysadminKey, body: { password: 'reset-by-admin-1', name: 'Reset' } });
        expect(patched.status).toBe(200);
      }
      expect((await t.call('DELETE', users(`/${member.id}`), { key: sysadminKey })).status).toBe(204);
    });
  });

  describe('owners and vendor admins', () => {
    it("lets an owner change another owner's password and e-mail, ending that owner's sessions", async () => {
      const owner = await person(['owner']);
      const first = await logIn(owner);
      const second = await logIn(owner);
      const patched = await t.call('PATCH', users(`/${owner.id}`), { key: ownerKey, body: { password: 'new-owner-password' } });
      expect(patched.status).toBe(200);
      expect(await sessionWorks(first.cookie)).toBe(false);
      expect(await sessionWorks(second.cookie)).toBe(false);
      const again = await logIn({ email: owner.email, password: 'new-owner-password' });
      expect((await t.call('PATCH', users(`/${owner.id}`), { key: ownerKey, body: { email: `moved-${owner.email}` } })).status).toBe(200);
      expect(await sessionWorks(again.cookie)).toBe(false);
    });

    it('lets a vendor admin change an owner', async () => {
      const owner = await person(['owner']);
      expect((await t.call('PATCH', users(`/${owner.id}`), { body: { password: 'vendor-reset-123' } })).status).toBe(200);
      expect((await t.call('DELETE', users(`/${owner.id}`))).status).toBe(204);
    });

    it("ends a member's sessions when a system admin changes the e-mail, and leaves them for a name", async () => {
      const member = await person(['member']);
      const { cookie } = await logIn(member);
      expect((await t.call('PATCH', users(`/${member.id}`), { key: sysadminKey, body: { name: 'Only the name' } })).status).toBe(200);
      expect(await sessionWorks(cookie)).toBe(true);
      expect((await t.call('PATCH', users(`/${member.id}`), { key: sysadminKey, body: { email: `new-${member.email}` } })).status).toBe(200);
      expect(await sessionWorks(cookie)).toBe(false);
    });
  });

  describe('a user changing their own password or e-mail', () => {
    it('needs the current password, and a wrong one changes nothing', async () => {
      const owner = await person(['owner']);
      const { cookie, csrf } = await logIn(owner);
      const headers = { 'x-csrf-token': csrf };
      const before = await auditCount(t, tenantId);
      const missing = await t.call('PATCH', users(`/${owner.id}`), { key: null, cookie, headers, body: { password: 'my-new-password-1' } });
      expectProblem(missing, 400, 'invalid_request');
      expect(missing.body.field).toBe('currentPassword');
      const wrong = await t.call('PATCH', users(`/${owner.id}`), { key: null, cookie, headers, body: { password: 'my-new-password-1', currentPassword: 'not-my-password' } });
      expectProblem(wrong, 401, 'password_incorrect');
      expect(wrong.body.field).toBe('currentPassword');
      expectProblem(await t.call('PATCH', users(`/${owner.id}`), { key: null, cookie, headers, body: { email: 'elsewhere@example.com', currentPassword: 'not-my-password' } }), 401, 'password_incorrect');
      expect(await auditCount(t, tenantId)).toBe(before);
      // A wrong current password is no logout: the session still works.
      expect(await sessionWorks(cookie)).toBe(true);
      expect((await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: owner.email, password: owner.password } })).status).toBe(200);
    });

    it('with the right current password changes it and ends every session of the user, this one too', async () => {
      const admin = await person(['system_admin']);
      const other = await logIn(admin);
      const { cookie, csrf } = await logIn(admin);
      const patched = await t.call('PATCH', users(`/${admin.id}`), {
        key: null,
        cookie,
        headers: { 'x-csrf-token': csrf },
        body: { password: 'my-new-password-2', currentPassword: admin.password },
      });
      expect(patched.status).toBe(200);
      expect(await sessionWorks(other.cookie)).toBe(false);
      expect(await sessionWorks(cookie)).toBe(false);
      expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: admin.email, password: admin.password } }), 401, 'invalid_credentials');
      await logIn({ email: admin.email, password: 'my-new-password-2' });
    });

    it('needs no current password for a change of name, and keeps the session', async () => {
      const admin = await person(['system_admin']);
      const { cookie, csrf } = await logIn(admin);
      const patched = await t.call('PATCH', users(`/${admin.id}`), { key: null, cookie, headers: { 'x-csrf-token': csrf }, body: { name: 'Just a new name' } });
      expect(patched.status).toBe(200);
      expect(await sessionWorks(cookie)).toBe(true);
    });

    it('counts wrong current passwords against the login limit of the account', async () => {
      const admin = await person(['system_admin']);
      const { cookie, csrf } = await logIn(admin);
      const headers = { 'x-csrf-token': csrf };
      const body = { password: 'my-new-password-3', currentPassword: 'guess-guess' };
      for (let i = 0; i < 5; i++) expectProblem(await t.call('PATCH', users(`/${admin.id}`), { key: null, cookie, headers, body }), 401, 'password_incorrect');
      expectProblem(await t.call('PATCH', users(`/${admin.id}`), { key: null, cookie, headers, body: { ...body, currentPassword: admin.password } }), 429, 'too_many_attempts');
      expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: admin.email, password: admin.password } }), 429, 'too_many_attempts');
    });
  });

  describe('changing one\'s own password in the console (POST /v1/auth/password), whatever one\'s roles', () => {
    const change = (session: { cookie: string; csrf: string } | null, body: Record<string, unknown>, key: string | null = null) =>
      t.call('POST', '/v1/auth/password', { key, ...(session === null ? {} : { cookie: session.cookie, headers: { 'x-csrf-token': session.csrf } }), body });

    it.each([['member'], ['auditor'], ['license_manager']])('lets someone whose only role is %s change it, ends their other sessions and keeps this one', async (role) => {
      const me = await person([role]);
      const other = await logIn(me);
      const session = await logIn(me);
      const before = await auditCount(t, tenantId);
      const changed = await change(session, { currentPassword: me.password, newPassword: 'a-brand-new-password' });
      expect(changed.status, changed.text).toBe(204);
      expect(await sessionWorks(other.cookie)).toBe(false);
      expect(await sessionWorks(session.cookie)).toBe(true);
      expect(await auditCount(t, tenantId)).toBe(before + 1);
      expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: me.email, password: me.password } }), 401, 'invalid_credentials');
      await logIn({ email: me.email, password: 'a-brand-new-password' });
    });

    it('refuses a wrong current password 401 password_incorrect, changing nothing, and counts it with the logins of the account', async () => {
      const me = await person(['member']);
      const session = await logIn(me);
      const before = await auditCount(t, tenantId);
      const body = { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' };
      for (let i = 0; i < 4; i++) expectProblem(await change(session, body), 401, 'password_incorrect', 'currentPassword');
      expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantCode, email: me.email, password: 'a-fifth-guess' } }), 401, 'invalid_credentials');
      // Five checks failed in the window: the right password is refused too, here and at login.
      expectProblem(await change(session, { ...body, currentPassword: me.password }), 429, 'too_many_attempts');
      expectProblem(await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: me.email, password: me.password } }), 429, 'too_many_attempts');
      expect(await auditCount(t, tenantId)).toBe(before);
      expect(await sessionWorks(session.cookie)).toBe(true);
    });

    it('holds the new password to the password rule, and refuses unknown fields', async () => {
      const me = await person(['member']);
      const session = await logIn(me);
      expectProblem(await change(session, { currentPassword: me.password, newPassword: 'short' }), 400, 'invalid_request', 'newPassword');
      expectProblem(await change(session, { currentPassword: me.password }), 400, 'invalid_request', 'newPassword');
      expectProblem(await change(session, { currentPassword: me.password, newPassword: 'a-brand-new-password', userId: me.id }), 400, 'invalid_request');
      expect((await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: me.email, password: me.password } })).status).toBe(200);
    });

    it('is for a logged-in user only: no CSRF token 403, an API key or the vendor 403, no session 401', async () => {
      const me = await person(['member']);
      const session = await logIn(me);
      const body = { currentPassword: me.password, newPassword: 'a-brand-new-password' };
      expectProblem(await t.call('POST', '/v1/auth/password', { key: null, cookie: session.cookie, body }), 403, 'csrf_failed');
      expectProblem(await change(null, body, ownerKey), 403, 'forbidden');
      expectProblem(await change(null, body, adminToken), 403, 'forbidden');
      expectProblem(await change(null, body), 401, 'unauthenticated');
      expect((await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: me.email, password: me.password } })).status).toBe(200);
    });
  });
});
