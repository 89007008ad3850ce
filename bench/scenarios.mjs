// The rows of the benchmark (issue #16's table). A scenario is
//
//   { name, databases: ['sqlite', 'postgres'], minSeconds?,
//     async prepare({ allot, database, databaseUrl }) → { contestants, judge(medians) → checks, stop() } }
//
// `minSeconds` lengthens the measured runs of a row whose requests are slow (fewer rounds then, for
// about the same time).
//
// `contestants` are `{ label, server, script, afterRun? }`: Allot, its yardstick (yardstick.mjs,
// doing the same parsing and database work) and any other variant, loaded in interleaved rounds
// by lib/rounds.mjs with a wrk Lua script from lib/wrk.mjs. `judge` turns the medians (by label)
// into checks `{ figure, value, target, pass }`; `pass: null` is information. To add a row,
// add a scenario here (or in a file of its own, spread into `scenarios`).
import { randomBytes } from 'node:crypto';
import { pairedRatios } from './lib/rounds.mjs';
import { seedEndedSessions, seedHitKeys } from './lib/seed.mjs';
import { startYardstick } from './lib/servers.mjs';
import { fixedRequestScript, sessionPairsScript, uniqueHitsScript } from './lib/wrk.mjs';
import { sdkScenarios } from './sdk.mjs';

const historyRows = Number(process.env.BENCH_HISTORY_ROWS ?? 1_000_000);
const hitKeyRows = Number(process.env.BENCH_HIT_KEYS ?? 1_000_000);
const mb = 1024 * 1024;

const times = (n) => `${n.toFixed(2)}×`;
const check = (figure, value, target, pass) => ({ figure, value, target, pass });
const rateOf = (m) => m.requestsPerSecond;
/** `a`'s requests/s and CPU per request against `b`'s, by round (see pairedRatios). */
const rateRatio = (a, b) => pairedRatios(a, b, 'requestsPerSecond');
const cpuRatio = (a, b) => pairedRatios(a, b, 'cpuMicrosPerRequest');

/**
 * A ratio's check: its median (the rounds' lowest and highest beside it) against a bound it must
 * reach (`atLeast`) or stay within (`atMost`); none for information. `withinSpread` says that the
 * bound lies between the lowest and the highest round, so that another run may well judge otherwise.
 */
function ratioCheck(figure, ratio, { atLeast, atMost } = {}) {
  const bound = atLeast ?? atMost;
  const target = bound === undefined ? '-' : `${atLeast !== undefined ? '≥' : '≤'} ${times(bound)}`;
  const pass = bound === undefined ? null : atLeast !== undefined ? ratio.median >= atLeast : ratio.median <= atMost;
  const value = `${times(ratio.median)} (${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)})`;
  return { ...check(figure, value, target, pass), withinSpread: bound !== undefined && ratio.low <= bound && bound <= ratio.high };
}

/** A tenant of its own with an owner key: every scenario starts from a fresh one. */
async function newTenant(allot) {
  const code = randomBytes(4).toString('hex').toUpperCase();
  const tenant = await allot.call('POST', '/v1/tenants', { body: { name: `Bench ${code}`, customerCode: `B${code}` }, expect: 201 });
  const key = await allot.call('POST', `/v1/tenants/${tenant.id}/api-keys`, { body: { kind: 'admin', roles: ['owner'] }, expect: 201 });
  const app = await allot.call('POST', `/v1/tenants/${tenant.id}/api-keys`, { body: { kind: 'app' }, expect: 201 });
  return { tenantId: tenant.id, t: `/v1/tenants/${tenant.id}`, ownerKey: key.key, appKey: app.key };
}

const products = new WeakMap();
/** A product of the catalog, made once per server: `code` with one module. */
async function product(allot, code, module) {
  if (!products.has(allot)) products.set(allot, new Map());
  const made = products.get(allot);
  if (!made.has(code)) made.set(code, allot.call('POST', '/v1/products', { body: { code, name: code, modules: [{ code: module, name: module }] }, expect: 201 }));
  await made.get(code);
  return `${code}:${module}`;
}

