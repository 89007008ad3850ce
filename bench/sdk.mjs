// The SDK's cost on the client side: `allot.checkAccess` (openapi-fetch, timeout, retry policy,
// the remembered answer) against a raw `fetch` of the same endpoint with the same body, one call
// in flight at a time, in interleaved rounds of the same run. The server is the same for both, so
// the ratio is what the SDK adds to a round trip. (verifyLicenseFile against raw crypto.verify is
// the in-process row of run.mjs; BENCH_SCENARIO=SDK runs both.)
import { randomBytes } from 'node:crypto';
import { AllotClient } from '@allot/sdk';
import { median } from './lib/rounds.mjs';

const seconds = Number(process.env.BENCH_DURATION ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** The SDK keeps at least this share of raw fetch's round trips per second. */
const target = 0.8;

/** Round trips per second and their median latency, one call after another for about `ms`. */
async function measure(call, ms) {
  const latencies = [];
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(ms * 1e6));
  let now = start;
  while (now < until) {
    const before = now;
    await call();
    now = process.hrtime.bigint();
    latencies.push(Number(now - before) / 1e3);
  }
  return { perSecond: (latencies.length * 1e9) / Number(now - start), p50Micros: median(latencies) };
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
      // Warm-up, then A B A B…, so that a noisy moment of the machine hits both alike.
      await measure(sdk, 1000);
      await measure(raw, 1000);
      const runs = { sdk: [], raw: [] };
      for (let round = 0; round < rounds; round++) {
        runs.sdk.push(await measure(sdk, seconds * 1000));
        runs.raw.push(await measure(raw, seconds * 1000));
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
