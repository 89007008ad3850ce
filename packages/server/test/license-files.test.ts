import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLicenseRequest, writeUsageReport } from '@allot/core';
import { prepareInstallation } from '@allot/server';
import { verifyLicenseFile } from '@allot/sdk';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

const fileKey = randomBytes(32).toString('base64');

describe.each(dialects)('license files between a vendor and an offline installation on %s', (dialect) => {
  let vendor: TestApp;
  let customer: TestApp;
  let vendorPem: string;
  let vendorTenant: string;
  let customerTenant: string;
  let customerKey: string;
  const code = `CUST-${dialect}`;

  const issue = async (body: Record<string, unknown>) => {
    const answer = await vendor.call('POST', `/v1/tenants/${vendorTenant}/license-file`, { body: { version: 1, expiresAt: '2030-01-01T00:00:00Z', ...body } });
    if (answer.status !== 200) throw new Error(answer.text);
    return answer.body.file as string;
  };
  const load = (file: string, tenant = customerTenant, app = customer) =>
    app.call('PUT', `/v1/tenants/${tenant}/license-file`, { body: file, headers: { 'content-type': 'text/plain' } });
  const customerLicenses = async () => (await customer.call('GET', `/v1/tenants/${customerTenant}/licenses?limit=500`)).body.items as { code: string; quantity: number; source: string; used: number; id: string }[];

  beforeAll(async () => {
    vendor = await createTestApp(dialect);
    vendorPem = (await vendor.call('GET', '/v1/vendor/public-key', { key: null })).body.publicKeyPem;
    customer = await createTestApp(dialect, undefined, { vendorPublicKeys: vendorPem, licenseFileKey: fileKey });
    for (const app of [vendor, customer]) {
      await app.call('POST', '/v1/products', { body: { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }, { code: 'calls', name: 'Calls' }] } });
    }
    vendorTenant = (await vendor.call('POST', '/v1/tenants', { body: { name: 'Customer', customerCode: code } })).body.id;
    ({ tenantId: customerTenant, key: customerKey } = await tenantWithKey(customer, ['owner'], { customerCode: code }));
    await vendor.call('POST', `/v1/tenants/${vendorTenant}/licenses`, { body: { code: 'crm-users', name: 'CRM users', model: 'named', product: 'crm', quantity: 5 } });
    await vendor.call('POST', `/v1/tenants/${vendorTenant}/licenses`, { body: { code: 'crm-hits', name: 'CRM hits', model: 'hits', product: 'crm', modules: ['calls'], quantity: 100 } });
  });
  afterAll(async () => {
    await vendor.close();
    await customer.close();
  });

  it('publishes the vendor key and signs a file the installation loads, replacing its file licenses', async () => {
    const keyInfo = await vendor.call('GET', '/v1/vendor/public-key', { key: null });
    expect(keyInfo.body).toMatchObject({ algorithm: 'Ed25519', previous: [] });
    expect(keyInfo.body.keyId).toMatch(/^[0-9a-f]{16}$/);
    const file = await issue({ orderNumber: 'PO-1', partnerId: 'P-9' });
    expect(file.startsWith('-----BEGIN ALLOT LICENSE-----')).toBe(true);
    const before = await auditCount(customer, customerTenant);
    const loaded = await load(file);
    expect(loaded.body).toMatchObject({ version: 1, licenses: 2, status: 'licensed' });
    expect((await customerLicenses()).map((l) => [l.code, l.source])).toEqual(expect.arrayContaining([['crm-users', 'license_file'], ['crm-hits', 'license_file']]));
    expect(await auditCount(customer, customerTenant)).toBe(before + 1);
    const info = await customer.call('GET', `/v1/tenants/${customerTenant}/license-file`);
    expect(info.body.loaded).toMatchObject({ version: 1, orderNumber: 'PO-1' });
  });

  it('keeps a file license from change and withdrawal on its own, even by the installation admin: a new file changes it', async () => {
    const users = (await customerLicenses()).find((l) => l.code === 'crm-users');
    expect(users).toMatchObject({ source: 'license_file', quantity: 5 });
    const path = `/v1/tenants/${customerTenant}/licenses/${users?.id}`;
    const before = await auditCount(customer, customerTenant);
    for (const body of [{ quantity: 500 }, { validUntil: '2099-01-01' }, { status: 'suspended' }]) {
      const changed = await customer.call('PATCH', path, { body });
      expect(changed.status).toBe(400);
      expect(changed.body).toMatchObject({ code: 'invalid_request', field: Object.keys(body)[0] });
      expect(changed.body.detail).toMatch(/load a new license file/);
    }
    const withdrawn = await customer.call('DELETE', path);
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.body.code).toBe('conflict');
    const after = await customer.call('GET', path);
    expect(after.body).toMatchObject({ quantity: 5, status: 'active', validUntil: null });
    expect(await auditCount(customer, customerTenant)).toBe(before);
  });

  it('refuses truncated, tampered, re-encoded, foreign and stale files, changing nothing', async () => {
    const file = await issue({ version: 2 });
    const licensesBefore = await customerLicenses();
    const auditBefore = await auditCount(customer, customerTenant);
    const body = file.split('\n').slice(4, -3).join('\n');
    const tampered = (i: number) => file.slice(0, i) + (file[i] === 'A' ? 'B' : 'A') + file.slice(i + 1);
    const reencoded = file.replace(body, Buffer.from(JSON.stringify(JSON.parse(Buffer.from(body.replaceAll('\n', ''), 'base64').toString()), null, 2)).toString('base64'));
    const other = await createTestApp(dialect);
    const foreignTenant = (await other.call('POST', '/v1/tenants', { body: { name: 'X', customerCode: code } })).body.id;
    const foreign = (await other.call('POST', `/v1/tenants/${foreignTenant}/license-file`, { body: { version: 9, expiresAt: '2030-01-01T00:00:00Z' } })).body.file as string;
    await other.close();
    const bad = [file.slice(0, file.length - 40), file.slice(0, 200), reencoded, foreign, '', 'garbage', ...[60, 90, 120, 200, file.length - 60, file.length - 30].map(tampered)];
    for (const candidate of bad) {
      const answer = await load(candidate);
      expect([400, 422]).toContain(answer.status);
      expect(String(answer.headers['content-type'])).toContain('application/problem+json');
    }
    expect((await load(await issue({ version: 1 }))).body.reason).toBe('version');
    expect(await customerLicenses()).toEqual(licensesBefore);
    expect(await auditCount(customer, customerTenant)).toBe(auditBefore);
    expect((await load(file)).status).toBe(200);
  });

  it('keeps seats of licenses that stay, and refuses a file that puts a hit quota below this year', async () => {
    const users = await Promise.all([1, 2].map(async (i) => (await customer.call('POST', `/v1/tenants/${customerTenant}/users`, { key: customerKey, body: { email: `f${i}@c.io`, name: `F${i}` } })).body.id));
    const named = (await customerLicenses()).find((l) => l.code === 'crm-users');
    await customer.call('POST', `/v1/tenants/${customerTenant}/licenses/${named?.id}/assignments`, { key: customerKey, body: { userIds: users } });
    const app = (await customer.call('POST', `/v1/tenants/${customerTenant}/api-keys`, { key: customerKey, body: { kind: 'app' } })).body.key;
    await customer.call('POST', `/v1/tenants/${customerTenant}/usage/hits`, { key: app, body: { events: [{ module: 'crm:calls', kind: 'query', count: 60 }] } });
    const vendorHits = (await vendor.call('GET', `/v1/tenants/${vendorTenant}/licenses?model=hits`)).body.items[0].id;
    await vendor.call('PATCH', `/v1/tenants/${vendorTenant}/licenses/${vendorHits}`, { body: { quantity: 50 } });
    const tooLow = await load(await issue({ version: 3 }));
    expectProblem(tooLow, 422, 'license_file_refused');
    expect(tooLow.body.reason).toBe('quantity_below_usage');
    await vendor.call('PATCH', `/v1/tenants/${vendorTenant}/licenses/${vendorHits}`, { body: { quantity: 500 } });
    expect((await load(await issue({ version: 3 }))).status).toBe(200);
    const after = await customerLicenses();
    expect(after.find((l) => l.code === 'crm-users')).toMatchObject({ id: named?.id, used: 2 });
    expect(after.find((l) => l.code === 'crm-hits')).toMatchObject({ quantity: 500, used: 60 });
  });

  it('binds a file to the installation of a license request; another installation refuses it', async () => {
    const request = await customer.call('POST', `/v1/tenants/${customerTenant}/license-request`, { key: customerKey, body: { companyId: 'COMP-1', targetVersion: '8.2' } });
    expect(request.body.request).toContain('-----BEGIN ALLOT LICENSE REQUEST-----');
    const imported = await vendor.call('POST', '/v1/license-requests', { body: request.body.request, headers: { 'content-type': 'text/plain' } });
    expect(imported.body).toMatchObject({ installationId: request.body.installationId, customerCode: code, companyId: 'COMP-1', targetVersion: '8.2', tenantId: vendorTenant });
    const bound = await issue({ version: 4, installationId: imported.body.installationId });
    const elsewhere = await createTestApp(dialect, undefined, { vendorPublicKeys: vendorPem });
    const { tenantId } = await tenantWithKey(elsewhere, ['owner'], { customerCode: code });
    await elsewhere.call('POST', '/v1/products', { body: { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }, { code: 'calls', name: 'Calls' }] } });
    const refused = await load(bound, tenantId, elsewhere);
    expect(refused.body.reason).toBe('installation');
    await elsewhere.close();
    expect((await load(bound)).status).toBe(200);
    expectProblem(await vendor.call('POST', '/v1/license-requests', { body: 'nonsense', headers: { 'content-type': 'text/plain' } }), 400, 'invalid_request');
  });

  it('refuses a file for another customer, an expired one, and reads an encrypted one only with the key', async () => {
    const otherTenant = (await customer.call('POST', '/v1/tenants', { body: { name: 'Other', customerCode: 'OTHER-CUST' } })).body.id;
    expect((await load(await issue({ version: 5 }), otherTenant)).body.reason).toBe('customer');
    const shortLived = await issue({ version: 5, expiresAt: '2026-02-01T00:00:00Z' });
    const today = customer.clock.current;
    customer.clock.current = '2026-02-01T00:00:00.000Z';
    expect((await load(shortLived)).body.reason).toBe('expired');
    customer.clock.current = today;
    const encrypted = await issue({ version: 5, encryptionKey: fileKey });
    expect(encrypted).toContain('Encryption: aes-256-gcm');
    expect(encrypted).not.toContain(Buffer.from('crm-users').toString('base64').slice(0, 8));
    expect((await load(encrypted)).status).toBe(200);
  });

  it('verifies a file offline in the SDK with the public key alone', async () => {
    const file = await issue({ version: 6 });
    const verdict = verifyLicenseFile(file, [vendorPem]);
    expect(verdict).toMatchObject({ valid: true, customerCode: code, version: 6, expired: false });
    if (verdict.valid) expect(verdict.licenses.map((l) => l.code).sort()).toEqual(['crm-hits', 'crm-users']);
    expect(verifyLicenseFile(file.replace('Key-Id: ', 'Key-Id: ').replace(/=(.)/, (_m, c: string) => `=${c === 'A' ? 'B' : 'A'}`), [vendorPem])).toMatchObject({ valid: false });
    expect(verifyLicenseFile(file, [])).toMatchObject({ valid: false, reason: 'unknown_key' });
  });

  it('signs usage reports that the vendor verifies and stores, and refuses a changed one', async () => {
    const report = await customer.call('POST', `/v1/tenants/${customerTenant}/usage-report`, { key: customerKey, body: { from: '2020-01-01T00:00:00Z', to: '2035-01-01T00:00:00Z' } });
    expect(report.body.report).toContain('-----BEGIN ALLOT USAGE REPORT-----');
    const received = await vendor.call('POST', '/v1/usage-reports', { body: report.body.report, headers: { 'content-type': 'text/plain' } });
    expect(received.body).toMatchObject({ installationId: report.body.installationId, customerCode: code });
    expect(received.body.report.hits).toEqual([{ licenseCode: 'crm-hits', hits: 60 }]);
    const lines = report.body.report.split('\n');
    lines[4] = lines[4].slice(0, 10) + (lines[4][10] === 'A' ? 'B' : 'A') + lines[4].slice(11);
    expectProblem(await vendor.call('POST', '/v1/usage-reports', { body: lines.join('\n'), headers: { 'content-type': 'text/plain' } }), 400, 'invalid_request');
  });

  it('survives fuzzed license files without a 5xx', async () => {
    const file = await issue({ version: 9 });
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 150; i++) {
      const chars = file.split('');
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * chars.length);
        const op = random();
        if (op < 0.4) chars[at] = String.fromCharCode(32 + Math.floor(random() * 95));
        else if (op < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, random() < 0.5 ? '\n' : '=');
      }
      const answer = await load(chars.join(''));
      expect(answer.status).toBeLessThan(500);
    }
  });

  it('goes to demo mode when every license is deleted, while the admin API goes on working', async () => {
    const users = await customer.call('POST', `/v1/tenants/${customerTenant}/users`, { key: customerKey, body: { email: 'demo@c.io', name: 'Demo' } });
    expect((await customer.call('DELETE', `/v1/tenants/${customerTenant}/licenses`, { key: customerKey })).body.removed).toBeGreaterThan(0);
    expect((await customer.call('GET', `/v1/tenants/${customerTenant}`)).body.status).toBe('demo');
    const app = (await customer.call('POST', `/v1/tenants/${customerTenant}/api-keys`, { key: customerKey, body: { kind: 'app' } })).body.key;
    expect((await customer.call('POST', `/v1/tenants/${customerTenant}/access`, { key: app, body: { userId: users.body.id, module: 'crm:leads' } })).body.code).toBe('demo_mode');
    expect((await customer.call('GET', `/v1/tenants/${customerTenant}/users`, { key: customerKey })).status).toBe(200);
    // Deleting the licenses keeps the version floor: an older file (more seats, say) cannot come back.
    expect((await load(await issue({ version: 5 }))).body.reason).toBe('version');
    expect((await customer.call('GET', `/v1/tenants/${customerTenant}`)).body.status).toBe('demo');
    expect((await load(await issue({ version: 10 }))).body.status).toBe('licensed');
  });


  it('loads a file issued with codes as the vendor writes them, in the spelling of the installation catalog', async () => {
    const codes = `PSS2-${dialect}`;
    await vendor.call('POST', '/v1/products', { body: { code: 'PSS2', name: 'PSS2', modules: [{ code: 'WebDAV_Audit', name: 'Audit' }, { code: 'Reservations', name: 'Reservations' }] } });
    await customer.call('POST', '/v1/products', { body: { code: 'Pss2', name: 'PSS2', modules: [{ code: 'WEBDAV_AUDIT', name: 'Audit' }, { code: 'Reservations', name: 'Reservations' }] } });
    const issuer = (await vendor.call('POST', '/v1/tenants', { body: { name: 'Codes', customerCode: codes } })).body.id;
    const named = await vendor.call('POST', `/v1/tenants/${issuer}/licenses`, { body: { code: 'CRM-N', name: 'CRM-N', model: 'named', product: 'pss2', modules: ['webdav_audit'], quantity: 5 } });
    expect(named.body).toMatchObject({ code: 'CRM-N', product: 'PSS2', modules: ['WebDAV_Audit'] });
    await vendor.call('POST', `/v1/tenants/${issuer}/licenses`, { body: { code: 'PMFS-PRO', name: 'PMFS-PRO', model: 'server', product: 'PSS2', modules: ['Reservations'] } });
    const issued = await vendor.call('POST', `/v1/tenants/${issuer}/license-file`, { body: { version: 1, expiresAt: '2030-01-01T00:00:00Z' } });
    expect(issued.status).toBe(200);

    const { tenantId, key } = await tenantWithKey(customer, ['owner'], { customerCode: codes });
    const loaded = await load(issued.body.file, tenantId);
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ version: 1, licenses: 2 });
    const licenses = (await customer.call('GET', `/v1/tenants/${tenantId}/licenses`)).body.items as { id: string; code: string; product: string; modules: string[] }[];
    expect(licenses.map((l) => [l.code, l.product, l.modules]).sort()).toEqual([
      ['CRM-N', 'Pss2', ['WEBDAV_AUDIT']],
      ['PMFS-PRO', 'Pss2', ['Reservations']],
    ]);
    const user = (await customer.call('POST', `/v1/tenants/${tenantId}/users`, { key, body: { email: 'codes@c.io', name: 'Codes' } })).body.id;
    const crmN = licenses.find((l) => l.code === 'CRM-N');
    expect((await customer.call('POST', `/v1/tenants/${tenantId}/licenses/${crmN?.id}/assignments`, { key, body: { userIds: [user] } })).status).toBe(200);
    const app = (await customer.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key, body: { kind: 'app' } })).body.key;
    expect((await customer.call('POST', `/v1/tenants/${tenantId}/access`, { key: app, body: { userId: user, module: 'PSS2:WebDAV_Audit' } })).body).toMatchObject({ allowed: true, code: 'licensed' });
    expect((await customer.call('POST', `/v1/tenants/${tenantId}/access`, { key: app, body: { userId: user, module: 'pss2:reservations' } })).body).toMatchObject({ allowed: true, code: 'server_license' });
  });

  it('keeps trusting files signed before a key rotation', async () => {
    const before = await issue({ version: 11 });
    const rotated = await vendor.call('POST', '/v1/vendor/keys/rotate');
    expect(rotated.body.previous).toHaveLength(1);
    const selfTenant = (await vendor.call('POST', '/v1/tenants', { body: { name: 'Self', customerCode: `SELF-${dialect}` } })).body.id;
    const selfFile = (await vendor.call('POST', `/v1/tenants/${selfTenant}/license-file`, { body: { version: 1, expiresAt: '2030-01-01T00:00:00Z' } })).body;
    expect(selfFile.keyId).toBe(rotated.body.keyId);
    expect((await load(before)).status).toBe(200);
  });
});

