// What the benchmark measures. A scenario seeds what it needs through the API in `setup(server)`
// and answers the one request to repeat, `{ path, method, headers, body }`, or a sequence of them,
// `{ requests: [...] }`, which each connection goes through in turn (autocannon's `requests`, with
// `onResponse` and `setupRequest` to carry an id from one to the next; see lib/load.mjs). The bare
// node:http yardstick answers each method with whatever Allot answered to it once; `baseline:
// 'sqlite-write'` makes it also run one better-sqlite3 write transaction per request, with
// Allot's pragmas. `target` is the least Allot may reach, in percent of the yardstick's
// requests/s (checked on SQLite), and `p99Ms` the most its 99th-percentile latency may be.
// `rateNote` says what req/s counts when a sequence has several requests.

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

/** A product with one module, a concurrent license of 1000 for it, a user, and an app key. */
async function concurrentLicense(server) {
  const { tenantId } = await benchTenant(server);
  const t = `/v1/tenants/${tenantId}`;
  await server.call('POST', '/v1/products', { body: { code: 'benchc', name: 'Bench C', modules: [{ code: 'desk', name: 'Desk' }] }, expect: 201 });
  await server.call('POST', `${t}/licenses`, { body: { code: 'bench-conc', name: 'Bench', model: 'concurrent', product: 'benchc', modules: ['desk'], quantity: 1000 }, expect: 201 });
  const user = await server.call('POST', `${t}/users`, { body: { email: 's@bench.io', name: 'S' }, expect: 201 });
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
  {
    // Concurrent licensing: an application opens a session, then logs out. Two writes per pair.
    name: 'session open+close pairs',
    target: 40,
    baseline: 'sqlite-write',
    rateNote: '2 per pair',
    async setup(server) {
      const { tenantId, userId, appKey } = await concurrentLicense(server);
      const sessions = `/v1/tenants/${tenantId}/sessions`;
      return {
        requests: [
          {
            method: 'POST',
            path: sessions,
            headers: { authorization: `Bearer ${appKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ userId, modules: ['benchc:desk'] }),
            onResponse: (status, body, context) => {
              if (status === 201) context.sessionId = JSON.parse(body).id;
            },
          },
          {
            method: 'DELETE',
            path: sessions,
            headers: { authorization: `Bearer ${appKey}` },
            // With no session to close (the open failed), close a made-up one: a counted 404.
            setupRequest: (request, context) => ({ ...request, path: `${sessions}/${context.sessionId ?? 'ses_none'}` }),
          },
        ],
      };
    },
  },
  {
    // Consumption: batches of 1000 hit events, every event counted. The figure that matters is
    // hits per second; the yardstick receives the same bodies.
    name: 'hit ingestion (1000 events a batch)',
    target: 0,
    unitsPerRequest: 1000,
    minUnitsPerSecond: 100_000,
    unit: 'hits',
    async setup(server) {
      const { tenantId } = await benchTenant(server);
      const t = `/v1/tenants/${tenantId}`;
      await server.call('POST', '/v1/products', { body: { code: 'benchh', name: 'Bench H', modules: [{ code: 'orders', name: 'Orders' }] }, expect: 201 });
      await server.call('POST', `${t}/licenses`, { body: { code: 'bench-hits', name: 'Bench hits', model: 'hits', product: 'benchh', quantity: 2_000_000_000 }, expect: 201 });
      const app = await server.call('POST', `${t}/api-keys`, { body: { kind: 'app' }, expect: 201 });
      const events = Array.from({ length: 1000 }, (_, i) => ({ module: 'benchh:orders', kind: i % 2 === 0 ? 'query' : 'transaction', count: 1 }));
      return {
        method: 'POST',
        path: `${t}/usage/hits`,
        headers: { authorization: `Bearer ${app.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      };
    },
  },
];
