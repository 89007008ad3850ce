import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '@allot/storage';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('consumption licensing on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const license = async (body: Record<string, unknown>) => {
    const answer = await t.call('POST', path('/licenses'), { body: { name: String(body.code), ...body } });
    if (answer.status !== 201) throw new Error(answer.text);
    return answer.body;
  };
  const hits = (events: Record<string, unknown>[]) => t.call('POST', path('/usage/hits'), { key: appKey, body: { events } });
  const statuses = (answer: { body: { results: { status: string }[] } }) => answer.body.results.map((r) => r.status);
  const user = async (email: string) => (await t.call('POST', path('/users'), { key: ownerKey, body: { email, name: email } })).body.id as string;
  const access = (userId: string, module: string) => t.call('POST', path('/access'), { key: appKey, body: { userId, module } });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-12-31T10:00:00Z', timeZone: 'Europe/Berlin' }));
    appKey = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
    await t.call('POST', '/v1/products', { body: { code: 'ss', name: 'Self-Service', modules: ['orders', 'rooms', 'other', 'pool', 'docs', 'moved'].map((code) => ({ code, name: code })) } });
  });
  afterAll(() => t.close());

  describe('hits', () => {
    it('counts hits per day and year, refuses whole events past the quota, and starts whole on 1 January', async () => {
      const lic = await license({ code: 'orders-hits', model: 'hits', product: 'ss', modules: ['orders'], quantity: 10, thresholdPercent: 80 });
      const first = await hits([
        { module: 'ss:orders', kind: 'query', count: 4 },
        { module: 'ss:orders', kind: 'transaction', count: 5 },
        { module: 'ss:orders', kind: 'query', count: 2 },
        { module: 'ss:orders', kind: 'query', count: 1 },
      ]);
      expect(first.status).toBe(200);
      expect(statuses(first)).toEqual(['accepted', 'accepted', 'quota_exhausted', 'accepted']);
      expect(first.body.results[0]).toMatchObject({ index: 0, licenseId: lic.id });
      const usage = await t.call('GET', path(`/licenses/${lic.id}/usage`), { key: ownerKey });
      expect(usage.body).toMatchObject({ used: 10, hitDays: [{ day: '2024-12-31', hits: 10 }], hitYears: [{ year: 2024, hits: 10 }] });
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body).toMatchObject({ used: 10, available: 0, percentUsed: 100, thresholdReached: true });
      const someone = await user('hits@c.io');
      expect((await access(someone, 'ss:orders')).body.code).toBe('quota_exhausted');
      expect(statuses(await hits([{ module: 'ss:orders', kind: 'query', count: 1 }]))).toEqual(['quota_exhausted']);
      // 23:00 UTC on 31 December is already 1 January in Berlin.
      await t.call('POST', path('/clock'), { key: ownerKey, body: { to: '2024-12-31T23:00:00Z' } });
      expect(statuses(await hits([{ module: 'ss:orders', kind: 'query', count: 10 }]))).toEqual(['accepted']);
      expect((await access(someone, 'ss:orders')).body.code).toBe('quota_exhausted');
      const after = await t.call('GET', path(`/licenses/${lic.id}/usage`), { key: ownerKey });
      expect(after.body.hitYears).toEqual([{ year: 2024, hits: 10 }, { year: 2025, hits: 10 }]);
      expect(after.body.hitDays).toEqual([{ day: '2025-01-01', hits: 10 }]);
      const csv = await t.call('GET', path(`/licenses/${lic.id}/usage?format=csv&from=2024-12-01&to=2025-01-31`), { key: ownerKey });
      expect(csv.text).toBe('day,hits\r\n2024-12-31,10\r\n2025-01-01,10\r\n');
      expect((await listEvents(t.store.db, tenantId, 'license.threshold_reached')).some((e) => e.payload.licenseId === lic.id)).toBe(true);
    });

    it('enforces a large hit quota: only slots of people count as unlimited from 100000', async () => {
      const big = await license({ code: 'big-hits', model: 'hits', product: 'ss', modules: ['docs'], bundle: 'query', quantity: 500000 });
      expect(big).toMatchObject({ unlimited: false, quantity: 500000, available: 500000 });
    });

    it('counts an idempotency key once, never again', async () => {
      await license({ code: 'rooms-hits', model: 'hits', product: 'ss', modules: ['rooms'], quantity: 1000 });
      const first = await hits([
        { module: 'ss:rooms', kind: 'query', count: 1, idempotencyKey: 'k-1' },
        { module: 'ss:rooms', kind: 'query', count: 1, idempotencyKey: 'k-1' },
        { module: 'ss:rooms', kind: 'query', count: 1, idempotencyKey: 'k-2' },
      ]);
      expect(statuses(first)).toEqual(['accepted', 'duplicate', 'accepted']);
      expect(statuses(await hits([{ module: 'ss:rooms', kind: 'query', count: 1, idempotencyKey: 'k-2' }]))).toEqual(['duplicate']);
    });

    it('counts a batch again when one of its keys was counted before, and keeps only the keys it counted', async () => {
      await t.call('POST', '/v1/products', { body: { code: 'rk', name: 'Reports', modules: ['m', 'n'].map((code) => ({ code, name: code })) } });
      // Licenses are walked in the order they were made: a covers both modules, b only m.
      const a = await license({ code: 'rk-a', model: 'hits', product: 'rk', modules: ['m', 'n'], quantity: 3 });
      const b = await license({ code: 'rk-b', model: 'hits', product: 'rk', modules: ['m'], quantity: 10 });
      expect((await hits([{ module: 'rk:m', kind: 'query', count: 1, idempotencyKey: 'r-1' }])).body.results[0]).toMatchObject({ status: 'accepted', licenseId: a.id });
      // Were r-1 new, r-2 would go to b (a having 1 left) and r-3 to a. It was counted: r-2 takes a's
      // last 2, and r-3 finds a full.
      const again = await hits([
        { module: 'rk:m', kind: 'query', count: 1, idempotencyKey: 'r-1' },
        { module: 'rk:m', kind: 'query', count: 2, idempotencyKey: 'r-2' },
        { module: 'rk:n', kind: 'query', count: 1, idempotencyKey: 'r-3' },
      ]);
      expect(again.body.results).toMatchObject([{ status: 'duplicate' }, { status: 'accepted', licenseId: a.id }, { status: 'quota_exhausted' }]);
      const used = async () => (await Promise.all([a, b].map((l) => t.call('GET', path(`/licenses/${l.id}`), { key: ownerKey })))).map((r) => r.body.used);
      expect(await used()).toEqual([3, 0]);
      // r-3 was not kept: once a has room, it counts; r-2 was.
      expect((await t.call('PATCH', path(`/licenses/${a.id}`), { body: { quantity: 4 } })).status).toBe(200);
      expect((await hits([{ module: 'rk:n', kind: 'query', count: 1, idempotencyKey: 'r-3' }])).body.results[0]).toMatchObject({ status: 'accepted', licenseId: a.id });
      expect(statuses(await hits([{ module: 'rk:m', kind: 'query', count: 2, idempotencyKey: 'r-2' }]))).toEqual(['duplicate']);
      // A key counted before is a duplicate even where its license is full now.
      expect(statuses(await hits([{ module: 'rk:n', kind: 'query', count: 1, idempotencyKey: 'r-3' }, { module: 'rk:n', kind: 'query', count: 1, idempotencyKey: 'r-4' }]))).toEqual(['duplicate', 'quota_exhausted']);
      expect(await used()).toEqual([4, 0]);
      const usage = await t.call('GET', path(`/licenses/${b.id}/usage`), { key: ownerKey });
      expect(usage.body.hitYears).toEqual([]);
    });

    it('counts a bundle license only for its kind of hit', async () => {
      const lic = await license({ code: 'docs-query', model: 'hits', product: 'ss', modules: ['docs'], quantity: 100, bundle: 'query' });
      expect(lic.bundle).toBe('query');
      expect(statuses(await hits([{ module: 'ss:docs', kind: 'query', count: 1 }, { module: 'ss:docs', kind: 'transaction', count: 1 }]))).toEqual(['accepted', 'not_licensed']);
    });

    it('answers each bad event on its own and accepts the rest', async () => {
      const answer = await hits([{ module: 'ss:rooms', kind: 'query', count: 1 }, { module: 'ss:nothing', kind: 'query', count: 1 }, { module: 'ss:other', kind: 'query', count: 1 }, { module: 'garbage', kind: 'query', count: 1 }]);
      expect(statuses(answer)).toEqual(['accepted', 'unknown_module', 'not_licensed', 'unknown_module']);
    });

    it.each([
      ['a count of 0', [{ module: 'ss:rooms', kind: 'query', count: 0 }]],
      ['a negative count', [{ module: 'ss:rooms', kind: 'query', count: -1 }]],
      ['a fractional count', [{ module: 'ss:rooms', kind: 'query', count: 1.5 }]],
      ['an unknown kind', [{ module: 'ss:rooms', kind: 'read', count: 1 }]],
      ['no events', []],
      ['1001 events', Array.from({ length: 1001 }, () => ({ module: 'ss:rooms', kind: 'query', count: 1 }))],
    ])('refuses %s with 400 and counts nothing', async (_case, events) => {
      const before = (await t.call('GET', path('/licenses?model=hits&limit=500'), { key: ownerKey })).body.items.map((l: { used: number }) => l.used);
      expectProblem(await hits(events), 400, 'invalid_request');
      expect((await t.call('GET', path('/licenses?model=hits&limit=500'), { key: ownerKey })).body.items.map((l: { used: number }) => l.used)).toEqual(before);
    });

    it('refuses a yearly quota below this year’s consumption', async () => {
      const lic = await license({ code: 'quota-low', model: 'hits', product: 'ss', modules: ['pool'], quantity: 50 });
      await hits([{ module: 'ss:pool', kind: 'query', count: 30 }]);
      const refused = await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 20 } });
      expectProblem(refused, 409, 'quantity_below_usage');
      expect(refused.body).toMatchObject({ used: 30, quantity: 20 });
      expect((await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 30 } })).status).toBe(200);
    });

    it('counts the very next batch against a quota just changed, and not against a license just suspended', async () => {
      const lic = await license({ code: 'quota-moved', model: 'hits', product: 'ss', modules: ['moved'], quantity: 5 });
      const one = [{ module: 'ss:moved', kind: 'query', count: 5 }];
      expect((await hits(one)).body.results[0]).toMatchObject({ status: 'accepted', licenseId: lic.id });
      expect((await hits(one)).body.results[0]).toMatchObject({ status: 'quota_exhausted' });
      expect((await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 10 } })).status).toBe(200);
      expect((await hits(one)).body.results[0]).toMatchObject({ status: 'accepted', licenseId: lic.id });
      expect((await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 20, status: 'suspended' } })).status).toBe(200);
      expect((await hits(one)).body.results[0]).toMatchObject({ status: 'not_licensed' });
    });
  });

  describe('data', () => {
    it('turns kilobytes into MB ticks and carries the rest exactly (SPEC 3.5)', async () => {
      const lic = await license({ code: 'data', model: 'data', product: 'ss', quantity: 1 });
      const report = (kilobytes: number) => t.call('POST', path('/usage/data'), { key: appKey, body: { licenseId: lic.id, kilobytes } });
      expect((await report(500)).body).toEqual({ ticks: 0, totalTicks: 0, carriedKilobytes: 500, megabytesLeft: 1000 });
      expect((await report(600)).body).toEqual({ ticks: 1, totalTicks: 1, carriedKilobytes: 100, megabytesLeft: 999 });
      expect((await report(900)).body).toEqual({ ticks: 1, totalTicks: 2, carriedKilobytes: 0, megabytesLeft: 998 });
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body).toMatchObject({ quantity: 1, used: 2, percentUsed: 0.2 });
      expect((await t.call('GET', path(`/licenses/${lic.id}/usage`), { key: ownerKey })).body).toMatchObject({ totalTicks: 2, carriedKilobytes: 0, megabytesLeft: 998 });
      expectProblem(await report(-1), 400, 'invalid_request');
      expectProblem(await t.call('POST', path('/usage/data'), { key: appKey, body: { licenseId: 'lic_ghost', kilobytes: 1 } }), 404, 'not_found');
    });
  });

  describe('volume', () => {
    it('counts objects in counted statuses, refuses one past the maximum, and keeps those over a lowered one', async () => {
      const lic = await license({ code: 'leases', model: 'volume', product: 'ss', quantity: 2, objectKind: 'lease_contract', countedStatuses: ['active'] });
      const objects = (rest = '') => path(`/licenses/${lic.id}/objects${rest}`);
      expect((await t.call('POST', objects(), { key: appKey, body: { ref: 'L-1', status: 'active' } })).body).toMatchObject({ ref: 'L-1', counted: true });
      expect((await t.call('POST', objects(), { key: appKey, body: { ref: 'L-2', status: 'draft' } })).body.counted).toBe(false);
      expect((await t.call('POST', objects(), { key: appKey, body: { ref: 'L-3', status: 'active' } })).status).toBe(201);
      const full = await t.call('POST', objects(), { key: appKey, body: { ref: 'L-4', status: 'active' } });
      expectProblem(full, 409, 'volume_exceeded');
      expect(full.body).toMatchObject({ counted: 2, quantity: 2 });
      expectProblem(await t.call('PATCH', objects('/L-2'), { key: appKey, body: { status: 'active' } }), 409, 'volume_exceeded');
      expectProblem(await t.call('POST', objects(), { key: appKey, body: { ref: 'L-1', status: 'draft' } }), 409, 'already_exists');
      // Lowering the maximum leaves existing objects working; no new counted one gets in.
      await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 1 } });
      expect((await t.call('PATCH', objects('/L-1'), { key: appKey, body: { status: 'active' } })).status).toBe(200);
      expect((await t.call('DELETE', objects('/L-3'), { key: appKey })).status).toBe(204);
      expectProblem(await t.call('PATCH', objects('/L-2'), { key: appKey, body: { status: 'active' } }), 409, 'volume_exceeded');
      await t.call('PATCH', objects('/L-1'), { key: appKey, body: { status: 'archived' } });
      expect((await t.call('PATCH', objects('/L-2'), { key: appKey, body: { status: 'active' } })).status).toBe(200);
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.used).toBe(1);
      const list = await t.call('GET', objects(), { key: ownerKey });
      expect(list.body.items.map((o: { ref: string }) => o.ref)).toEqual(['L-1', 'L-2']);
      const csv = await t.call('GET', objects('?format=csv'), { key: ownerKey });
      expect(csv.text.split('\r\n').slice(0, 2)).toEqual(['id,licenseId,ref,status,counted,createdAt,updatedAt', expect.stringMatching(new RegExp(`^L-1,${lic.id},L-1,archived,false,`))]);
      expectProblem(await t.call('DELETE', objects('/L-9'), { key: appKey }), 404, 'not_found');
    });
  });

  describe('active users', () => {
    it('links users on first access, restarts retention on each access, releases it when it runs out', async () => {
      const lic = await license({ code: 'au', model: 'active_user', product: 'ss', modules: ['other'], quantity: 2, retentionDays: 30 });
      expect(lic.retentionDays).toBe(30);
      const [a, b, c] = [await user('au-a@c.io'), await user('au-b@c.io'), await user('au-c@c.io')];
      expect((await access(a, 'ss:other')).body).toEqual({ allowed: true, code: 'active_user', licenseId: lic.id });
      expect((await access(b, 'ss:other')).body.code).toBe('active_user');
      expect((await access(c, 'ss:other')).body).toEqual({ allowed: false, code: 'seat_limit', licenseId: lic.id });
      await t.call('POST', path('/clock'), { key: ownerKey, body: { advanceBy: 'P20D' } });
      expect((await access(a, 'ss:other')).body.code).toBe('active_user');
      const linked = await t.call('GET', path(`/licenses/${lic.id}/linked-users`), { key: ownerKey });
      const byUser = Object.fromEntries(linked.body.items.map((l: { userId: string; daysLeft: number }) => [l.userId, l.daysLeft]));
      expect(byUser[a]).toBe(30);
      expect(byUser[b]).toBe(10);
      const csv = await t.call('GET', path(`/licenses/${lic.id}/linked-users?format=csv`), { key: ownerKey });
      expect(csv.text.split('\r\n')[0]).toBe('id,userId,linkedAt,lastAccessAt,expiresAt,daysLeft');
      expect(csv.text.split('\r\n').filter((line) => line !== '')).toHaveLength(3);
      await t.call('POST', path('/clock'), { key: ownerKey, body: { advanceBy: 'P11D' } });
      // b's link ran out: it no longer counts, and the job released it.
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.used).toBe(1);
      expect((await access(c, 'ss:other')).body.code).toBe('active_user');
      expect((await access(b, 'ss:other')).body.code).toBe('seat_limit');
    });

    it('records license.threshold_reached when an access check links the user that crosses it', async () => {
      const lic = await license({ code: 'au-threshold', model: 'active_user', product: 'ss', modules: ['pool'], quantity: 4, thresholdPercent: 50 });
      const events = async () => (await listEvents(t.store.db, tenantId, 'license.threshold_reached')).filter((e) => e.payload.licenseId === lic.id);
      expect((await access(await user('aut-1@c.io'), 'ss:pool')).body.code).toBe('active_user');
      expect(await events()).toHaveLength(0);
      const second = await user('aut-2@c.io');
      expect((await access(second, 'ss:pool')).body.code).toBe('active_user');
      expect((await events()).map((e) => e.payload)).toEqual([expect.objectContaining({ licenseCode: 'au-threshold', used: 2, quantity: 4, percentUsed: 50 })]);
      // Another access of a linked user changes nothing; a third link stays above: no second event.
      expect((await access(second, 'ss:pool')).body.code).toBe('active_user');
      expect((await access(await user('aut-3@c.io'), 'ss:pool')).body.code).toBe('active_user');
      expect(await events()).toHaveLength(1);
    });

    it('refuses a retention outside 30 to 365 days', async () => {
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'au-bad', name: 'x', model: 'active_user', product: 'ss', quantity: 1, retentionDays: 10 } }), 400, 'invalid_request');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'au-bad2', name: 'x', model: 'active_user', product: 'ss', quantity: 1, retentionDays: 400 } }), 400, 'invalid_request');
    });
  });

  describe('suspended and expired licenses', () => {
    it('refuses data usage on a suspended or expired license with its status, and takes it again once active', async () => {
      const lic = await license({ code: 'data-held', model: 'data', product: 'ss', quantity: 1 });
      const report = (licenseId: string) => t.call('POST', path('/usage/data'), { key: appKey, body: { licenseId, kilobytes: 1500 } });
      await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { status: 'suspended' } });
      const refused = await report(lic.id);
      expectProblem(refused, 403, 'suspended');
      expect(refused.body.licenseId).toBe(lic.id);
      await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { status: 'active' } });
      expect((await report(lic.id)).body).toEqual({ ticks: 1, totalTicks: 1, carriedKilobytes: 500, megabytesLeft: 999 });
      const expired = await license({ code: 'data-over', model: 'data', product: 'ss', quantity: 1, validFrom: '2024-01-01', validUntil: '2024-06-30' });
      expectProblem(await report(expired.id), 403, 'expired');
      expect((await t.call('GET', path(`/licenses/${expired.id}/usage`), { key: ownerKey })).body).toMatchObject({ totalTicks: 0, carriedKilobytes: 0 });
    });

    it('refuses new and moved volume objects on a suspended or expired license, and still lets one be removed', async () => {
      const lic = await license({ code: 'vol-held', model: 'volume', product: 'ss', quantity: 5, objectKind: 'property_set' });
      const objects = (rest = '') => path(`/licenses/${lic.id}/objects${rest}`);
      expect((await t.call('POST', objects(), { key: appKey, body: { ref: 'P-1', status: 'active' } })).status).toBe(201);
      await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { status: 'suspended' } });
      expectProblem(await t.call('POST', objects(), { key: appKey, body: { ref: 'P-2', status: 'active' } }), 403, 'suspended');
      expectProblem(await t.call('PATCH', objects('/P-1'), { key: appKey, body: { status: 'archived' } }), 403, 'suspended');
      expect((await t.call('GET', objects(), { key: ownerKey })).body.items.map((o: { ref: string; status: string }) => [o.ref, o.status])).toEqual([['P-1', 'active']]);
      expect((await t.call('DELETE', objects('/P-1'), { key: appKey })).status).toBe(204);
      const expired = await license({ code: 'vol-over', model: 'volume', product: 'ss', quantity: 5, objectKind: 'property_set', validFrom: '2024-01-01', validUntil: '2024-06-30' });
      expectProblem(await t.call('POST', path(`/licenses/${expired.id}/objects`), { key: appKey, body: { ref: 'P-3', status: 'active' } }), 403, 'expired');
    });
  });
});
