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

/** A console login on `url`: the session cookie and CSRF token, valid on every node (sessions are rows). */
async function logIn(url: string, tenant: string, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant, email, password }) });
  expect(response.status).toBe(200);
  const cookie = /allot_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0] ?? '';
  return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

async function purchaseOn(url: string, session: { cookie: string; csrf: string }, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
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

  it('numbers invoices without gaps when purchases race on every node, and adds every seat bought', async () => {
    const nodes = calls();
    const shops = [await arrange(nodes[0] as Call), await arrange(nodes[1] as Call)];
    // Five owners per shop, each buying twice at once: within the per-account and per-address limits of password checks.
    const buyers = [];
    for (const shop of shops) {
      for (let i = 0; i < 5; i++) {
        const email = `owner${i}@example.com`;
        const password = `owner-password-${i}`;
        expect((await (nodes[0] as Call)('POST', `/v1/tenants/${shop.t}/users`, { email, name: `Owner ${i}`, roles: ['owner'], password })).status).toBe(201);
        buyers.push({ shop, session: await logIn(cluster.nodes[i % 3]?.url ?? '', shop.customerCode, email, password), password });
      }
    }
    const bought = await Promise.all(
      buyers.flatMap((buyer, i) =>
        [0, 1].map((j) => {
          const url = cluster.nodes[(i + j) % 3]?.url ?? '';
          // Each asks for one more than the quantity it saw: racing buyers of a shop collide, and a stale one is 422.
          return purchaseOn(url, buyer.session, `/v1/tenants/${buyer.shop.t}/purchases`, { licenseId: buyer.shop.license, newQuantity: 6 + ((i * 2 + j) % 10), password: buyer.password });
        }),
      ),
    );
    const made = bought.filter((b) => b.status === 201);
    expect(made.length).toBeGreaterThan(1);
    expect(bought.filter((b) => b.status !== 201).every((b) => b.status === 422 && b.body.code === 'not_an_increase')).toBe(true);
    const numbers = (await cluster.store.db.selectFrom('invoices').select('number').where('invoice_date', 'like', '2026-%').execute()).map((r) => r.number).sort();
    // Every invoice of 2026 on this database, one per purchase made, 1 … n with no gap and no twin.
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, k) => `INV-2026-${String(k + 1).padStart(6, '0')}`));
    expect(new Set(made.map((b) => b.body.invoice.number)).size).toBe(made.length);
    for (const shop of shops) {
      const purchases = await cluster.store.db.selectFrom('purchases').select(['added', 'new_quantity']).where('tenant_id', '=', shop.t).execute();
      const quantity = (await (nodes[2] as Call)('GET', `/v1/tenants/${shop.t}/licenses/${shop.license}`)).body.quantity;
      expect(quantity).toBe(5 + purchases.reduce((sum, p) => sum + p.added, 0));
      expect(quantity).toBe(Math.max(5, ...purchases.map((p) => p.new_quantity)));
    }
  }, 120_000);
});
