import { expect } from 'vitest';
import type { Store } from '@allot/storage';
import { raceOnBoth, type RaceCall as Call } from '../../../test-support/cluster.js';


const licenses = 3;
const waiters = 30;

/** Live sessions holding `module` now, straight from the database. */
async function liveOnModule(store: Store, tenantId: string, module: string): Promise<number> {
  const row = await store.db
    .selectFrom('sessions')
    .innerJoin('session_modules', 'session_modules.session_id', 'sessions.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sessions.tenant_id', '=', tenantId)
    .where('sessions.ended_at', 'is', null)
    .where('sessions.expires_at', '>', new Date().toISOString())
    .where('session_modules.module', '=', module)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Holders fill the module, 30 waiters queue at once on every node, then the holders leave and
// every waiter asks at once, again on every node: exactly the first three in the queue's order are
// offered, never a fourth license; as two of them end, the next two (and only they) are offered.
async function raceAndCheck(calls: Call[], store: Store) {
  const call = calls[0] as Call;
  const t = (await call('POST', '/v1/tenants', { name: 'Queue', customerCode: `QUE${Date.now()}` })).body.id as string;
  const product = `que${Date.now()}`;
  await call('POST', '/v1/products', { code: product, name: 'Queue', modules: [{ code: 'desk', name: 'Desk' }] });
  expect((await call('POST', `/v1/tenants/${t}/licenses`, { code: 'desk', name: 'Desk', model: 'concurrent', product, modules: ['desk'], quantity: licenses })).status).toBe(201);
  const appKey = (await call('POST', `/v1/tenants/${t}/api-keys`, { kind: 'app' })).body.key as string;
  const users = await Promise.all(Array.from({ length: licenses + waiters }, (_, i) => call('POST', `/v1/tenants/${t}/users`, { email: `q${i}@example.com`, name: `Q${i}` })));
  const userIds = users.map((u) => u.body.id as string);
  const module = `${product}:desk`;
  const on = (i: number) => calls[i % calls.length] as Call;
  const open = (i: number, wait: boolean) => on(i)('POST', `/v1/tenants/${t}/sessions`, { userId: userIds[i], modules: [module], wait }, appKey);
  const poll = (i: number, queueId: string) => on(i)('GET', `/v1/tenants/${t}/session-queue/${queueId}`, undefined, appKey);

  const holders = await Promise.all(Array.from({ length: licenses }, (_, i) => open(i, false)));
  expect(holders.every((h) => h.status === 201)).toBe(true);

  const queued = await Promise.all(Array.from({ length: waiters }, (_, i) => open(licenses + i, true)));
  expect(queued.every((q) => q.status === 202)).toBe(true);
  // The order of the locks is the order of the queue: every place is taken once.
  expect(queued.map((q) => q.body.position as number).sort((a, b) => a - b)).toEqual(Array.from({ length: waiters }, (_, i) => i + 1));
  const byPosition = [...queued].sort((a, b) => a.body.position - b.body.position).map((q) => q.body.queueId as string);

  await Promise.all(holders.map((h, i) => on(i)('DELETE', `/v1/tenants/${t}/sessions/${h.body.id}`, undefined, appKey)));
  const asked = await Promise.all(byPosition.map((id, i) => poll(i, id)));
  const offered = (answers: typeof asked) => byPosition.filter((_, i) => answers[i]?.body.state === 'offered');
  expect(offered(asked)).toEqual(byPosition.slice(0, licenses));
  expect(await liveOnModule(store, t, module)).toBe(licenses);
  // Those still waiting moved up (asked again now the offers are made): the next is now first.
  const moved = await Promise.all(byPosition.slice(licenses).map((id, i) => poll(i, id)));
  expect(moved.map((a) => a.body.position)).toEqual(Array.from({ length: waiters - licenses }, (_, i) => i + 1));

  // Two of the three claim and end; the third keeps its offer. The next two in line, and no one else, are offered.
  const sessions = asked.slice(0, licenses).map((a) => a.body.sessionId as string);
  for (const [i, sessionId] of sessions.slice(0, 2).entries()) {
    expect((await on(i)('POST', `/v1/tenants/${t}/sessions/${sessionId}/heartbeat`, undefined, appKey)).status).toBe(200);
    expect((await on(i + 1)('DELETE', `/v1/tenants/${t}/sessions/${sessionId}`, undefined, appKey)).status).toBe(200);
  }
  const again = await Promise.all(byPosition.map((id, i) => poll(i + 1, id)));
  expect(again.slice(0, 2).map((a) => a.body.state)).toEqual(['claimed', 'claimed']);
  expect(again[2]?.body.state).toBe('offered');
  expect(offered(again)).toEqual(byPosition.slice(2, licenses + 2));
  expect(await liveOnModule(store, t, module)).toBe(licenses);
}

raceOnBoth('the wait queue', {
  'keeps the order of the queue and never offers more licenses than are free': raceAndCheck,
}, { realClock: true });
