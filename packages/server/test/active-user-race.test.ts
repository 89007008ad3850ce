import { expect } from 'vitest';
import type { Store } from '@allot/storage';
import { raceOnBoth, type RaceCall as Call } from '../../../test-support/cluster.js';


const pool = 4;
const racers = 40;

/** A tenant with an active-user pool of 4 on one module, a pair of one-license pools on another, and 40 users. */
async function arrange(call: Call) {
  const stamp = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
  const t = (await call('POST', '/v1/tenants', { name: 'Active race', customerCode: `AUR${stamp}` })).body.id as string;
  const product = (await call('POST', '/v1/products', { code: `PSS2-${stamp}`, name: 'PSS2', modules: [{ code: 'Desk', name: 'Desk' }, { code: 'Rooms', name: 'Rooms' }] })).body.code as string;
  const license = async (code: string, module: string, quantity: number) => {
    const answer = await call('POST', `/v1/tenants/${t}/licenses`, { code, name: code, model: 'active_user', product, modules: [module], quantity });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const desk = await license('AU-DESK', 'Desk', pool);
  const rooms = [await license('AU-ROOMS-1', 'Rooms', 1), await license('AU-ROOMS-2', 'Rooms', 1)];
  const userIds: string[] = [];
  for (let i = 0; i < racers; i += 20) {
    const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => call('POST', `/v1/tenants/${t}/users`, { email: `au${i + j}@example.com`, name: `User ${i + j}` })));
    userIds.push(...batch.map((b) => b.body.id as string));
  }
  return { t, product, desk, rooms, userIds };
}

async function liveLinks(store: Store, licenseIds: readonly string[]) {
  return store.db.selectFrom('active_user_links').select(['license_id', 'user_id']).where('license_id', 'in', [...licenseIds]).execute();
}

/**
 * Forty users ask for the module while an admin cuts the pool from 4 to 2: whatever the order, the
 * pool never holds more links than its quantity, every `active_user` answer is a link, and a cut
 * below the links in use is refused like a seat cut.
 */
async function raceAgainstCut(calls: Call[], store: Store, setup: Awaited<ReturnType<typeof arrange>>) {
  const checks = setup.userIds.map((userId, i) => (calls[i % calls.length] as Call)('POST', `/v1/tenants/${setup.t}/access`, { userId, module: `${setup.product}:Desk` }));
  const cut = (calls[1 % calls.length] as Call)('PATCH', `/v1/tenants/${setup.t}/licenses/${setup.desk}`, { quantity: 2 });
  const [answers, patched] = await Promise.all([Promise.all(checks), cut]);
  const linked = answers.filter((a) => a.status === 200 && a.body.code === 'active_user');
  const refused = answers.filter((a) => a.status === 200 && a.body.code === 'seat_limit');
  expect(linked.length + refused.length).toBe(racers);
  const quantity = patched.status === 200 ? 2 : pool;
  if (patched.status !== 200) expect(patched.body.code).toBe('quantity_below_usage');
  const links = await liveLinks(store, [setup.desk]);
  expect(links).toHaveLength(linked.length);
  expect(links.length).toBeLessThanOrEqual(quantity);
  const license = (await (calls[0] as Call)('GET', `/v1/tenants/${setup.t}/licenses/${setup.desk}`)).body;
  expect(license).toMatchObject({ quantity, used: links.length });
  // Once the pool holds more links than 2, the cut is refused: it never leaves the pool over-linked.
  const again = await (calls[0] as Call)('PATCH', `/v1/tenants/${setup.t}/licenses/${setup.desk}`, { quantity: links.length - 1 });
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('quantity_below_usage');
}

/** One user asking twenty times at once on a pool of two one-license licenses is linked once. */
async function raceOneUser(calls: Call[], store: Store, setup: Awaited<ReturnType<typeof arrange>>) {
  const userId = setup.userIds[0] as string;
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (calls[i % calls.length] as Call)('POST', `/v1/tenants/${setup.t}/access`, { userId, module: `${setup.product}:Rooms` })));
  expect(answers.every((a) => a.body.code === 'active_user')).toBe(true);
  expect(new Set(answers.map((a) => a.body.licenseId)).size).toBe(1);
  expect(await liveLinks(store, setup.rooms)).toHaveLength(1);
  // The other license of the pool is still free for someone else.
  expect((await (calls[0] as Call)('POST', `/v1/tenants/${setup.t}/access`, { userId: setup.userIds[1], module: `${setup.product}:Rooms` })).body.code).toBe('active_user');
}

raceOnBoth('active-user pools', {
  'never links more users than the pool holds, even while its quantity is cut': async (calls, store) => raceAgainstCut(calls, store, await arrange(calls[0] as Call)),
  'links a user racing itself once': async (calls, store) => raceOneUser(calls, store, await arrange(calls[0] as Call)),
});
