import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

/** `POST /v1/tenants/{t}/users/import`: many users in one transaction, all or none, with a dry run. */
describe.each(dialects)('importing users on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const emailsOf = async (tenantId: string, key: string): Promise<string[]> => {
    const list = await t.call('GET', `/v1/tenants/${tenantId}/users?limit=500`, { key });
    expect(list.status).toBe(200);
    return list.body.items.map((u: { email: string }) => u.email).sort();
  };

  const rows = [
    { email: 'ada@example.com', name: 'Ada', roles: ['license_manager'] },
    { email: 'bo@example.com', name: 'Bo', certifiedProfessional: true },
    { email: 'cy@example.com', name: 'Cy' },
  ];

  it('creates every row in the order given, each made and audited as a single creation', async () => {
    const { tenantId, key } = await tenantWithKey(t);
    const before = await auditCount(t, tenantId);
    const answer = await t.call('POST', `/v1/tenants/${tenantId}/users/import`, { key, body: { users: rows } });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ dryRun: false, created: 3 });
    const ids: string[] = answer.body.userIds;
    const made = await Promise.all(ids.map(async (id) => (await t.call('GET', `/v1/tenants/${tenantId}/users/${id}`, { key })).body));
    expect(made.map((u) => [u.email, u.roles, u.certifiedProfessional, u.hasPassword])).toEqual([
      ['ada@example.com', ['license_manager'], false, false],
      ['bo@example.com', ['member'], true, false],
      ['cy@example.com', ['member'], false, false],
    ]);
    expect(await auditCount(t, tenantId)).toBe(before + 3);
    const audit = await t.call('GET', `/v1/tenants/${tenantId}/audit?action=user.created&limit=10`, { key });
    expect(audit.body.items.map((e: { targetId: string }) => e.targetId).sort()).toEqual([...ids].sort());
  });

  it('answers a dry run as the real run would, and creates nothing', async () => {
    const { tenantId, key } = await tenantWithKey(t);
    const before = await auditCount(t, tenantId);
    const answer = await t.call('POST', `/v1/tenants/${tenantId}/users/import`, { key, body: { users: rows, dryRun: true } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, created: 3 });
    expect(answer.body.userIds).toHaveLength(3);
    expect(await emailsOf(tenantId, key)).toEqual([]);
    expect(await auditCount(t, tenantId)).toBe(before);
  });

  it('refuses 409 already_exists, naming every row that repeats an address of the file or of the tenant, and creates none', async () => {
    const { tenantId, key } = await tenantWithKey(t);
    expect((await t.call('POST', `/v1/tenants/${tenantId}/users`, { key, body: { email: 'Held@example.com', name: 'Held' } })).status).toBe(201);
    const before = await auditCount(t, tenantId);
    const users = [...rows, { email: 'held@example.com', name: 'Again' }, { email: 'BO@example.com', name: 'Bo twice' }];
    for (const dryRun of [false, true]) {
      const answer = await t.call('POST', `/v1/tenants/${tenantId}/users/import`, { key, body: { users, dryRun } });
      expectProblem(answer, 409, 'already_exists');
      expect(answer.body.rows).toEqual([
        { index: 3, email: 'held@example.com', reason: 'exists_in_tenant' },
        { index: 4, email: 'BO@example.com', reason: 'duplicate_in_file', firstIndex: 1 },
      ]);
    }
    expect(await emailsOf(tenantId, key)).toEqual(['Held@example.com']);
    expect(await auditCount(t, tenantId)).toBe(before);
  });

  it('refuses 400 a row that is not a valid user, naming its index, and creates none', async () => {
    const { tenantId, key } = await tenantWithKey(t);
    const answer = await t.call('POST', `/v1/tenants/${tenantId}/users/import`, { key, body: { users: [...rows, { email: 'not-an-address', name: 'X' }] } });
    expectProblem(answer, 400, 'invalid_request', 'users.3.email');
    expect(await emailsOf(tenantId, key)).toEqual([]);
  });

  it('refuses 403 a row giving a role the caller does not hold, and creates none', async () => {
    const { tenantId, key } = await tenantWithKey(t, ['system_admin']);
    const answer = await t.call('POST', `/v1/tenants/${tenantId}/users/import`, { key, body: { users: [...rows, { email: 'boss@example.com', name: 'Boss', roles: ['owner'] }] } });
    expectProblem(answer, 403, 'forbidden', 'roles');
    expect(await emailsOf(tenantId, key)).toEqual([]);
  });

  it('takes ten thousand rows at once, refuses one more, and refuses all ten thousand sent again', async () => {
    const { tenantId, key } = await tenantWithKey(t);
    const many = Array.from({ length: 10_000 }, (_, i) => ({ email: `person${i}@a-rather-long-company-domain.example.com`, name: `Person number ${i}`, roles: ['member'], certifiedProfessional: false }));
    expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/users/import`, { key, body: { users: [...many, { email: 'one@more.example.com', name: 'One more' }] } }), 400, 'invalid_request');
    const answer = await t.call('POST', `/v1/tenants/${tenantId}/users/import`, { key, body: { users: many } });
    expect(answer.status).toBe(201);
    expect(answer.body.created).toBe(10_000);
    const counted = await t.store.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(10_000);
    // Sent again, every row is refused, the last chunk of addresses as much as the first.
    const again = await t.call('POST', `/v1/tenants/${tenantId}/users/import`, { key, body: { users: many, dryRun: true } });
    expectProblem(again, 409, 'already_exists');
    expect(again.body.rows).toHaveLength(10_000);
    expect(again.body.rows[9_999]).toEqual({ index: 9_999, email: many[9_999]?.email, reason: 'exists_in_tenant' });
  });
});
