import { describe, expect, it } from 'vitest';
import { clusterSuite } from '../../../test-support/cluster.js';
import { dialects } from '../../../test-support/databases.js';
import { adminToken } from '../../../test-support/http.js';
import { callNode } from '../../../test-support/processes.js';

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** A sandbox tenant with a named license of a product, sold per seat by its contract. */
async function arrange(call: Call) {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const tenant = await call('POST', '/v1/tenants', { name: 'Race shop', customerCode: `RS${stamp}`.toUpperCase(), mode: 'sandbox', clock: '2026-03-10T09:00:00Z' });
  expect(tenant.status).toBe(201);
  const t: string = tenant.body.id;
  const product = `race${stamp}`;
  expect((await call('POST', '/v1/products', { code: product, name: 'Race', modules: [{ code: 'm', name: 'M' }] })).status).toBe(201);
  const license = await call('POST', `/v1/tenants/${t}/licenses`, { code: 'SEATS', name: 'Seats', model: 'named', product, quantity: 5 });
  expect(license.status).toBe(201);
  const contract = await call('PUT', `/v1/tenants/${t}/contract`, {
    currency: 'EUR',
    billingPeriod: 'month',
    termStart: '2026-01-01',
    termEnd: '2026-12-31',
    components: [{ code: 'seats', name: 'Seats', licenseCode: 'SEATS', unitPrice: 3100 }],
  });
  expect(contract.status).toBe(200);
  return { t, product, license: license.body.id as string, customerCode: tenant.body.customerCode as string };
}

describe.each(dialects.filter((d) => d === 'postgres'))('commerce under races on three server processes (%s)', () => {
  const cluster = clusterSuite();
  const calls = (): Call[] => cluster.nodes.map((node) => (method, path, body) => callNode(node.url, method, path, adminToken, body));

  it('lets exactly one of 30 racing upgrade requests for a product be open; the rest are 409 upgrade_pending', async () => {
    const nodes = calls();
    const { t, product } = await arrange(nodes[0] as Call);
    const body = { product, items: [{ component: 'seats', quantity: 1 }], bindingConfirmed: true };
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => (nodes[i % nodes.length] as Call)('POST', `/v1/tenants/${t}/upgrade-requests`, body)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(29);
    expect(refused.every((a) => a.body.code === 'upgrade_pending')).toBe(true);
    const rows = await cluster.store.db.selectFrom('upgrade_requests').select(['id', 'status']).where('tenant_id', '=', t).execute();
    expect(rows).toEqual([{ id: answers.find((a) => a.status === 201)?.body.id, status: 'open' }]);
    const events = await cluster.store.db.selectFrom('events').select('id').where('tenant_id', '=', t).where('type', '=', 'upgrade.requested').execute();
    expect(events).toHaveLength(1);
  }, 60_000);

  it('decides a request once when approvals race on every node', async () => {
    const nodes = calls();
    const { t, product, license } = await arrange(nodes[0] as Call);
    const sent = await (nodes[0] as Call)('POST', `/v1/tenants/${t}/upgrade-requests`, { product, items: [{ component: 'seats', quantity: 3 }], bindingConfirmed: true });
    expect(sent.status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => (nodes[i % nodes.length] as Call)('POST', `/v1/tenants/${t}/upgrade-requests/${sent.body.id}/${i % 2 === 0 ? 'approve' : 'reject'}`, i % 2 === 0 ? undefined : { reason: 'race' })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'upgrade_closed')).toBe(true);
    const winner = answers.find((a) => a.status === 200)?.body;
    const quantity = (await (nodes[1] as Call)('GET', `/v1/tenants/${t}/licenses/${license}`)).body.quantity;
    expect(quantity).toBe(winner.status === 'approved' ? 8 : 5);
  }, 60_000);
});
