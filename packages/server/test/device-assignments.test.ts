import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

// The devices page's head and bulk action (LANCOM): days left on each device in the tenant's
// calendar, counts over every device rather than one page, what became of each registered key,
// and one automatic assignment for several devices at once, all of them or none.

describe.each(dialects)('device days left, counts and bulk assignment on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  /** A sandbox tenant in Berlin at LANCOM's example date, with helpers bound to it. */
  async function lmc(clock = '2024-01-31T10:00:00Z') {
    const { tenantId, key } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock, timeZone: 'Europe/Berlin' });
    const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
    const call = (method: string, rest: string, body?: unknown) => t.call(method, path(rest), { key, body });
    return {
      tenantId,
      key,
      call,
      register: async (termDays: number, count = 1, category = 'switch') => {
        const issued = (await t.call('POST', '/v1/license-keys', { body: { category, termDays, count } })).body;
        return (await call('POST', '/license-keys', { key: issued.key, termsAccepted: true })).body;
      },
      device: async (name: string) => (await call('POST', '/devices', { name, serial: `SN-${name}`, model: '1900EF' })).body,
      clock: (to: string) => call('POST', '/clock', { to }),
      summary: async () => (await call('GET', '/device-summary')).body,
    };
  }

  it('counts the days left to the last day in the tenant calendar, and marks the last 30 as running out', async () => {
    const lt = await lmc();
    const registered = await lt.register(365);
    const d = await lt.device('gw');
    expect(d).toMatchObject({ license: 'none', daysLeft: null, expiry: 'none' });
    const assigned = await lt.call('POST', `/devices/${d.id}/license`, { deviceLicenseIds: [registered.licenses[0].id] });
    expect(assigned.body).toMatchObject({ validUntil: '2025-01-30', daysLeft: 365, expiry: 'valid' });
    const at = async (clock: string) => {
      await lt.clock(clock);
      return (await lt.call('GET', `/devices/${d.id}`)).body;
    };
    expect(await at('2024-12-30T10:00:00Z')).toMatchObject({ daysLeft: 31, expiry: 'valid' });
    expect(await at('2024-12-31T10:00:00Z')).toMatchObject({ daysLeft: 30, expiry: 'expiring', license: 'valid' });
    // 23:30 in Berlin on the last day, then 00:30 on the next: the zone decides, not UTC.
    expect(await at('2025-01-30T22:30:00Z')).toMatchObject({ daysLeft: 0, expiry: 'expiring', license: 'valid' });
    expect(await at('2025-01-30T23:30:00Z')).toMatchObject({ daysLeft: -1, expiry: 'expired', license: 'expired' });
    const listed = await lt.call('GET', '/devices');
    expect(listed.body.items[0]).toMatchObject({ daysLeft: -1, expiry: 'expired' });
  });

  it('counts licensed, unlicensed and running-out devices over every device, not one page', async () => {
    const lt = await lmc();
    const registered = await lt.register(365, 3);
    const [a, b, c, d] = [await lt.device('a'), await lt.device('b'), await lt.device('c'), await lt.device('d')];
    expect(await lt.summary()).toEqual({ devices: 4, licensed: 0, unlicensed: 4, expiring: 0, pooled: 3 });
    await lt.call('POST', `/devices/${a.id}/license`, { deviceLicenseIds: [registered.licenses[0].id] });
    await lt.clock('2024-02-10T10:00:00Z');
    await lt.call('POST', `/devices/${b.id}/license`, { deviceLicenseIds: [registered.licenses[1].id] });
    const page = await lt.call('GET', '/devices?limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(await lt.summary()).toEqual({ devices: 4, licensed: 2, unlicensed: 2, expiring: 0, pooled: 1 });
    // a ends 30 Jan 2025, b 9 Feb 2025: on 31 Dec only a has 30 days or fewer left.
    await lt.clock('2024-12-31T10:00:00Z');
    expect(await lt.summary()).toEqual({ devices: 4, licensed: 2, unlicensed: 2, expiring: 1, pooled: 1 });
    await lt.clock('2025-01-31T10:00:00Z');
    expect(await lt.summary()).toEqual({ devices: 4, licensed: 1, unlicensed: 3, expiring: 1, pooled: 1 });
    expect([c.license, d.license]).toEqual(['none', 'none']);
  });

  it('shows a key as expired once none of its licenses is in the pool or running', async () => {
    const lt = await lmc();
    const one = await lt.register(365, 1);
    const two = await lt.register(1095, 2);
    const d = await lt.device('gw');
    await lt.call('POST', `/devices/${d.id}/license`, { deviceLicenseIds: [one.licenses[0].id] });
    const states = async () => {
      const items = (await lt.call('GET', '/license-keys')).body.items as { id: string; state: string; available: number; running: number }[];
      return Object.fromEntries(items.map((k) => [k.id, { state: k.state, available: k.available, running: k.running }]));
    };
    expect(await states()).toEqual({ [one.key.id]: { state: 'active', available: 0, running: 1 }, [two.key.id]: { state: 'active', available: 2, running: 0 } });
    await lt.clock('2025-01-31T10:00:00Z');
    expect(await states()).toEqual({ [one.key.id]: { state: 'expired', available: 0, running: 0 }, [two.key.id]: { state: 'active', available: 2, running: 0 } });
    // The vendor's list of every key stays as it was.
    const vendorKey = (await t.call('GET', `/v1/license-keys/${one.key.id}`)).body;
    expect(vendorKey.state).toBeUndefined();
  });

  it('assigns the same number of licenses to each chosen device in one action, and writes one audit entry per device', async () => {
    const lt = await lmc();
    await lt.register(1095, 1);
    await lt.register(365, 3);
    await lt.register(1825, 1, 'router');
    const devices = [await lt.device('a'), await lt.device('b'), await lt.device('c')];
    const before = await auditCount(t, lt.tenantId);
    const bulk = await lt.call('POST', '/device-assignments', { deviceIds: devices.map((d) => d.id), auto: 'shortest', count: 1, category: 'switch' });
    expect(bulk.status).toBe(200);
    expect(bulk.body.licenses).toBe(3);
    expect(bulk.body.devices.map((d: { id: string; validUntil: string; expiry: string }) => [d.id, d.validUntil, d.expiry])).toEqual(devices.map((d) => [d.id, '2025-01-30', 'valid']));
    expect(await auditCount(t, lt.tenantId)).toBe(before + 3);
    expect(await lt.summary()).toMatchObject({ licensed: 3, unlicensed: 0, pooled: 2 });
    // Without a category the pool's first in the order sets it; a running device of another category refuses the whole action.
    const refused = await lt.call('POST', '/device-assignments', { deviceIds: [devices[0].id], auto: 'longest', count: 1 });
    expectProblem(refused, 409, 'conflict');
    expect(refused.body.categories.sort()).toEqual(['router', 'switch']);
    const longer = await lt.call('POST', '/device-assignments', { deviceIds: [devices[1].id], auto: 'longest', count: 1, category: 'switch' });
    expect(longer.body.devices[0].validUntil).toBe('2028-01-30');
  });

  it('changes nothing when the pool is too small for every device, a device is unknown or of another tenant, or the body is out of bounds', async () => {
    const lt = await lmc();
    await lt.register(365, 2);
    const devices = [await lt.device('a'), await lt.device('b'), await lt.device('c')];
    const ids = devices.map((d) => d.id);
    const before = { audit: await auditCount(t, lt.tenantId), summary: await lt.summary() };
    const short = await lt.call('POST', '/device-assignments', { deviceIds: ids, auto: 'shortest', count: 1 });
    expectProblem(short, 409, 'conflict');
    expect(short.body).toMatchObject({ available: 2, count: 3, detail: 'The pool holds 2 matching licenses; 3 asked for (1 for each of 3 devices).' });
    expectProblem(await lt.call('POST', '/device-assignments', { deviceIds: ids.slice(0, 2), auto: 'shortest', count: 2 }), 409, 'conflict');
    const other = await lmc();
    const theirs = await other.device('theirs');
    const foreign = await lt.call('POST', '/device-assignments', { deviceIds: [ids[0], theirs.id], auto: 'shortest', count: 1 });
    expectProblem(foreign, 404, 'not_found');
    expect(foreign.body.ids).toEqual([theirs.id]);
    expectProblem(await other.call('POST', '/device-assignments', { deviceIds: [ids[0]], auto: 'shortest', count: 1 }), 404, 'not_found');
    expectProblem(await lt.call('POST', '/device-assignments', { deviceIds: [ids[0], ids[0]], auto: 'shortest', count: 1 }), 400, 'invalid_request');
    expectProblem(await lt.call('POST', '/device-assignments', { deviceIds: ids, auto: 'shortest', count: 11 }), 400, 'invalid_request');
    expectProblem(await lt.call('POST', '/device-assignments', { deviceIds: [], auto: 'shortest', count: 1 }), 400, 'invalid_request');
    expectProblem(await lt.call('POST', '/device-assignments', { deviceIds: ids, count: 1 }), 400, 'invalid_request');
    expectProblem(await lt.call('POST', '/device-assignments', { deviceIds: Array.from({ length: 101 }, (_, i) => `dev_${i}`), auto: 'shortest', count: 1 }), 400, 'invalid_request');
    expect({ audit: await auditCount(t, lt.tenantId), summary: await lt.summary() }).toEqual(before);
    const auditor = await t.call('POST', `/v1/tenants/${lt.tenantId}/api-keys`, { body: { kind: 'admin', roles: ['auditor'] } });
    expectProblem(await t.call('POST', `/v1/tenants/${lt.tenantId}/device-assignments`, { key: auditor.body.key, body: { deviceIds: ids, auto: 'shortest', count: 1 } }), 403, 'forbidden');
    expect((await t.call('GET', `/v1/tenants/${lt.tenantId}/device-summary`, { key: auditor.body.key })).status).toBe(200);
  });

  it('hands out each pooled license once when several bulk assignments race for the pool', async () => {
    const lt = await lmc();
    await lt.register(365, 5);
    const devices = await Promise.all(Array.from({ length: 8 }, (_, i) => lt.device(`r${i}`)));
    // Four actions of two devices each want 8 licenses; the pool holds 5: exactly two succeed.
    const answers = await Promise.all([0, 1, 2, 3].map((i) => lt.call('POST', '/device-assignments', { deviceIds: [devices[2 * i].id, devices[2 * i + 1].id], auto: 'shortest', count: 1 })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 409, 409]);
    expect(await lt.summary()).toMatchObject({ licensed: 4, unlicensed: 4, pooled: 1 });
    const assigned = (await lt.call('GET', '/device-licenses?state=assigned')).body.items as { id: string; deviceId: string }[];
    expect(assigned).toHaveLength(4);
    expect(new Set(assigned.map((l) => l.deviceId)).size).toBe(4);
  });

  it('answers a dry run of assigning, assigning in bulk and detaching exactly as the real run would, and changes nothing', async () => {
    const lt = await lmc();
    const registered = await lt.register(365, 3);
    const [a, b] = [await lt.device('a'), await lt.device('b')];
    const unchanged = async () => ({ audit: await auditCount(t, lt.tenantId), summary: await lt.summary(), a: (await lt.call('GET', `/devices/${a.id}`)).body });
    const before = await unchanged();
    const single = await lt.call('POST', `/devices/${a.id}/license?dryRun=true`, { deviceLicenseIds: [registered.licenses[0].id] });
    expect(single.body).toMatchObject({ license: 'valid', validUntil: '2025-01-30', daysLeft: 365, taken: { deviceLicenseIds: [registered.licenses[0].id], days: 365 } });
    // An automatic pick answers which licenses it would take: the shortest first, two of them.
    const auto = await lt.call('POST', `/devices/${a.id}/license?dryRun=true`, { auto: 'shortest', count: 2 });
    expect(auto.body.taken).toEqual({ deviceLicenseIds: [expect.any(String), expect.any(String)], days: 730 });
    expect(auto.body.validUntil).toBe('2026-01-30');
    const bulk = await lt.call('POST', '/device-assignments?dryRun=true', { deviceIds: [a.id, b.id], auto: 'shortest', count: 1 });
    expect(bulk.body.devices.map((d: { validUntil: string }) => d.validUntil)).toEqual(['2025-01-30', '2025-01-30']);
    expectProblem(await lt.call('POST', '/device-assignments?dryRun=true', { deviceIds: [a.id, b.id], auto: 'shortest', count: 2 }), 409, 'conflict');
    expect(await unchanged()).toEqual(before);
    expectProblem(await lt.call('DELETE', `/devices/${a.id}/license?dryRun=true`), 409, 'no_device_license');

    expect((await lt.call('POST', `/devices/${a.id}/license`, { deviceLicenseIds: [registered.licenses[0].id] })).body).toEqual(single.body);
    // LANCOM's example: detached on 6 March, 330 days to the end, 327 back to the pool.
    await lt.clock('2024-03-06T15:00:00Z');
    const assigned = await unchanged();
    const preview = await lt.call('DELETE', `/devices/${a.id}/license?dryRun=true`);
    expect(preview.body).toMatchObject({ daysToEnd: 330, remainingDays: 327, returned: { termDays: 327, origin: 'remainder' } });
    expect(await unchanged()).toEqual(assigned);
    const detached = await lt.call('DELETE', `/devices/${a.id}/license`);
    expect(detached.body).toMatchObject({ daysToEnd: 330, remainingDays: 327, returned: { termDays: 327 } });
  });
});
