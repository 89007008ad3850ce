// What the benchmark measures. A scenario seeds what it needs through the API in `setup(server)`
// and answers the one request to repeat: `{ path, method, headers, body }`. The bare node:http
// yardstick answers with whatever Allot answered to that request once. `target` is the least
// Allot may reach, in percent of the yardstick's requests/s (checked on SQLite).

const seeded = new WeakMap();

/** One tenant and a tenant-admin key for it, made once per server and shared by scenarios. */
export function benchTenant(server) {
  if (!seeded.has(server)) {
    seeded.set(
      server,
      (async () => {
        const tenant = await server.call('POST', '/v1/tenants', { body: { name: 'Bench', customerCode: 'BENCH' }, expect: 201 });
        const apiKey = await server.call('POST', `/v1/tenants/${tenant.id}/api-keys`, { body: { kind: 'admin', roles: ['owner'] }, expect: 201 });
        return { tenantId: tenant.id, tenantKey: apiKey.key };
      })(),
    );
  }
  return seeded.get(server);
}

/** A product, a named license, a group linked to it and a seated member, with an app key. */
async function seatedThroughGroup(server) {
  const { tenantId } = await benchTenant(server);
  const t = `/v1/tenants/${tenantId}`;
  await server.call('POST', '/v1/products', { body: { code: 'bench', name: 'Bench', modules: [{ code: 'reports', name: 'Reports' }] }, expect: 201 });
  const license = await server.call('POST', `${t}/licenses`, { body: { code: 'bench-named', name: 'Bench', model: 'named', product: 'bench', quantity: 50 }, expect: 201 });
  const user = await server.call('POST', `${t}/users`, { body: { email: 'seated@bench.io', name: 'Seated' }, expect: 201 });
  const group = await server.call('POST', `${t}/groups`, { body: { name: 'Bench users' }, expect: 201 });
  await server.call('POST', `${t}/groups/${group.id}/members`, { body: { userIds: [user.id] }, expect: 200 });
  await server.call('POST', `${t}/licenses/${license.id}/groups`, { body: { groupId: group.id }, expect: 200 });
  const app = await server.call('POST', `${t}/api-keys`, { body: { kind: 'app' }, expect: 201 });
  return { tenantId, userId: user.id, appKey: app.key };
}

export const scenarios = [
  {
    // The realistic read: an API-key lookup plus a tenant lookup per request.
    name: 'GET one tenant by id',
    target: 60,
    async setup(server) {
      const { tenantId, tenantKey } = await benchTenant(server);
      return { method: 'GET', path: `/v1/tenants/${tenantId}`, headers: { authorization: `Bearer ${tenantKey}` } };
    },
  },
  {
    // The call every licensed application makes: a user seated through a linked group.
    name: 'access check (seat via group)',
    target: 50,
    p99Ms: 10,
    async setup(server) {
      const { tenantId, userId, appKey } = await seatedThroughGroup(server);
      return {
        method: 'POST',
        path: `/v1/tenants/${tenantId}/access`,
        headers: { authorization: `Bearer ${appKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ userId, module: 'bench:reports' }),
      };
    },
  },
];
