// The SDK's cost on the client side: `allot.checkAccess` (openapi-fetch, timeout, retry policy,
// the remembered answer) against a raw `fetch` of the same endpoint with the same body, one call
// in flight at a time, alternating every 200 ms within each round of the same run. The server is the same for both, so
// the ratio is what the SDK adds to a round trip. (verifyLicenseFile against raw crypto.verify + JSON.parse is
// the in-process row of run.mjs; BENCH_SCENARIO=SDK runs both.)
import { randomBytes } from 'node:crypto';
import { AllotClient } from '@allot/sdk';
import { median } from './lib/rounds.mjs';

const seconds = Number(process.env.BENCH_DURATION ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** The SDK keeps at least this share of raw fetch's round trips per second. */
const target = 0.8;

/** Alternates the contestants in slices this long, so that the machine's load swings hit both alike. */
const sliceMs = 200;

/** Calls `call` one after another for about `ms`, adding each latency (µs) to `latencies`; answers the time spent (ns). */
async function slice(call, ms, latencies) {
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(ms * 1e6));
  let now = start;
  while (now < until) {
    const before = now;
    await call();
    now = process.hrtime.bigint();
    latencies.push(Number(now - before) / 1e3);
  }
  return Number(now - start);
}

/** One round: `seconds` of each contestant, in alternating slices; answers per contestant round trips/s and p50 µs. */
async function round(contestants, seconds) {
  const spent = contestants.map(() => ({ ns: 0, latencies: [] }));
  for (let elapsed = 0; elapsed < seconds * 1000; elapsed += sliceMs) {
    for (const [i, call] of contestants.entries()) spent[i].ns += await slice(call, sliceMs, spent[i].latencies);
  }
  return spent.map(({ ns, latencies }) => ({ perSecond: (latencies.length * 1e9) / ns, p50Micros: median(latencies) }));
}

export const sdkScenarios = [
  {
    name: 'SDK checkAccess round trip vs raw fetch',
    databases: ['sqlite', 'postgres'],
    async prepare({ allot }) {
      const code = randomBytes(4).toString('hex').toUpperCase();
      const product = `sdk${code.toLowerCase()}`;
      await allot.call('POST', '/v1/products', { body: { code: product, name: 'SDK bench', modules: [{ code: 'm', name: 'M' }] }, expect: 201 });
      const tenant = await allot.call('POST', '/v1/tenants', { body: { name: `SDK ${code}`, customerCode: `S${code}` }, expect: 201 });
      const t = `/v1/tenants/${tenant.id}`;
      const license = await allot.call('POST', `${t}/licenses`, { body: { code: 'sdk', name: 'SDK', model: 'named', product, quantity: 5 }, expect: 201 });
      const user = await allot.call('POST', `${t}/users`, { body: { email: 'sdk@bench.io', name: 'SDK' }, expect: 201 });
      await allot.call('POST', `${t}/licenses/${license.id}/assignments`, { body: { userIds: [user.id] }, expect: 200 });
      const { key } = await allot.call('POST', `${t}/api-keys`, { body: { kind: 'app' }, expect: 201 });
      const module = `${product}:m`;

      const client = new AllotClient({ baseUrl: allot.url, apiKey: key, tenantId: tenant.id });
      const sdk = async () => {
        const answer = await client.checkAccess(user.id, module);
        if (!answer.allowed || answer.stale) throw new Error(`SDK access check answered ${JSON.stringify(answer)}`);
      };
      const raw = async () => {
        const response = await fetch(`${allot.url}${t}/access`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ userId: user.id, module }),
        });
        const answer = await response.json();
        if (!answer.allowed) throw new Error(`raw access check answered ${JSON.stringify(answer)}`);
      };
      await round([sdk, raw], 1); // warm-up
      const runs = { sdk: [], raw: [] };
      for (let r = 0; r < rounds; r++) {
        const [s, w] = await round([sdk, raw], seconds);
        runs.sdk.push(s);
        runs.raw.push(w);
      }
      const pick = (label, key) => median(runs[label].map((r) => r[key]));
      const figures = { sdkPerSecond: pick('sdk', 'perSecond'), rawPerSecond: pick('raw', 'perSecond'), sdkP50Micros: pick('sdk', 'p50Micros'), rawP50Micros: pick('raw', 'p50Micros') };
      return {
        // Measured here, client-side: no wrk contestants.
        contestants: [],
        judge: () => {
          const ratio = figures.sdkPerSecond / figures.rawPerSecond;
          return [
            { figure: `round trips/s: SDK ${Math.round(figures.sdkPerSecond)} vs raw fetch ${Math.round(figures.rawPerSecond)}`, value: `${ratio.toFixed(2)}×`, target: `≥ ${target.toFixed(2)}×`, pass: ratio >= target },
            { figure: 'p50 round trip: SDK vs raw fetch', value: `${figures.sdkP50Micros.toFixed(0)} µs vs ${figures.rawP50Micros.toFixed(0)} µs`, target: 'info', pass: null },
          ];
        },
        stop: async () => {},
      };
    },
  },
];
