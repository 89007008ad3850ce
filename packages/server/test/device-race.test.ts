import { describe, expect, it } from 'vitest';
import { clusterSuite } from '../../../test-support/cluster.js';
import { dialects } from '../../../test-support/databases.js';
import { adminToken } from '../../../test-support/http.js';
import { callNode, type ServerProcess } from '../../../test-support/processes.js';

describe.each(dialects.filter((d) => d === 'postgres'))('the last pooled device license under a race on three server processes (%s)', () => {
  const cluster = clusterSuite();

  it('goes to exactly one device, whether asked for by id or automatically', async () => {
    const { nodes } = cluster;
    const call = (i: number, method: string, path: string, body?: unknown) => callNode((nodes[i % 3] as ServerProcess).url, method, path, adminToken, body);
    const tenant = (await call(0, 'POST', '/v1/tenants', { name: 'Devices', customerCode: 'DEVRACE' })).body.id as string;
    for (let round = 0; round < 5; round++) {
      const key = (await call(0, 'POST', '/v1/license-keys', { category: 'switch', termDays: 365, count: 1 })).body.key as string;
      const license = (await call(1, 'POST', `/v1/tenants/${tenant}/license-keys`, { key, termsAccepted: true })).body.licenses[0].id as string;
      const devices = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i, 'POST', `/v1/tenants/${tenant}/devices`, { name: `d${round}-${i}`, serial: `S${round}-${i}`, model: 'M' })));
      const answers = await Promise.all(
        devices.map((d, i) => call(i, 'POST', `/v1/tenants/${tenant}/devices/${d.body.id}/license`, i % 2 === 0 ? { deviceLicenseIds: [license] } : { auto: 'shortest', count: 1 })),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(11);
      const assigned = await call(2, 'GET', `/v1/tenants/${tenant}/device-licenses?state=assigned&limit=500`);
      expect(assigned.body.items.filter((l: { id: string }) => l.id === license)).toHaveLength(1);
    }
  }, 120_000);

  it('never hands out more licenses than the pool holds when bulk assignments race on every node', async () => {
    const { nodes } = cluster;
    const call = (i: number, method: string, path: string, body?: unknown) => callNode((nodes[i % 3] as ServerProcess).url, method, path, adminToken, body);
    const tenant = (await call(0, 'POST', '/v1/tenants', { name: 'Bulk devices', customerCode: 'DEVBULKRACE' })).body.id as string;
    const key = (await call(0, 'POST', '/v1/license-keys', { category: 'switch', termDays: 365, count: 7 })).body.key as string;
    expect((await call(1, 'POST', `/v1/tenants/${tenant}/license-keys`, { key, termsAccepted: true })).status).toBe(201);
    const devices = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i, 'POST', `/v1/tenants/${tenant}/devices`, { name: `b${i}`, serial: `B-${i}`, model: 'M' })));
    // Six actions of two devices each, one license per device: the pool of 7 serves exactly three of them.
    const answers = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => call(i, 'POST', `/v1/tenants/${tenant}/device-assignments`, { deviceIds: [devices[2 * i]?.body.id, devices[2 * i + 1]?.body.id], auto: 'shortest', count: 1 })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(3);
    expect((await call(2, 'GET', `/v1/tenants/${tenant}/device-summary`)).body).toMatchObject({ devices: 12, licensed: 6, pooled: 1 });
    const assigned = (await call(2, 'GET', `/v1/tenants/${tenant}/device-licenses?state=assigned&limit=500`)).body.items as { deviceId: string }[];
    expect(assigned).toHaveLength(6);
    expect(new Set(assigned.map((l) => l.deviceId)).size).toBe(6);
  }, 120_000);
});