/** Sends `request` to Allot once and answers `{ method, status, body }` for a yardstick, refusing a non-2xx answer. */
async function recordAnswer(allot, request) {
  const answer = await allot.send(request);
  if (answer.status < 200 || answer.status >= 300) throw new Error(`Allot answered ${request.method} ${request.path} with ${answer.status}: ${answer.text}`);
  return { method: request.method ?? 'GET', status: answer.status, body: answer.text };
}

/**
 * A fixed request against Allot, the parsing yardstick and a bare Fastify app doing the same (for
 * information: the framework's share of Allot's cost).
 */
async function fixedVersusParse(allot, request) {
  const answer = await recordAnswer(allot, request);
  const yardstick = await startYardstick({ answers: [answer] });
  const fastify = await startYardstick({ answers: [answer], server: 'fastify' });
  const script = fixedRequestScript(request);
  return {
    stop: async () => Promise.all([yardstick.stop(), fastify.stop()]),
    contestants: [
      { label: 'allot', server: allot, script, path: request.path },
      { label: 'node:http', server: yardstick, script },
      { label: 'bare fastify', server: fastify, script },
    ],
  };
}

/** What Allot costs above the framework: its requests/s against the bare Fastify app's. */
const aboveFramework = (m) => ratioCheck('req/s vs bare fastify', rateRatio(m.allot, m['bare fastify']));

/**
 * Contestants load `server.url + path`: wrk takes the path from the URL. The rest is the server's
 * own (not a copy): its `pid` changes when it restarts.
 */
const at = (server, path) => Object.create(server, { url: { value: server.url + path } });

/** A user seated through a group linked to a named license of 50, with an app key. */
async function seatedThroughGroup(allot) {
  const tenant = await newTenant(allot);
  const module = await product(allot, 'bench', 'reports');
  const { t } = tenant;
  const license = await allot.call('POST', `${t}/licenses`, { body: { code: 'bench-named', name: 'Bench', model: 'named', product: 'bench', quantity: 50 }, expect: 201 });
  const user = await allot.call('POST', `${t}/users`, { body: { email: 'seated@bench.io', name: 'Seated' }, expect: 201 });
  const group = await allot.call('POST', `${t}/groups`, { body: { name: 'Bench users' }, expect: 201 });
  await allot.call('POST', `${t}/groups/${group.id}/members`, { body: { userIds: [user.id] }, expect: 200 });
  await allot.call('POST', `${t}/licenses/${license.id}/groups`, { body: { groupId: group.id }, expect: 200 });
  return { ...tenant, userId: user.id, module };
}

/** A concurrent license of `quantity` for one module, and a user. */
export async function concurrentLicense(allot, quantity) {
  const tenant = await newTenant(allot);
  const module = await product(allot, 'benchc', 'desk');
  const license = await allot.call('POST', `${tenant.t}/licenses`, { body: { code: 'bench-conc', name: 'Bench', model: 'concurrent', product: 'benchc', modules: ['desk'], quantity }, expect: 201 });
  const user = await allot.call('POST', `${tenant.t}/users`, { body: { email: 's@bench.io', name: 'S' }, expect: 201 });
  return { ...tenant, licenseId: license.id, userId: user.id, module };
}

/**
 * Ends every live session of the tenant, so that a run starts with none (wrk leaves some open). A
 * close that wrk sent just before it stopped may still be running: 410 (ended already) is fine.
 */
export async function closeLiveSessions(allot, { t, ownerKey }) {
  while (true) {
    const page = await allot.call('GET', `${t}/sessions?state=live&limit=100`, { token: ownerKey });
    if (page.items.length === 0) return;
    for (const s of page.items) {
      const answer = await allot.send({ method: 'DELETE', path: `${t}/sessions/${s.id}`, headers: { authorization: `Bearer ${ownerKey}` } });
      if (answer.status !== 200 && answer.status !== 410) throw new Error(`closing ${s.id}: ${answer.status} ${answer.text}`);
    }
  }
}

/** The open request of a session and the recorded open and close answers of Allot. */
export async function sessionWork(allot, tenant) {
  const path = `${tenant.t}/sessions`;
  const headers = { authorization: `Bearer ${tenant.appKey}` };
  const body = JSON.stringify({ userId: tenant.userId, modules: [tenant.module] });
  const open = await recordAnswer(allot, { method: 'POST', path, headers: { ...headers, 'content-type': 'application/json' }, body });
  const close = await recordAnswer(allot, { method: 'DELETE', path: `${path}/${JSON.parse(open.body).id}`, headers });
  return { script: sessionPairsScript({ path, headers, body }), answers: [open, close] };
}

