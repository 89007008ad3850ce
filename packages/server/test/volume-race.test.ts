import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@allot/storage';
import { clusterSuite } from '../../../test-support/cluster.js';
import { dialects } from '../../../test-support/databases.js';
import { adminToken, createTestApp, type TestApp } from '../../../test-support/http.js';
import { callNode } from '../../../test-support/processes.js';

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

const maximum = 10;
const racers = 60;

/** A volume license of 10 counted property sets (drafts do not count). */
async function arrange(call: Call) {
  const stamp = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
  const t = (await call('POST', '/v1/tenants', { name: 'Volume race', customerCode: `VOL${stamp}` })).body.id as string;
  const product = (await call('POST', '/v1/products', { code: `PMFS-${stamp}`, name: 'PMFS', modules: [{ code: 'Leases', name: 'Leases' }] })).body.code as string;
  const license = await call('POST', `/v1/tenants/${t}/licenses`, { code: 'PMFS-VOL', name: 'Property sets', model: 'volume', product, objectKind: 'property_set', countedStatuses: ['active'], quantity: maximum });
  expect(license.status).toBe(201);
  return { t, licenseId: license.body.id as string };
}

/**
 * Sixty objects registered at once, half of them as drafts moved to active at once: the counted
 * objects never pass the maximum, every refusal is `volume_exceeded`, and drafts are never refused.
 */
async function race(calls: Call[], store: Store, setup: Awaited<ReturnType<typeof arrange>>) {
  const path = `/v1/tenants/${setup.t}/licenses/${setup.licenseId}/objects`;
  const drafts = await Promise.all(Array.from({ length: racers / 2 }, (_, i) => (calls[i % calls.length] as Call)('POST', path, { ref: `draft-${i}`, status: 'draft' })));
  expect(drafts.every((a) => a.status === 201)).toBe(true);
  const answers = await Promise.all([
    ...Array.from({ length: racers / 2 }, (_, i) => (calls[i % calls.length] as Call)('POST', path, { ref: `active-${i}`, status: 'active' })),
    ...Array.from({ length: racers / 2 }, (_, i) => (calls[(i + 1) % calls.length] as Call)('PATCH', `${path}/draft-${i}`, { status: 'active' })),
  ]);
  const admitted = answers.filter((a) => a.status === 200 || a.status === 201);
  const refused = answers.filter((a) => a.status === 409);
  expect(admitted).toHaveLength(maximum);
  expect(refused).toHaveLength(racers - maximum);
  expect(refused.every((a) => a.body.code === 'volume_exceeded')).toBe(true);
  const counted = await store.db.selectFrom('volume_objects').select('ref').where('license_id', '=', setup.licenseId).where('status', '=', 'active').execute();
  expect(counted).toHaveLength(maximum);
  expect((await (calls[0] as Call)('GET', `/v1/tenants/${setup.t}/licenses/${setup.licenseId}`)).body).toMatchObject({ used: maximum, available: 0 });
}

describe.each(dialects.filter((d) => d === 'postgres'))('volume objects under a race on three server processes (%s)', () => {
  const cluster = clusterSuite();

  it(`counts exactly ${maximum} objects when ${racers} become active at once`, async () => {
    const calls: Call[] = cluster.nodes.map((node) => (method, path, body) => callNode(node.url, method, path, adminToken, body));
    await race(calls, cluster.store, await arrange(calls[0] as Call));
  }, 120_000);
});

describe('volume objects under a race in one process (sqlite)', () => {
  let t: TestApp;
  const call: Call = (method, path, body) => t.call(method, path, body === undefined ? {} : { body });
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it(`counts exactly ${maximum} objects when ${racers} become active at once`, async () => {
    await race([call], t.store, await arrange(call));
  }, 120_000);
});
