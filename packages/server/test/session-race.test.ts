import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@allot/storage';
import { clusterSuite } from '../../../test-support/cluster.js';
import { dialects } from '../../../test-support/databases.js';
import { adminToken, createTestApp, type TestApp } from '../../../test-support/http.js';
import { callNode } from '../../../test-support/processes.js';

type Call = (method: string, path: string, body?: unknown, key?: string) => Promise<{ status: number; body: any }>;

const licenses = 20;

async function arrange(call: Call) {
  const tenant = await call('POST', '/v1/tenants', { name: 'Sessions', customerCode: `SES${Date.now()}` });
  const t = tenant.body.id as string;
  const product = `ses${Date.now()}`;
  await call('POST', '/v1/products', { code: product, name: 'Sessions', modules: [{ code: 'desk', name: 'Desk' }] });
  expect((await call('POST', `/v1/tenants/${t}/licenses`, { code: 'desk', name: 'Desk', model: 'concurrent', product, quantity: licenses })).status).toBe(201);
  const appKey = (await call('POST', `/v1/tenants/${t}/api-keys`, { kind: 'app' })).body.key as string;
  const userIds: string[] = [];
  for (let i = 0; i < 100; i += 25) {
    const batch = await Promise.all(Array.from({ length: 25 }, (_, j) => call('POST', `/v1/tenants/${t}/users`, { email: `s${i + j}@example.com`, name: `S${i + j}` })));
    userIds.push(...batch.map((b) => b.body.id as string));
  }
  return { t, appKey, module: `${product}:desk`, userIds };
}

async function liveSessions(store: Store, tenantId: string): Promise<number> {
  const now = new Date().toISOString();
  const row = await store.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function raceAndCheck(calls: Call[], store: Store) {
  const setup = await arrange(calls[0] as Call);
  const open = (i: number) =>
    (calls[i % calls.length] as Call)('POST', `/v1/tenants/${setup.t}/sessions`, { userId: setup.userIds[i % setup.userIds.length], modules: [setup.module] }, setup.appKey);

  // 300 opens at once: exactly 20 get a license, the rest are told who holds them.
  const first = await Promise.all(Array.from({ length: 300 }, (_, i) => open(i)));
  const granted = first.filter((a) => a.status === 201);
  expect(granted).toHaveLength(licenses);
  expect(first.filter((a) => a.status === 409 && a.body.code === 'concurrency_limit')).toHaveLength(300 - licenses);
  expect(first.find((a) => a.status === 409)?.body.holders.length).toBe(licenses);
  expect(await liveSessions(store, setup.t)).toBe(licenses);

  // Holders log out while 100 more race in: the count never passes 20.
  const second = await Promise.all([
    ...granted.map((a, i) => (calls[i % calls.length] as Call)('DELETE', `/v1/tenants/${setup.t}/sessions/${a.body.id}`, undefined, setup.appKey)),
    ...Array.from({ length: 100 }, (_, i) => open(i + 7)),
  ]);
  expect(second.slice(0, licenses).every((a) => a.status === 200)).toBe(true);
  const secondGranted = second.slice(licenses).filter((a) => a.status === 201).length;
  expect(secondGranted).toBeLessThanOrEqual(licenses);
  expect(await liveSessions(store, setup.t)).toBe(secondGranted);

  // The freed licenses go to the next opens, up to the limit and no further.
  const third = await Promise.all(Array.from({ length: 40 }, (_, i) => open(i + 3)));
  expect(third.filter((a) => a.status === 201)).toHaveLength(licenses - secondGranted);
  expect(await liveSessions(store, setup.t)).toBe(licenses);
  const live = await (calls[calls.length - 1] as Call)('GET', `/v1/tenants/${setup.t}/sessions?state=live&limit=500`);
  expect(live.body.items).toHaveLength(licenses);
}

describe.each(dialects.filter((d) => d === 'postgres'))('concurrency limit under a race on three server processes (%s)', () => {
  const cluster = clusterSuite();

  it(`never has more than ${licenses} live sessions, and frees them on logout`, async () => {
    const { nodes, store } = cluster;
    const calls: Call[] = nodes.map((node) => (method, path, body, key = adminToken) => callNode(node.url, method, path, key, body));
    await raceAndCheck(calls, store);
  }, 120_000);
});

describe('concurrency limit under a race in one process (sqlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    // The race runs on the real clock of a live tenant; the test app's clock must be it.
    t.clock.now = () => new Date().toISOString();
  });
  afterAll(() => t.close());

  it(`never has more than ${licenses} live sessions, and frees them on logout`, async () => {
    const call: Call = (method, path, body, key) => t.call(method, path, { ...(body === undefined ? {} : { body }), ...(key === undefined ? {} : { key }) });
    await raceAndCheck([call], t.store);
  }, 120_000);
});
