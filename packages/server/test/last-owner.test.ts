import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp, sessionCookie } from '../../../test-support/http.js';


/**
 * A tenant keeps at least one owner (issue #12): nobody, not the owner themself nor a vendor admin,
 * deletes or demotes the last one, and two owners demoted at once never leave none.
 */
describe.each(dialects)('the last owner of a tenant on %s', (dialect) => {
  let t: TestApp;
  let n = 0;

  /** A tenant with `owners` owner users (with passwords), and an owner API key. */
  const tenantWithOwners = async (owners: number) => {
    const { tenantId, key, tenant } = await tenantWithKey(t);
    const people: { id: string; email: string; password: string }[] = [];
    for (let i = 0; i < owners; i++) {
      n += 1;
      const email = `owner${n}@example.com`;
      const password = `owner-password-${n}`;
      const made = await t.call('POST', `/v1/tenants/${tenantId}/users`, { key, body: { email, name: `Owner ${n}`, roles: ['owner'], password } });
      expect(made.status).toBe(201);
      people.push({ id: made.body.id, email, password });
    }
    return { tenantId, key, code: tenant.customerCode as string, owners: people };
  };

  const ownersOf = async (tenantId: string): Promise<string[]> => {
    const list = await t.call('GET', `/v1/tenants/${tenantId}/users?role=owner`);
    expect(list.status).toBe(200);
    return list.body.items.map((u: { id: string }) => u.id);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('refuses 409 last_owner to delete or demote the only owner, whoever asks, and changes nothing', async () => {
    const { tenantId, key, owners } = await tenantWithOwners(1);
    const only = owners[0]?.id ?? '';
    const before = await auditCount(t, tenantId);
    for (const caller of [key, undefined]) {
      expectProblem(await t.call('DELETE', `/v1/tenants/${tenantId}/users/${only}`, { key: caller }), 409, 'last_owner');
      expectProblem(await t.call('PATCH', `/v1/tenants/${tenantId}/users/${only}`, { key: caller, body: { roles: ['system_admin'] } }), 409, 'last_owner');
    }
    expect(await auditCount(t, tenantId)).toBe(before);
    expect(await ownersOf(tenantId)).toEqual([only]);
  });

  it('refuses the only owner demoting themself in the console, and lets them keep owner among other roles', async () => {
    const { tenantId, code, owners } = await tenantWithOwners(1);
    const me = owners[0];
    if (me === undefined) throw new Error('no owner');
    const login = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: code, email: me.email, password: me.password } });
    expect(login.status).toBe(200);
    const session = { key: null, cookie: sessionCookie(login.headers['set-cookie']), headers: { 'x-csrf-token': login.body.csrfToken as string } };
    expectProblem(await t.call('PATCH', `/v1/tenants/${tenantId}/users/${me.id}`, { ...session, body: { roles: ['member'] } }), 409, 'last_owner');
    expectProblem(await t.call('DELETE', `/v1/tenants/${tenantId}/users/${me.id}`, session), 409, 'last_owner');
    const kept = await t.call('PATCH', `/v1/tenants/${tenantId}/users/${me.id}`, { key: null, cookie: session.cookie, headers: session.headers, body: { roles: ['owner', 'auditor'] } });
    expect(kept.status).toBe(200);
    expect(kept.body.roles).toEqual(['owner', 'auditor']);
  });

  it('lets one of two owners go, then keeps the other', async () => {
    const { tenantId, key, owners } = await tenantWithOwners(2);
    const [first, second] = owners.map((o) => o.id);
    expect((await t.call('PATCH', `/v1/tenants/${tenantId}/users/${first}`, { key, body: { roles: ['member'] } })).status).toBe(200);
    expectProblem(await t.call('DELETE', `/v1/tenants/${tenantId}/users/${second}`, { key }), 409, 'last_owner');
    // A user who is no owner goes as before.
    expect((await t.call('DELETE', `/v1/tenants/${tenantId}/users/${first}`, { key })).status).toBe(204);
    expect(await ownersOf(tenantId)).toEqual([second]);
  });

  it('never leaves a tenant without an owner when two owners are demoted or deleted at once', async () => {
    for (let round = 0; round < 8; round++) {
      const { tenantId, owners } = await tenantWithOwners(2);
      const [first, second] = owners.map((o) => o.id);
      // Each owner at once: demoted (odd rounds) or deleted (even rounds), the other demoted.
      const answers = await Promise.all([
        round % 2 === 0
          ? t.call('DELETE', `/v1/tenants/${tenantId}/users/${first}`)
          : t.call('PATCH', `/v1/tenants/${tenantId}/users/${first}`, { body: { roles: ['member'] } }),
        t.call('PATCH', `/v1/tenants/${tenantId}/users/${second}`, { body: { roles: ['auditor'] } }),
      ]);
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses[1], JSON.stringify(answers.map((a) => a.body))).toBe(409);
      expect(statuses[0]).toBeLessThan(300);
      expect(answers.find((a) => a.status === 409)?.body.code).toBe('last_owner');
      expect(await ownersOf(tenantId)).toHaveLength(1);
    }
  });
});