describe.each(dialects)('offline installations and their vendor: trust, catalog and the issue body on %s', (dialect) => {
  let vendor: TestApp;
  let site: TestApp;
  let vendorPem: string;
  const code = `SITE-${dialect}`;
  let vendorTenant: string;
  let siteTenant: string;
  let siteKey: string;
  let installationId: string;

  const text = { 'content-type': 'text/plain' };
  const issue = (tenant: string, body: Record<string, unknown>) => vendor.call('POST', `/v1/tenants/${tenant}/license-file`, { body: { version: 1, expiresAt: '2030-01-01T00:00:00Z', ...body } });
  const report = async (tenant = siteTenant, key = siteKey) => (await site.call('POST', `/v1/tenants/${tenant}/usage-report`, { key, body: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } })).body.report as string;
  const send = (body: string) => vendor.call('POST', '/v1/usage-reports', { body, headers: text });
  const storedReports = async () => Number((await vendor.store.db.selectFrom('usage_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    vendor = await createTestApp(dialect);
    vendorPem = (await vendor.call('GET', '/v1/vendor/public-key', { key: null })).body.publicKeyPem;
    // The site has an empty catalog: everything it knows of products comes in license files.
    site = await createTestApp(dialect, undefined, { vendorPublicKeys: vendorPem });
    await vendor.call('POST', '/v1/products', { body: { code: 'pss2', name: 'Planon PSS', modules: [{ code: 'core', name: 'Core' }, { code: 'webdav_audit', name: 'WebDAV audit' }] } });
    await vendor.call('POST', '/v1/products', { body: { code: 'unrelated', name: 'Not licensed here', modules: [{ code: 'x', name: 'X' }] } });
    await vendor.call('POST', '/v1/solutions', { body: { code: 'fm', name: 'Facility management', modules: ['pss2:core'] } });
    vendorTenant = (await vendor.call('POST', '/v1/tenants', { body: { name: 'Site customer', customerCode: code } })).body.id;
    await vendor.call('POST', `/v1/tenants/${vendorTenant}/licenses`, { body: { code: 'fm-users', name: 'FM users', model: 'solution', solution: 'fm', quantity: 2 } });
    await vendor.call('POST', `/v1/tenants/${vendorTenant}/licenses`, { body: { code: 'audit-sessions', name: 'WebDAV audit sessions', model: 'concurrent', product: 'pss2', modules: ['webdav_audit'], quantity: 1 } });
    ({ tenantId: siteTenant, key: siteKey } = await tenantWithKey(site, ['owner'], { customerCode: code }));
    installationId = (await site.call('GET', `/v1/tenants/${siteTenant}/license-file`, { key: siteKey })).body.installationId;
  });
  afterAll(async () => {
    await vendor.close();
    await site.close();
  });

  it('has its signing keys and installation id from start-up, and reading them writes nothing', async () => {
    const rows = async () => ({
      keys: (await site.store.db.selectFrom('signing_keys').select(['id', 'purpose']).where('retired_at', 'is', null).orderBy('purpose').execute()).map((k) => k.purpose),
      installations: (await site.store.db.selectFrom('installation').select('id').execute()).map((i) => i.id),
    });
    const atStart = await rows();
    expect(atStart).toEqual({ keys: ['installation', 'vendor'], installations: [installationId] });
    expect((await site.call('GET', '/v1/vendor/public-key', { key: null })).status).toBe(200);
    expect((await site.call('GET', `/v1/tenants/${siteTenant}/license-file`, { key: siteKey })).body.installationId).toBe(installationId);
    expect(await rows()).toEqual(atStart);
    // Nodes starting at once on one database agree on one key per purpose and one installation.
    const other = site.database.open();
    const secrets = { secretKey: site.secretKey };
    await Promise.all([prepareInstallation(site.store, site.clock, secrets), prepareInstallation(other, site.clock, secrets), prepareInstallation(site.store, site.clock, secrets)]);
    if (other !== site.store) await other.close();
    expect(await rows()).toEqual(atStart);
  });

  it('brings the catalog entries its licenses need into an installation that has none, so access checks and sessions work', async () => {
    const issued = await issue(vendorTenant, { version: 1 });
    expect(issued.status).toBe(200);
    const loaded = await site.call('PUT', `/v1/tenants/${siteTenant}/license-file`, { key: siteKey, body: issued.body.file, headers: text });
    expect(loaded.status).toBe(200);
    const products = (await site.call('GET', '/v1/products')).body.items as { code: string; modules: { code: string }[] }[];
    expect(products.map((p) => [p.code, p.modules.map((m) => m.code)])).toEqual([['pss2', ['core', 'webdav_audit']]]);
    expect((await site.call('GET', '/v1/solutions')).body.items.map((s: { code: string; modules: string[] }) => [s.code, s.modules])).toEqual([['fm', ['pss2:core']]]);
    const user = (await site.call('POST', `/v1/tenants/${siteTenant}/users`, { key: siteKey, body: { email: 'fm@site.io', name: 'FM user' } })).body.id;
    const licenses = (await site.call('GET', `/v1/tenants/${siteTenant}/licenses`, { key: siteKey })).body.items as { id: string; code: string }[];
    const fmUsers = licenses.find((l) => l.code === 'fm-users')?.id;
    expect((await site.call('POST', `/v1/tenants/${siteTenant}/licenses/${fmUsers}/assignments`, { key: siteKey, body: { userIds: [user] } })).status).toBeLessThan(300);
    const app = (await site.call('POST', `/v1/tenants/${siteTenant}/api-keys`, { key: siteKey, body: { kind: 'app' } })).body.key;
    expect((await site.call('POST', `/v1/tenants/${siteTenant}/access`, { key: app, body: { userId: user, module: 'pss2:core' } })).body).toMatchObject({ allowed: true, code: 'licensed' });
    expect((await site.call('POST', `/v1/tenants/${siteTenant}/sessions`, { key: app, body: { userId: user, modules: ['pss2:webdav_audit'] } })).status).toBe(201);

    // A later file brings what the vendor's catalog gained, and changes nothing else.
    await vendor.call('PATCH', `/v1/products/${(await vendor.call('GET', '/v1/products')).body.items.find((p: { code: string }) => p.code === 'pss2').id}`, { body: { name: 'Planon PSS 2', addModules: [{ code: 'space', name: 'Space' }] } });
    expect((await site.call('PUT', `/v1/tenants/${siteTenant}/license-file`, { key: siteKey, body: (await issue(vendorTenant, { version: 2 })).body.file, headers: text })).status).toBe(200);
    const after = (await site.call('GET', '/v1/products')).body.items as { code: string; name: string; modules: { code: string }[] }[];
    expect(after.map((p) => [p.code, p.name, p.modules.map((m) => m.code)])).toEqual([['pss2', 'Planon PSS 2', ['core', 'space', 'webdav_audit']]]);
  });

  it('refuses to issue a file that is expired at the tenant\'s now, its sandbox clock included', async () => {
    const past = await issue(vendorTenant, { expiresAt: '2026-01-15T08:59:59Z' });
    expectProblem(past, 400, 'invalid_request');
    expect(past.body.field).toBe('expiresAt');
    const backThen = (await vendor.call('POST', '/v1/tenants', { body: { name: 'Back then', customerCode: `THEN-${dialect}`, mode: 'sandbox', clock: '2020-06-01T00:00:00Z' } })).body.id;
    expect((await issue(backThen, { expiresAt: '2021-01-01T00:00:00Z' })).status).toBe(200);
    const later = (await vendor.call('POST', '/v1/tenants', { body: { name: 'Later', customerCode: `LATER-${dialect}`, mode: 'sandbox', clock: '2031-06-01T00:00:00Z' } })).body.id;
    expect((await issue(later, { expiresAt: '2030-01-01T00:00:00Z' })).body).toMatchObject({ code: 'invalid_request', field: 'expiresAt' });
    expect((await issue(later, { expiresAt: '2032-01-01T01:00:00+02:00' })).status).toBe(200);
  });

  it('takes customerName and customerCode in the issue body: the name is the file\'s, the code must be the tenant\'s', async () => {
    const named = await issue(vendorTenant, { customerName: 'Site GmbH', customerCode: code });
    expect(named.status).toBe(200);
    expect(verifyLicenseFile(named.body.file, [vendorPem])).toMatchObject({ valid: true, customerCode: code, customerName: 'Site GmbH' });
    expect(verifyLicenseFile((await issue(vendorTenant, {})).body.file, [vendorPem])).toMatchObject({ customerName: 'Site customer' });
    const other = await issue(vendorTenant, { customerCode: 'SOMEONE-ELSE' });
    expectProblem(other, 400, 'invalid_request');
    expect(other.body.field).toBe('customerCode');
  });

  it('trusts usage reports only from installations it learned from license requests, and stores a repeat once', async () => {
    const unknown = await send(await report());
    expectProblem(unknown, 422, 'untrusted_installation');
    expect(await storedReports()).toBe(0);

    const request = await site.call('POST', `/v1/tenants/${siteTenant}/license-request`, { key: siteKey, body: { companyId: 'SITE-1' } });
    expect((await vendor.call('POST', '/v1/license-requests', { body: request.body.request, headers: text })).status).toBe(200);

    // A fresh key claiming that installation: as a report, and as a request to be learned.
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const forged = writeUsageReport(
      { format: 'allot-usage-report/2', installationId, customerCode: code, from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', createdAt: '2026-01-15T09:00:00.000Z', hits: [], data: [], sessions: [], denials: {} },
      privateKey,
      publicKey,
    );
    expectProblem(await send(forged), 422, 'untrusted_installation');
    const forgedRequest = writeLicenseRequest(
      { format: 'allot-license-request/2', installationId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), customerCode: code, customerName: 'X', companyId: 'X', targetVersion: null, createdAt: '2026-01-15T09:00:00.000Z', licenses: [] },
      privateKey,
      publicKey,
    );
    expectProblem(await vendor.call('POST', '/v1/license-requests', { body: forgedRequest, headers: text }), 422, 'untrusted_installation');
    expectProblem(await send(forged), 422, 'untrusted_installation');
    expect(await storedReports()).toBe(0);

    const genuine = await report();
    const first = await send(genuine);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ installationId, customerCode: code, duplicate: false });
    const again = await send(genuine);
    expect(again.body).toMatchObject({ id: first.body.id, duplicate: true });
    expect(await storedReports()).toBe(1);
    expect((await vendor.call('GET', `/v1/audit?action=usage_report.received`)).body.items).toHaveLength(1);
  });

  it('extends an installation\'s trust to a customer only by its request or a file bound to it', async () => {
    const { tenantId: second, key: secondKey } = await tenantWithKey(site, ['owner'], { customerCode: `SECOND-${dialect}` });
    const secondReport = await report(second, secondKey);
    expectProblem(await send(secondReport), 422, 'untrusted_installation');
    const vendorSecond = (await vendor.call('POST', '/v1/tenants', { body: { name: 'Second', customerCode: `SECOND-${dialect}` } })).body.id;
    expect((await issue(vendorSecond, { installationId })).status).toBe(200);
    expect((await send(secondReport)).body).toMatchObject({ customerCode: `SECOND-${dialect}`, duplicate: false });
  });

  it('writes a vendor key rotation to the audit log with the key ids, never private material', async () => {
    const before = (await vendor.call('GET', '/v1/vendor/public-key', { key: null })).body.keyId;
    const [one, two] = await Promise.all([vendor.call('POST', '/v1/vendor/keys/rotate'), vendor.call('POST', '/v1/vendor/keys/rotate')]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const current = await vendor.store.db.selectFrom('signing_keys').select('id').where('purpose', '=', 'vendor').where('retired_at', 'is', null).execute();
    expect(current).toHaveLength(1);
    const entries = (await vendor.call('GET', '/v1/audit?action=vendor_key.rotated')).body.items as { actor: string; before: { keyId: string }; after: { keyId: string }; targetId: string }[];
    expect(entries).toHaveLength(2);
    const chain = entries.map((e) => [e.before.keyId, e.after.keyId]).reverse();
    expect(chain[0]?.[0]).toBe(before);
    expect(chain[1]?.[0]).toBe(chain[0]?.[1]);
    expect(chain[1]?.[1]).toBe(current[0]?.id);
    expect(entries.every((e) => e.actor === 'admin-token' && e.targetId === e.after.keyId)).toBe(true);
    expect(JSON.stringify(entries)).not.toMatch(/PRIVATE|BEGIN/);
  });
});
