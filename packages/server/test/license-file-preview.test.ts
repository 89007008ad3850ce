import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('previewing a license file before loading it, on %s', (dialect) => {
  let vendor: TestApp;
  let customer: TestApp;
  let vendorTenant: string;
  let customerTenant: string;
  const code = `PREV-${dialect}`;

  const issue = async (body: Record<string, unknown>) => {
    const answer = await vendor.call('POST', `/v1/tenants/${vendorTenant}/license-file`, { body: { expiresAt: '2030-01-01T00:00:00Z', ...body } });
    if (answer.status !== 200) throw new Error(answer.text);
    return answer.body.file as string;
  };
  const vendorLicense = async (licenseCode: string) => ((await vendor.call('GET', `/v1/tenants/${vendorTenant}/licenses?limit=500`)).body.items as { id: string; code: string }[]).find((l) => l.code === licenseCode)?.id;
  const load = (file: string, dryRun: boolean) =>
    customer.call('PUT', `/v1/tenants/${customerTenant}/license-file${dryRun ? '?dryRun=true' : ''}`, { body: file, headers: { 'content-type': 'text/plain' } });
  /** Everything a load may change, read through the API and the audit log. */
  const state = async () => ({
    licenses: (await customer.call('GET', `/v1/tenants/${customerTenant}/licenses?limit=500`)).body.items,
    file: (await customer.call('GET', `/v1/tenants/${customerTenant}/license-file`)).body,
    tenant: (await customer.call('GET', `/v1/tenants/${customerTenant}`)).body.status,
    products: (await customer.call('GET', '/v1/products?limit=500')).body.items.map((p: { code: string }) => p.code),
    audit: await auditCount(customer, customerTenant),
    vendorAudit: await auditCount(customer, null),
    events: Number((await customer.store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', customerTenant).executeTakeFirstOrThrow()).n),
    graces: Number((await customer.store.db.selectFrom('license_grace').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', customerTenant).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    vendor = await createTestApp(dialect);
    const vendorPem = (await vendor.call('GET', '/v1/vendor/public-key', { key: null })).body.publicKeyPem;
    customer = await createTestApp(dialect, undefined, { vendorPublicKeys: vendorPem });
    await vendor.call('POST', '/v1/products', { body: { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }, { code: 'calls', name: 'Calls' }] } });
    await vendor.call('POST', '/v1/products', { body: { code: 'fm', name: 'Facilities', modules: [{ code: 'rooms', name: 'Rooms' }] } });
    vendorTenant = (await vendor.call('POST', '/v1/tenants', { body: { name: 'Preview Customer', customerCode: code } })).body.id;
    ({ tenantId: customerTenant } = await tenantWithKey(customer, ['owner'], { customerCode: code, name: 'Preview Customer' }));
    await vendor.call('POST', `/v1/tenants/${vendorTenant}/licenses`, { body: { code: 'crm-users', name: 'CRM users', model: 'named', product: 'crm', quantity: 5 } });
    await vendor.call('POST', `/v1/tenants/${vendorTenant}/licenses`, { body: { code: 'crm-hits', name: 'CRM hits', model: 'hits', product: 'crm', modules: ['calls'], quantity: 100 } });
  });
  afterAll(async () => {
    await vendor.close();
    await customer.close();
  });

  it('previews a first file as every license added, changing nothing, and the load then does exactly that', async () => {
    const file = await issue({ version: 1, orderNumber: 'PO-1', partnerId: 'P-9' });
    const before = await state();
    const preview = await load(file, true);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, version: 1, licenses: 2, status: 'licensed' });
    expect(preview.body.changes.added.map((l: { code: string }) => l.code)).toEqual(['crm-hits', 'crm-users']);
    expect(preview.body.changes).toMatchObject({ changed: [], removed: [] });
    expect(preview.body.file).toMatchObject({ version: 1, customerCode: code, customerName: 'Preview Customer', partnerId: 'P-9', orderNumber: 'PO-1', grace: null });
    expect(await state()).toEqual(before);
    expect(before.file.loaded).toBeNull();

    const loaded = await load(file, false);
    expect(loaded.body).toMatchObject({ dryRun: false, changes: preview.body.changes, file: preview.body.file });
    const after = await state();
    expect(after.licenses.map((l: { code: string }) => l.code).sort()).toEqual(['crm-hits', 'crm-users']);
    expect(after.audit).toBe(before.audit + 1);
  });

  it('previews changed and removed licenses field by field, as the next load then changes them', async () => {
    await vendor.call('PATCH', `/v1/tenants/${vendorTenant}/licenses/${await vendorLicense('crm-users')}`, { body: { quantity: 12, validUntil: '2029-06-30T00:00:00Z' } });
    await vendor.call('DELETE', `/v1/tenants/${vendorTenant}/licenses/${await vendorLicense('crm-hits')}`);
    await vendor.call('POST', `/v1/tenants/${vendorTenant}/licenses`, { body: { code: 'fm-pool', name: 'Rooms pool', model: 'concurrent', product: 'fm', quantity: 3 } });
    const file = await issue({ version: 2, orderNumber: 'PO-2', grace: { licenseCode: 'fm-pool', startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-03-15T00:00:00Z', orderNumber: 'G-1' } });
    const before = await state();
    const preview = await load(file, true);
    expect(preview.body.changes.added.map((l: { code: string }) => l.code)).toEqual(['fm-pool']);
    expect(preview.body.changes.removed.map((l: { code: string }) => l.code)).toEqual(['crm-hits']);
    expect(preview.body.changes.changed).toHaveLength(1);
    expect(preview.body.changes.changed[0]).toMatchObject({ code: 'crm-users' });
    const fields = Object.fromEntries(preview.body.changes.changed[0].changes.map((c: { field: string; before: unknown; after: unknown }) => [c.field, [c.before, c.after]]));
    expect(fields.quantity).toEqual([5, 12]);
    expect(fields.validUntil?.[0]).toBeNull();
    expect(Date.parse(fields.validUntil?.[1])).toBe(Date.parse('2029-06-30T00:00:00Z'));
    // The file brings the fm product: previewing it adds nothing to this installation's catalog.
    expect(await state()).toEqual(before);
    expect(before.products).not.toContain('fm');

    const loaded = await load(file, false);
    expect(loaded.body.changes).toEqual(preview.body.changes);
    const afterLoad = await state();
    expect([afterLoad.graces, afterLoad.events]).toEqual([before.graces + 1, before.events + 1]);
    const licenses = afterLoad.licenses as { code: string; quantity: number; validUntil: string | null }[];
    expect(licenses.map((l) => l.code).sort()).toEqual(['crm-users', 'fm-pool']);
    expect(licenses.find((l) => l.code === 'crm-users')?.quantity).toBe(12);
    const info = (await customer.call('GET', `/v1/tenants/${customerTenant}/license-file`)).body;
    expect(info.loaded).toMatchObject({
      version: 2,
      customerCode: code,
      customerName: 'Preview Customer',
      orderNumber: 'PO-2',
      partnerId: null,
      installationId: null,
      expiresAt: preview.body.file.expiresAt,
      keyId: preview.body.file.keyId,
      grace: { licenseCode: 'fm-pool', orderNumber: 'G-1' },
    });
    expect(Date.parse(info.loaded.grace.startsAt)).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(typeof info.loaded.issuedAt).toBe('string');
    expect(typeof info.loaded.loadedAt).toBe('string');
  });

  it('refuses a bad signature and a stale version in a dry run exactly as the load does', async () => {
    const file = await issue({ version: 3 });
    const tampered = file.replace(/=(.)/, (_m, c: string) => `=${c === 'A' ? 'B' : 'A'}`);
    const stale = await issue({ version: 2 });
    const before = await state();
    for (const bad of [tampered, stale, 'garbage']) {
      const dry = await load(bad, true);
      const real = await load(bad, false);
      expect(dry.status).toBe(real.status);
      expect(dry.body.code).toBe(real.body.code);
      expect(dry.body.reason).toBe(real.body.reason);
      expect(dry.body.detail).toBe(real.body.detail);
    }
    expectProblem(await load(tampered, true), 422, 'license_file_refused');
    expect((await load(stale, true)).body.reason).toBe('version');
    expect(await state()).toEqual(before);
  });

  it('previews a file for a tenant in demo mode as licensing it again, and leaves it in demo mode', async () => {
    expect((await customer.call('DELETE', `/v1/tenants/${customerTenant}/licenses`)).body).toEqual({ removed: 2 });
    const file = await issue({ version: 3 });
    const before = await state();
    expect(before.tenant).toBe('demo');
    // The file of version 2 stays the floor after every license is deleted.
    expect(before.file.loaded.version).toBe(2);
    const preview = await load(file, true);
    expect(preview.body).toMatchObject({ status: 'licensed', changes: { changed: [], removed: [] } });
    expect(preview.body.changes.added.map((l: { code: string }) => l.code)).toEqual(['crm-users', 'fm-pool']);
    expect(await state()).toEqual(before);
    expect((await load(file, false)).body).toMatchObject({ status: 'licensed', changes: preview.body.changes });
  });
});
