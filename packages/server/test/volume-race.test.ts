import { expect } from 'vitest';
import type { Store } from '@allot/storage';
import { raceOnBoth, type RaceCall as Call } from '../../../test-support/cluster.js';


const maximum = 10;
const racers = 60;

/** A volume license of 10 counted property sets (drafts do not count). */
async function arrange(call: Call) {
  const stamp = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
  const t = (await call('POST', '/v1/tenants', { name: 'Volume race', customerCode: `VOL${stamp}` })).body.id as string;
  const product = (await call('POST', '/v1/products', { code: `PMFS-${stamp}`, name: 'PMFS', modules: [{ code: 'Leases', name: 'Leases' }] })).body.code as string;
  const license = await call('POST', `/v1/tenants/${t}/licenses`, { code: 'PMFS-VOL', name: 'Property sets', model: 'volume', product, objectKind: 'property_set', countedStatuses: ['active'], quantity: maximum });
  expect(license.status).toBe(201);
  return { t, licenseId: license.body.id as string };
}

/**
 * Sixty objects registered at once, half of them as drafts moved to active at once: the counted
 * objects never pass the maximum, every refusal is `volume_exceeded`, and drafts are never refused.
 */
async function race(calls: Call[], store: Store, setup: Awaited<ReturnType<typeof arrange>>) {
  const path = `/v1/tenants/${setup.t}/licenses/${setup.licenseId}/objects`;
  const drafts = await Promise.all(Array.from({ length: racers / 2 }, (_, i) => (calls[i % calls.length] as Call)('POST', path, { ref: `draft-${i}`, status: 'draft' })));
  expect(drafts.every((a) => a.status === 201)).toBe(true);
  const answers = await Promise.all([
    ...Array.from({ length: racers / 2 }, (_, i) => (calls[i % calls.length] as Call)('POST', path, { ref: `active-${i}`, status: 'active' })),
    ...Array.from({ length: racers / 2 }, (_, i) => (calls[(i + 1) % calls.length] as Call)('PATCH', `${path}/draft-${i}`, { status: 'active' })),
  ]);
  const admitted = answers.filter((a) => a.status === 200 || a.status === 201);
  const refused = answers.filter((a) => a.status === 409);
  expect(admitted).toHaveLength(maximum);
  expect(refused).toHaveLength(racers - maximum);
  expect(refused.every((a) => a.body.code === 'volume_exceeded')).toBe(true);
  const counted = await store.db.selectFrom('volume_objects').select('ref').where('license_id', '=', setup.licenseId).where('status', '=', 'active').execute();
  expect(counted).toHaveLength(maximum);
  expect((await (calls[0] as Call)('GET', `/v1/tenants/${setup.t}/licenses/${setup.licenseId}`)).body).toMatchObject({ used: maximum, available: 0 });
}

raceOnBoth('volume objects', {
  [`counts exactly ${maximum} objects when ${racers} become active at once`]: async (calls, store) => race(calls, store, await arrange(calls[0] as Call)),
});
