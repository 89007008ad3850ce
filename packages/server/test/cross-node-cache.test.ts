import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../test-support/cluster.js';
import { dialects } from '../../../test-support/databases.js';
import { adminToken } from '../../../test-support/http.js';
import { callNode, type ServerProcess } from '../../../test-support/processes.js';

const postgresOnly = dialects.filter((d) => d === 'postgres');

/**
 * Every node caches keys, tenants and access facts: a change made through one node must be the
 * answer of every other node on its very next request, with no wait in between.
 */
describe.each(postgresOnly)('lookup caches of three nodes on one %s database', () => {
  let cluster: Cluster;
  let nodes: ServerProcess[] = [];
  const node = (i: number) => nodes[i] as ServerProcess;
  let t = '';
  let ownerKey = '';
  let app: { id: string; key: string };

  beforeAll(async () => {
    cluster = await startCluster();
    nodes = cluster.nodes;
    const tenant = await callNode(node(0).url, 'POST', '/v1/tenants', adminToken, { name: 'Fresh', customerCode: 'FRESH' });
    t = `/v1/tenants/${tenant.body.id}`;
    ownerKey = (await callNode(node(0).url, 'POST', `${t}/api-keys`, adminToken, { kind: 'admin', roles: ['owner'] })).body.key;
    app = (await callNode(node(0).url, 'POST', `${t}/api-keys`, adminToken, { kind: 'app' })).body;
    for (const [code, module] of [
      ['named', 'draw'],
      ['floating', 'desk'],
    ]) {
      expect((await callNode(node(0).url, 'POST', '/v1/products', adminToken, { code, name: code, modules: [{ code: module, name: module }] })).status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
  });

  const user = async (email: string) => (await callNode(node(0).url, 'POST', `${t}/users`, ownerKey, { email, name: email })).body.id as string;
  const access = async (i: number, userId: string, module: string) => {
    const answer = await callNode(node(i).url, 'POST', `${t}/access`, app.key, { userId, module });
    expect(answer.status).toBe(200);
    return answer.body as { allowed: boolean; code: string };
  };
  /** Asks every node twice, so that each answers from its cache afterwards. */
  const warm = async (userId: string, module: string, allowed: boolean) => {
    for (let i = 0; i < 3; i++) for (let round = 0; round < 2; round++) expect((await access(i, userId, module)).allowed).toBe(allowed);
  };

  it('answers a seat assigned or recalled on one node on the next check of every other', async () => {
    const license = (await callNode(node(0).url, 'POST', `${t}/licenses`, adminToken, { code: 'named-2', name: 'Named', model: 'named', product: 'named', quantity: 2 })).body;
    const drawer = await user('drawer@example.com');
    await warm(drawer, 'named:draw', false);

    expect((await callNode(node(0).url, 'POST', `${t}/licenses/${license.id}/assignments`, ownerKey, { userIds: [drawer] })).status).toBe(200);
    expect(await access(1, drawer, 'named:draw')).toMatchObject({ allowed: true, code: 'licensed' });
    expect(await access(2, drawer, 'named:draw')).toMatchObject({ allowed: true, code: 'licensed' });
    expect((await access(0, drawer, 'named:draw')).allowed).toBe(true);

    await warm(drawer, 'named:draw', true);
    expect((await callNode(node(1).url, 'DELETE', `${t}/licenses/${license.id}/assignments`, ownerKey, { userIds: [drawer] })).status).toBe(200);
    expect((await access(2, drawer, 'named:draw')).allowed).toBe(false);
    expect((await access(0, drawer, 'named:draw')).allowed).toBe(false);
  });

  it('answers a license quantity raised on one node on the next check of every other', async () => {
    const license = (await callNode(node(0).url, 'POST', `${t}/licenses`, adminToken, { code: 'floating-1', name: 'Floating', model: 'concurrent', product: 'floating', modules: ['desk'], quantity: 1 })).body;
    const [holder, waiter] = [await user('holder@example.com'), await user('waiter@example.com')];
    expect((await callNode(node(0).url, 'POST', `${t}/sessions`, app.key, { userId: holder, modules: ['floating:desk'] })).status).toBe(201);
    await warm(waiter, 'floating:desk', false);

    expect((await callNode(node(2).url, 'PATCH', `${t}/licenses/${license.id}`, adminToken, { quantity: 2 })).status).toBe(200);
    expect((await access(0, waiter, 'floating:desk')).allowed).toBe(true);
    expect((await access(1, waiter, 'floating:desk')).allowed).toBe(true);
  });

  it('counts hits against a quota, and a module of the catalog, changed on one node from the next batch of every other', async () => {
    const product = await callNode(node(0).url, 'POST', '/v1/products', adminToken, { code: 'metered', name: 'Metered', modules: [{ code: 'query', name: 'Query' }] });
    expect(product.status).toBe(201);
    const license = (await callNode(node(0).url, 'POST', `${t}/licenses`, adminToken, { code: 'metered-3', name: 'Metered', model: 'hits', product: 'metered', quantity: 3 })).body;
    const hit = async (i: number, module = 'metered:query') => {
      const answer = await callNode(node(i).url, 'POST', `${t}/usage/hits`, app.key, { events: [{ module, kind: 'query', count: 1 }] });
      expect(answer.status).toBe(200);
      return answer.body.results[0].status as string;
    };
    for (let i = 0; i < 3; i++) expect(await hit(i)).toBe('accepted');
    for (let i = 0; i < 3; i++) for (let round = 0; round < 2; round++) expect(await hit(i)).toBe('quota_exhausted');
    for (let i = 0; i < 3; i++) expect(await hit(i, 'metered:report')).toBe('unknown_module');

    expect((await callNode(node(0).url, 'PATCH', `${t}/licenses/${license.id}`, adminToken, { quantity: 5 })).status).toBe(200);
    expect(await hit(1)).toBe('accepted');
    expect(await hit(2)).toBe('accepted');
    expect(await hit(0)).toBe('quota_exhausted');

    expect((await callNode(node(0).url, 'PATCH', `/v1/products/${product.body.id}`, adminToken, { addModules: [{ code: 'report', name: 'Report' }] })).status).toBe(200);
    expect((await callNode(node(0).url, 'PATCH', `${t}/licenses/${license.id}`, adminToken, { quantity: 6 })).status).toBe(200);
    expect(await hit(2, 'metered:report')).toBe('accepted');
    expect(await hit(1, 'metered:report')).toBe('quota_exhausted');
  });

  it('refuses a key revoked on one node on the next request to every other', async () => {
    const key = (await callNode(node(0).url, 'POST', `${t}/api-keys`, ownerKey, { kind: 'admin', roles: ['license_manager'] })).body;
    for (let i = 0; i < 3; i++) for (let round = 0; round < 2; round++) expect((await callNode(node(i).url, 'GET', t, key.key)).status).toBe(200);

    expect((await callNode(node(0).url, 'DELETE', `${t}/api-keys/${key.id}`, ownerKey)).status).toBe(204);
    for (const i of [1, 2]) {
      const answer = await callNode(node(i).url, 'GET', t, key.key);
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('unauthenticated');
    }
  });

  it('answers a tenant renamed on one node on the next read of every other', async () => {
    for (let i = 0; i < 3; i++) expect((await callNode(node(i).url, 'GET', t, ownerKey)).body.name).toBe('Fresh');
    expect((await callNode(node(1).url, 'PATCH', t, ownerKey, { name: 'Renamed' })).status).toBe(200);
    expect((await callNode(node(0).url, 'GET', t, ownerKey)).body.name).toBe('Renamed');
    expect((await callNode(node(2).url, 'GET', t, ownerKey)).body.name).toBe('Renamed');
  });
});
