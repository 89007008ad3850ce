import { expect } from 'vitest';
import type { Store } from '@allot/storage';
import { raceOnBoth, type RaceCall as Call } from '../../../test-support/cluster.js';


const licenses = 20;

async function arrange(call: Call) {
  const tenant = await call('POST', '/v1/tenants', { name: 'Sessions', customerCode: `SES${Date.now()}` });
  const t = tenant.body.id as string;
  const product = `ses${Date.now()}`;
  await call('POST', '/v1/products', { code: product, name: 'Sessions', modules: [{ code: 'desk', name: 'Desk' }, { code: 'lab', name: 'Lab' }] });
  const license = await call('POST', `/v1/tenants/${t}/licenses`, { code: 'desk', name: 'Desk and lab', model: 'concurrent', product, modules: ['desk', 'lab'], quantity: licenses });
  expect(license.status).toBe(201);
  const appKey = (await call('POST', `/v1/tenants/${t}/api-keys`, { kind: 'app' })).body.key as string;
  const userIds: string[] = [];
  for (let i = 0; i < 100; i += 25) {
    const batch = await Promise.all(Array.from({ length: 25 }, (_, j) => call('POST', `/v1/tenants/${t}/users`, { email: `s${i + j}@example.com`, name: `S${i + j}` })));
    userIds.push(...batch.map((b) => b.body.id as string));
  }
  const [desk, lab] = [`${product}:desk`, `${product}:lab`];
  return { t, appKey, licenseId: license.body.id as string, desk, lab, userIds };
}

/** Live sessions holding `module` now, straight from the database. */
async function liveOnModule(store: Store, tenantId: string, module: string): Promise<number> {
  const now = new Date().toISOString();
  const row = await store.db
    .selectFrom('sessions')
    .innerJoin('session_modules', 'session_modules.session_id', 'sessions.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sessions.tenant_id', '=', tenantId)
    .where('sessions.ended_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('session_modules.module', '=', module)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type Answer = Awaited<ReturnType<Call>>;
const holding = (answers: Answer[], module: string) => answers.filter((a) => a.status === 201 && a.body.modules.some((m: { module: string }) => m.module === module)).length;

// Each open asks for the desk, the lab, or both (a third each). The license's quantity applies to
// each module on its own: a session holding both takes one of each, so both modules fill to
// exactly 20 whatever the interleaving (a module refuses only when it is full, and each has more
// single-module askers than licenses).
async function raceAndCheck(calls: Call[], store: Store) {
  const setup = await arrange(calls[0] as Call);
  const kinds = [[setup.desk], [setup.lab], [setup.desk, setup.lab]];
  const open = (i: number) =>
    (calls[i % calls.length] as Call)('POST', `/v1/tenants/${setup.t}/sessions`, { userId: setup.userIds[i % setup.userIds.length], modules: kinds[i % kinds.length] }, setup.appKey);
  const expectFull = async () => {
    expect(await liveOnModule(store, setup.t, setup.desk)).toBe(licenses);
    expect(await liveOnModule(store, setup.t, setup.lab)).toBe(licenses);
  };

  // 300 opens at once: each module ends with exactly 20 holders; the rest are told who holds the module refused.
  const first = await Promise.all(Array.from({ length: 300 }, (_, i) => open(i)));
  const granted = first.filter((a) => a.status === 201);
  expect(holding(first, setup.desk)).toBe(licenses);
  expect(holding(first, setup.lab)).toBe(licenses);
  const refused = first.filter((a) => a.status === 409);
  expect(refused.every((a) => a.body.code === 'concurrency_limit')).toBe(true);
  expect(refused).toHaveLength(300 - granted.length);
  for (const answer of refused.slice(0, 20)) {
    const holders = answer.body.holders as { sessionId: string; module: string }[];
    expect(holders).toHaveLength(licenses);
    expect(new Set(holders.map((h) => h.sessionId)).size).toBe(licenses);
    expect(holders.every((h) => h.module === answer.body.module)).toBe(true);
  }
  await expectFull();

  // Holders log out while 100 more race in: no module passes 20.
  const second = await Promise.all([
    ...granted.map((a, i) => (calls[i % calls.length] as Call)('DELETE', `/v1/tenants/${setup.t}/sessions/${a.body.id}`, undefined, setup.appKey)),
    ...Array.from({ length: 100 }, (_, i) => open(i + 7)),
  ]);
  expect(second.slice(0, granted.length).every((a) => a.status === 200)).toBe(true);
  const racing = second.slice(granted.length);
  for (const module of [setup.desk, setup.lab]) {
    expect(holding(racing, module)).toBeLessThanOrEqual(licenses);
    expect(await liveOnModule(store, setup.t, module)).toBe(holding(racing, module));
  }

  // The freed licenses go to the next opens, up to the limit of each module and no further.
  const third = await Promise.all(Array.from({ length: 120 }, (_, i) => open(i + 3)));
  for (const module of [setup.desk, setup.lab]) expect(holding(third, module)).toBe(licenses - holding(racing, module));
  await expectFull();
  const call = calls[calls.length - 1] as Call;
  for (const module of [setup.desk, setup.lab]) {
    const live = await call('GET', `/v1/tenants/${setup.t}/sessions?state=live&limit=500&module=${module}`);
    expect(live.body.items).toHaveLength(licenses);
  }
  const usage = await call('GET', `/v1/tenants/${setup.t}/licenses/${setup.licenseId}/sessions`);
  expect(usage.body).toMatchObject({ live: licenses, modules: [{ module: setup.desk, live: licenses }, { module: setup.lab, live: licenses }] });
  expect(new Set(usage.body.items.map((h: { sessionId: string; module: string }) => `${h.sessionId} ${h.module}`)).size).toBe(2 * licenses);
}

raceOnBoth('concurrency limit', {
  [`never has more than ${licenses} live sessions on a module, counting each module on its own, and frees them on logout`]: raceAndCheck,
}, { realClock: true });
