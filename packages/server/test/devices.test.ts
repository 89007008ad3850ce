import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('device licenses on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const issue = async (termDays: number, count = 1, category = 'switch') => (await t.call('POST', '/v1/license-keys', { body: { category, termDays, count } })).body;
  const register = (key: string, termsAccepted: boolean | 'omitted' = true, on = tenantId, apiKey = ownerKey) =>
    t.call('POST', `/v1/tenants/${on}/license-keys`, { key: apiKey, body: termsAccepted === 'omitted' ? { key } : { key, termsAccepted } });
  const device = async (name: string) => (await t.call('POST', path('/devices'), { key: ownerKey, body: { name, serial: `SN-${name}`, model: 'GS-2352' } })).body;
  const clock = (to: string) => t.call('POST', path('/clock'), { key: ownerKey, body: { to } });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-01-31T09:00:00Z', timeZone: 'Europe/Berlin' }));
  });
  afterAll(() => t.close());

  it('follows the worked example of SPEC 3.9: assign, detach with the rounding rule, reassign', async () => {
    const key = await issue(365);
    expect(key.key).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/);
    const registered = await register(key.key);
    expect(registered.status).toBe(201);
    expect(registered.body.licenses).toHaveLength(1);
    const [first, second] = [await device('one'), await device('two')];
    expect(first.license).toBe('none');
    const assigned = await t.call('POST', path(`/devices/${first.id}/license`), { key: ownerKey, body: { deviceLicenseIds: [registered.body.licenses[0].id] } });
    expect(assigned.body).toMatchObject({ license: 'valid', licensedSince: '2024-01-31', validUntil: '2025-01-30' });
    await clock('2024-03-06T15:00:00Z');
    const detached = await t.call('DELETE', path(`/devices/${first.id}/license`), { key: ownerKey });
    expect(detached.body.remainingDays).toBe(327);
    expect(detached.body.returned).toMatchObject({ termDays: 327, origin: 'remainder', state: 'available' });
    expect(detached.body.device.license).toBe('none');
    await clock('2024-03-07T09:00:00Z');
    const reassigned = await t.call('POST', path(`/devices/${second.id}/license`), { key: ownerKey, body: { deviceLicenseIds: [detached.body.returned.id] } });
    expect(reassigned.body.validUntil).toBe('2025-01-28');
    expect((await t.call('POST', path(`/devices/${second.id}/validate`), { key: ownerKey })).body).toEqual({ deviceId: second.id, licensed: true, validUntil: '2025-01-28' });
  });

  it('combines several licenses into one cumulative term, stacks on a running license, and picks shortest or longest', async () => {
    await register((await issue(365, 2)).key);
    await register((await issue(1095, 1)).key);
    await register((await issue(1825, 1, 'router')).key);
    const d = await device('stack');
    const auto = await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { auto: 'shortest', count: 2, category: 'switch' } });
    expect(auto.body).toMatchObject({ licensedSince: '2024-03-07', validUntil: '2026-03-07' });
    const longer = await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { auto: 'longest', count: 1, category: 'switch' } });
    expect(longer.body.validUntil).toBe('2029-03-06');
    const assigned = await t.call('GET', path('/device-licenses?state=assigned'), { key: ownerKey });
    expect(assigned.body.items.filter((l: { deviceId: string }) => l.deviceId === d.id).map((l: { termDays: number }) => l.termDays).sort((a: number, b: number) => a - b)).toEqual([365, 365, 1095]);
    // One cumulative license holds one category.
    const mixed = await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { auto: 'longest', count: 1, category: 'router' } });
    expectProblem(mixed, 409, 'conflict');
    expect(mixed.body.categories.sort()).toEqual(['router', 'switch']);
    expectProblem(await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { auto: 'longest', count: 5, category: 'switch' } }), 409, 'conflict');
  });

  it('lists expired licenses, and a detached device with no time left brings nothing back', async () => {
    const key = await register((await issue(365)).key);
    const d = await device('expiring');
    await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { deviceLicenseIds: [key.body.licenses[0].id] } });
    // Assigned on 2024-03-07 for 365 days: valid through 2025-03-07.
    await clock('2025-03-07T22:00:00Z');
    expect((await t.call('GET', path(`/devices/${d.id}`), { key: ownerKey })).body.license).toBe('valid');
    await clock('2025-03-07T23:00:00Z');
    expect((await t.call('GET', path(`/devices/${d.id}`), { key: ownerKey })).body.license).toBe('expired');
    const expired = await t.call('GET', path('/device-licenses?state=expired'), { key: ownerKey });
    expect(expired.body.items.map((l: { id: string }) => l.id)).toContain(key.body.licenses[0].id);
    expect(expired.body.items.find((l: { id: string }) => l.id === key.body.licenses[0].id).key).toMatch(/-/);
    expectProblem(await t.call('DELETE', path(`/devices/${d.id}/license`), { key: ownerKey }), 409, 'no_device_license');
    // Detaching on the last days leaves no time to bring back.
    const short = await register((await issue(365)).key);
    const e = await device('short');
    await t.call('POST', path(`/devices/${e.id}/license`), { key: ownerKey, body: { deviceLicenseIds: [short.body.licenses[0].id] } });
    await clock('2026-03-06T09:00:00Z');
    const detached = await t.call('DELETE', path(`/devices/${e.id}/license`), { key: ownerKey });
    expect(detached.body).toMatchObject({ remainingDays: 0, returned: null });
  });

  it('registers a key once, in one tenant, only with the terms accepted', async () => {
    const key = (await issue(1825)).key;
    const before = await auditCount(t, tenantId);
    expectProblem(await register(key, false), 422, 'terms_not_accepted');
    expectProblem(await register(key, 'omitted'), 422, 'terms_not_accepted');
    expect(await auditCount(t, tenantId)).toBe(before);
    expect((await register(key)).status).toBe(201);
    expectProblem(await register(key), 409, 'key_registered');
    const other = await tenantWithKey(t);
    expectProblem(await register(key, true, other.tenantId, other.key), 409, 'key_registered');
  });

  it('answers the same for malformed and unknown keys', async () => {
    const malformed = await register('not-a-key');
    const forged = await register('AAAAA-BBBBB-CCCCC-DDDDD-EEEEE');
    expectProblem(malformed, 404, 'not_found');
    expectProblem(forged, 404, 'not_found');
    expect(malformed.body.detail).toBe(forged.body.detail);
    expectProblem(await t.call('POST', '/v1/license-keys', { body: { category: 'switch', termDays: 730, count: 1 } }), 400, 'invalid_request');
    expectProblem(await t.call('POST', '/v1/license-keys', { key: ownerKey, body: { category: 'switch', termDays: 365, count: 1 } }), 403, 'forbidden');
  });

  it("refuses another tenant's license and device with 404", async () => {
    const other = await tenantWithKey(t);
    const theirs = await register((await issue(365)).key, true, other.tenantId, other.key);
    const d = await device('mine');
    expectProblem(await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { deviceLicenseIds: [theirs.body.licenses[0].id] } }), 404, 'not_found');
    expectProblem(await t.call('POST', `/v1/tenants/${other.tenantId}/devices/${d.id}/validate`, { key: other.key }), 404, 'not_found');
    expectProblem(await t.call('POST', path('/devices/dev_ghost/license'), { key: ownerKey, body: { auto: 'shortest', count: 1 } }), 404, 'not_found');
  });

  it('moves a pooled license to another tenant, in both audit logs', async () => {
    const other = await tenantWithKey(t);
    const mine = await register((await issue(365)).key);
    const id = mine.body.licenses[0].id;
    expectProblem(await t.call('POST', path(`/device-licenses/${id}/transfer`), { key: ownerKey, body: { toTenant: other.tenantId } }), 403, 'forbidden');
    expect((await t.call('POST', path(`/device-licenses/${id}/transfer`), { body: { toTenant: other.tenantId } })).status).toBe(204);
    const theirs = await t.call('GET', `/v1/tenants/${other.tenantId}/device-licenses?state=available`, { key: other.key });
    expect(theirs.body.items.map((l: { id: string }) => l.id)).toContain(id);
    expect((await t.call('GET', path(`/audit?action=device_license.transferred&targetId=${id}`), { key: ownerKey })).body.items).toHaveLength(1);
    expect((await t.call('GET', `/v1/tenants/${other.tenantId}/audit?action=device_license.transferred`, { key: other.key })).body.items).toHaveLength(1);
    expectProblem(await t.call('POST', path(`/device-licenses/${id}/transfer`), { body: { toTenant: other.tenantId } }), 404, 'not_found');
  });

  it('refuses a duplicate serial and a device removal while it runs a license', async () => {
    await device('dup');
    expectProblem(await t.call('POST', path('/devices'), { key: ownerKey, body: { name: 'dup', serial: 'SN-dup', model: 'X' } }), 409, 'already_exists');
    const key = await register((await issue(365)).key);
    const d = await device('busy');
    await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { deviceLicenseIds: [key.body.licenses[0].id] } });
    expectProblem(await t.call('DELETE', path(`/devices/${d.id}`), { key: ownerKey }), 409, 'conflict');
    expectProblem(await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { deviceLicenseIds: [key.body.licenses[0].id] } }), 409, 'conflict');
    expectProblem(await t.call('POST', path(`/devices/${d.id}/license`), { key: ownerKey, body: { deviceLicenseIds: ['x'], auto: 'shortest' } }), 400, 'invalid_request');
  });
});
