import { expect } from 'vitest';
import type { Store } from '@allot/storage';
import { raceOnBoth, type RaceCall as Call } from '../../../test-support/cluster.js';


const seats = 10;
const racers = 210;

/** Sets up a 10-seat license, 210 users and three linked groups, through the API. */
async function arrange(call: Call) {
  const tenant = await call('POST', '/v1/tenants', { name: 'Race', customerCode: `RACE${Date.now()}` });
  const t = tenant.body.id as string;
  await call('POST', '/v1/products', { code: `race${Date.now()}`, name: 'Race', modules: [{ code: 'm', name: 'M' }] }).then(async (p) => {
    const license = await call('POST', `/v1/tenants/${t}/licenses`, { code: 'race', name: 'Race', model: 'named', product: p.body.code, quantity: seats });
    expect(license.status).toBe(201);
  });
  const license = (await call('GET', `/v1/tenants/${t}/licenses`)).body.items[0].id as string;
  const userIds: string[] = [];
  for (let i = 0; i < racers; i += 30) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(30, racers - i) }, (_, j) => call('POST', `/v1/tenants/${t}/users`, { email: `racer${i + j}@example.com`, name: `Racer ${i + j}` })),
    );
    userIds.push(...batch.map((b) => b.body.id as string));
  }
  const groupIds: string[] = [];
  for (const name of ['One', 'Two', 'Three']) {
    const group = await call('POST', `/v1/tenants/${t}/groups`, { name });
    groupIds.push(group.body.id);
    expect((await call('POST', `/v1/tenants/${t}/licenses/${license}/groups`, { groupId: group.body.id })).status).toBe(200);
  }
  return { t, license, userIds, groupIds };
}

/** Every racer asks once: half by direct assignment, half by joining a linked group. */
function race(calls: Call[], t: string, license: string, userIds: string[], groupIds: string[]) {
  return Promise.all(
    userIds.map((userId, i) => {
      const call = calls[i % calls.length] as Call;
      return i % 2 === 0
        ? call('POST', `/v1/tenants/${t}/licenses/${license}/assignments`, { userIds: [userId] })
        : call('POST', `/v1/tenants/${t}/groups/${groupIds[i % groupIds.length]}/members`, { userIds: [userId] });
    }),
  );
}

async function verify(store: Store, call: Call, setup: Awaited<ReturnType<typeof arrange>>, answers: { status: number; body: any }[]) {
  const granted = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status === 409);
  expect(granted).toHaveLength(seats);
  expect(refused).toHaveLength(racers - seats);
  expect(refused.every((a) => a.body.code === 'seat_limit')).toBe(true);

  const seatRows = await store.db.selectFrom('license_seats').select('user_id').where('license_id', '=', setup.license).execute();
  expect(seatRows).toHaveLength(seats);
  const license = await call('GET', `/v1/tenants/${setup.t}/licenses/${setup.license}`);
  expect(license.body).toMatchObject({ used: seats, available: 0, quantity: seats });
  const holders = await call('GET', `/v1/tenants/${setup.t}/licenses/${setup.license}/assignments?limit=500`);
  expect(holders.body.items.map((h: { userId: string }) => h.userId).sort()).toEqual(seatRows.map((r) => r.user_id).sort());
  // Refused group joins left no member behind: members of linked groups are exactly the group-seated users.
  const members = await store.db.selectFrom('group_members').select('user_id').where('group_id', 'in', setup.groupIds).execute();
  const direct = await store.db.selectFrom('license_assignments').select('user_id').where('license_id', '=', setup.license).execute();
  expect(members.length + direct.length).toBe(seats);
}

raceOnBoth('seat limit', {
  [`seats exactly ${seats} of ${racers} racing users and refuses the rest with 409`]: async (calls, store) => {
    const setup = await arrange(calls[0] as Call);
    const answers = await race(calls, setup.t, setup.license, setup.userIds, setup.groupIds);
    await verify(store, calls[1 % calls.length] as Call, setup, answers);
  },
});