/** The checks every row shares: no errors, no unexpected statuses. */
function cleanRuns(medians, allowed = ['200', '201']) {
  return Object.entries(medians).flatMap(([label, m]) => {
    const odd = Object.keys(m.statuses).filter((s) => !allowed.includes(s));
    const bad = m.errors + m.statusErrors + odd.reduce((n, s) => n + m.statuses[s], 0);
    return bad === 0 ? [] : [check(`${label}: errors`, `${m.errors} socket errors, ${m.statusErrors} ≥ 400${odd.length > 0 ? `, statuses ${odd.join(' ')}` : ''}`, 'none', false)];
  });
}

export const scenarios = [
  {
    name: 'GET one tenant',
    databases: ['sqlite', 'postgres'],
    async prepare({ allot, database }) {
      const tenant = await newTenant(allot);
      const { stop, contestants } = await fixedVersusParse(allot, { method: 'GET', path: tenant.t, headers: { authorization: `Bearer ${tenant.ownerKey}` } });
      return {
        contestants: contestants.map((c) => ({ ...c, server: at(c.server, tenant.t) })),
        judge: (m) => [...cleanRuns(m), ratioCheck('req/s vs node:http', rateRatio(m.allot, m['node:http']), database === 'sqlite' ? { atLeast: 0.7 } : {}), aboveFramework(m)],
        stop,
      };
    },
  },
  {
    name: 'access check via group',
    databases: ['sqlite', 'postgres'],
    async prepare({ allot, database }) {
      const s = await seatedThroughGroup(allot);
      const path = `${s.t}/access`;
      const request = { method: 'POST', path, headers: { authorization: `Bearer ${s.appKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ userId: s.userId, module: s.module }) };
      const { stop, contestants } = await fixedVersusParse(allot, request);
      return {
        contestants: contestants.map((c) => ({ ...c, server: at(c.server, path) })),
        judge: (m) => {
          const ratio = rateRatio(m.allot, m['node:http']);
          if (database === 'postgres') return [...cleanRuns(m), ratioCheck('req/s vs node:http', ratio, { atLeast: 0.2 }), aboveFramework(m)];
          return [
            ...cleanRuns(m),
            ratioCheck('req/s vs node:http', ratio, { atLeast: 0.6 }),
            ratioCheck('CPU/req vs node:http', cpuRatio(m.allot, m['node:http']), { atMost: 1.6 }),
            check('p99', `${m.allot.p99Ms.toFixed(2)} ms`, '< 5 ms', m.allot.p99Ms < 5),
            check('RSS under load', `${(m.allot.peakRssBytes / mb).toFixed(0)} MB (highest ${(m.allot.highestRssBytes / mb).toFixed(0)})`, '≤ 120 MB', m.allot.peakRssBytes <= 120 * mb),
            aboveFramework(m),
          ];
        },
        stop,
      };
    },
  },
  {
    name: 'session open+close',
    databases: ['sqlite', 'postgres'],
    async prepare({ allot, database, databaseUrl }) {
      const tenant = await concurrentLicense(allot, 1000);
      const { script, answers } = await sessionWork(allot, tenant);
      const label = database === 'sqlite' ? 'node:http+sqlite' : 'node:http+pg';
      const yardstick = await startYardstick({ answers, work: database === 'sqlite' ? 'sqlite-session' : 'pg-session', databaseUrl });
      const target = database === 'sqlite' ? 0.75 : 0.5;
      return {
        contestants: [
          { label: 'allot', server: allot, script, afterRun: () => closeLiveSessions(allot, tenant) },
          { label, server: yardstick, script },
        ],
        judge: (m) => {
          return [...cleanRuns(m), ratioCheck(`req/s vs ${label} (one transaction)`, rateRatio(m.allot, m[label]), { atLeast: target })];
        },
        stop: yardstick.stop,
      };
    },
  },
  {
    name: `hits, unique keys, batches of 1000 (at 0 and ${hitKeyRows.toLocaleString('en')} keys)`,
    databases: ['sqlite', 'postgres'],
    // A batch takes milliseconds: in a 2 s run the 32 batches still in flight at its end, and the
    // first ones of the next, would weigh on the figures.
    minSeconds: 5,
    async prepare({ allot, database, databaseUrl }) {
      const module = await product(allot, 'benchh', 'orders');
      const tenants = [];
      for (const label of ['fresh', 'grown']) {
        const tenant = await newTenant(allot);
        const license = await allot.call('POST', `${tenant.t}/licenses`, { body: { code: 'bench-hits', name: 'Bench hits', model: 'hits', product: 'benchh', quantity: 2_000_000_000 }, expect: 201 });
        tenants.push({ label, ...tenant, licenseId: license.id });
      }
      const [fresh, grown] = tenants;
      await seedHitKeys(allot, databaseUrl, { tenantId: grown.tenantId, licenseId: grown.licenseId, count: hitKeyRows });
      const event = JSON.stringify({ module, kind: 'query', count: 1 });
      const scriptFor = (tenant) => uniqueHitsScript({ path: `${tenant.t}/usage/hits`, headers: { authorization: `Bearer ${tenant.appKey}` }, event, size: 1000, prefix: randomBytes(6).toString('hex') });
      const sample = { method: 'POST', path: `${fresh.t}/usage/hits`, headers: { authorization: `Bearer ${fresh.appKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: Array.from({ length: 1000 }, (_, i) => ({ module, kind: 'query', count: 1, idempotencyKey: `sample-${i}` })) }) };
      const answer = await recordAnswer(allot, sample);
      const label = database === 'sqlite' ? 'node:http+sqlite' : 'node:http+pg';
      const yardstick = await startYardstick({ answers: [answer], work: database === 'sqlite' ? 'sqlite-hits' : 'pg-hits', databaseUrl });
      const grownLabel = `allot at ${hitKeyRows.toLocaleString('en')} keys`;
      const floor = database === 'sqlite' ? 250_000 : 50_000;
      return {
        contestants: [
          { label: 'allot', server: allot, script: scriptFor(fresh) },
          { label, server: yardstick, script: scriptFor(fresh) },
          { label: grownLabel, server: allot, script: scriptFor(grown) },
        ],
        judge: (m) => {
          const hits = rateOf(m.allot) * 1000;
          const grownHits = rateOf(m[grownLabel]) * 1000;
          return [
            ...cleanRuns(m, ['200']),
            check('hits/s', Math.round(hits).toLocaleString('en'), `≥ ${floor.toLocaleString('en')}`, hits >= floor),
            check(`hits/s at ${hitKeyRows.toLocaleString('en')} keys`, Math.round(grownHits).toLocaleString('en'), `≥ ${floor.toLocaleString('en')}`, grownHits >= floor),
            ratioCheck('flat as keys grow (grown/fresh)', rateRatio(m[grownLabel], m.allot), { atLeast: 0.9 }),
            ratioCheck(`req/s vs ${label}`, rateRatio(m.allot, m[label])),
          ];
        },
        stop: yardstick.stop,
      };
    },
  },
  {
    name: `cost growth, session open+close at 1,000 → ${historyRows.toLocaleString('en')} historical sessions`,
    databases: ['sqlite', 'postgres'],
    async prepare({ allot, databaseUrl }) {
      const small = await concurrentLicense(allot, 1000);
      const large = await concurrentLicense(allot, 1000);
      for (const [tenant, count] of [[small, 1000], [large, historyRows]]) await seedEndedSessions(allot, databaseUrl, { ...tenant, count });
      const smallWork = await sessionWork(allot, small);
      const largeWork = await sessionWork(allot, large);
      const largeLabel = `allot at ${historyRows.toLocaleString('en')}`;
      return {
        contestants: [
          { label: 'allot at 1,000', server: allot, script: smallWork.script, afterRun: () => closeLiveSessions(allot, small) },
          { label: largeLabel, server: allot, script: largeWork.script, afterRun: () => closeLiveSessions(allot, large) },
        ],
        judge: (m) => {
          return [...cleanRuns(m), ratioCheck('CPU/req growth', cpuRatio(m[largeLabel], m['allot at 1,000']), { atMost: 1.1 })];
        },
        stop: async () => {},
      };
    },
  },
  ...sdkScenarios,
];
