import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTenant } from '@allot/storage';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('audit log on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  const audit = (query = '', key?: string) => t.call('GET', `/v1/tenants/${tenantId}/audit${query}`, key === undefined ? { key: ownerKey } : { key });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-01-31T10:00:00Z' }));
    for (let i = 0; i < 5; i++) {
      await t.call('POST', `/v1/tenants/${tenantId}/users`, { key: ownerKey, body: { email: `u${i}@example.com`, name: `U${i}` } });
    }
    await t.call('POST', `/v1/tenants/${tenantId}/clock`, { key: ownerKey, body: { advanceBy: 'P1D' } });
    await t.call('POST', `/v1/tenants/${tenantId}/groups`, { key: ownerKey, body: { name: 'After' } });
  });
  afterAll(() => t.close());

  it('records every change with actor, action, target, before, after and the tenant time', async () => {
    const page = await audit('?limit=500');
    const actions = page.body.items.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('group.created');
    expect(actions).toContain('tenant.clock_advanced');
    expect(actions.filter((a: string) => a === 'user.created')).toHaveLength(5);
    const group = page.body.items[0];
    expect(group).toMatchObject({ tenantId, targetType: 'group', before: null, after: { name: 'After' }, at: '2024-02-01T10:00:00.000Z' });
    expect(group.actor).toMatch(/^key:key_/);
    expect(group.requestId).toMatch(/^req_/);
  });

  it('pages newest first with a cursor, without repeats or gaps', async () => {
    const all = (await audit('?limit=500')).body.items.map((e: { id: string }) => e.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(all);
  });

  it('filters by action prefix, actor, target and time', async () => {
    expect((await audit('?action=user.')).body.items).toHaveLength(5);
    expect((await audit('?action=user.created&limit=2')).body.items).toHaveLength(2);
    const group = (await audit('?targetType=group')).body.items;
    expect(group).toHaveLength(1);
    expect((await audit(`?targetId=${group[0].targetId}`)).body.items).toHaveLength(1);
    expect((await audit('?actor=admin-token')).body.items.map((e: { action: string }) => e.action)).toEqual(['api_key.created', 'tenant.created']);
    const afterMove = await audit('?from=2024-02-01T00:00:00Z');
    expect(afterMove.body.items.map((e: { action: string }) => e.action)).toEqual(['group.created', 'tenant.clock_advanced']);
    expect((await audit('?to=2024-01-31T00:00:00Z')).body.items).toHaveLength(0);
  });

  it('exports CSV with a header and one line per event', async () => {
    const csv = await audit('?format=csv&action=user.');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('audit.csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,tenantId,actor,action,targetType,targetId,before,after,at,requestId');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain('user.created');
  });

  it('shows the vendor every tenant and the vendor-wide trail', async () => {
    await t.call('POST', '/v1/products', { body: { code: 'audited', name: 'Audited' } });
    const vendor = await t.call('GET', '/v1/audit?action=product.created');
    expect(vendor.body.items[0]).toMatchObject({ tenantId: null, targetType: 'product' });
    const one = await t.call('GET', `/v1/audit?tenantId=${tenantId}&action=group.`);
    expect(one.body.items).toHaveLength(1);
  });

  it('writes the change and its event in one transaction: a failed change leaves no event', async () => {
    const before = await auditCount(t, tenantId);
    expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/users`, { key: ownerKey, body: { email: 'u0@example.com', name: 'Dup' } }), 409, 'already_exists');
    expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/clock`, { key: ownerKey, body: { to: '2020-01-01T00:00:00Z' } }), 409, 'clock_backwards');
    expect(await auditCount(t, tenantId)).toBe(before);
  });

  it('refuses a bad cursor and bad dates with 400', async () => {
    expectProblem(await audit('?cursor=bm90LWFuLWlk'), 400, 'invalid_request');
    expectProblem(await audit('?from=yesterday'), 400, 'invalid_request');
    expectProblem(await audit('?format=xml'), 400, 'invalid_request');
  });

  it('is for owners, system admins and auditors, not members or apps, and never for another tenant', async () => {
    const auditor = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['auditor'] } });
    const member = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['member'] } });
    const manager = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['license_manager'] } });
    expect((await audit('', auditor.body.key)).status).toBe(200);
    expectProblem(await audit('', member.body.key), 403, 'forbidden');
    expectProblem(await audit('', manager.body.key), 403, 'forbidden');
    const other = await tenantWithKey(t);
    expectProblem(await audit('', other.key), 404, 'not_found');
    expectProblem(await t.call('GET', '/v1/audit', { key: ownerKey }), 403, 'forbidden');
  });

  it('keeps a tenant made directly in storage visible to the vendor only', async () => {
    await insertTenant(t.store.db, { id: 'ten_direct0000000000000000000', name: 'Direct', customerCode: 'DIRECT', timeZone: 'UTC', mode: 'live', status: 'licensed', clock: null, createdAt: t.clock.now(), updatedAt: t.clock.now() });
    expect((await t.call('GET', '/v1/tenants/ten_direct0000000000000000000/audit')).body.items).toEqual([]);
  });
});
