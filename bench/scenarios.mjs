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
];
