import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiryNotices, Scheduler } from '@allot/server';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

const quiet = { error: () => undefined, info: () => undefined };

describe.each(dialects)('events on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  let annId: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const events = async (query = '', key = ownerKey) => {
    const answer = await t.call('GET', path(`/events${query}`), { key });
    expect(answer.status, answer.text).toBe(200);
    return answer.body.items as { id: string; type: string; tenantId: string; createdAt: string; data: Record<string, unknown> }[];
  };
  const license = async (body: Record<string, unknown>): Promise<any> => {
    const answer = await t.call('POST', path('/licenses'), { body: { name: `License ${String(body.code)}`, ...body } });
    if (answer.status !== 201) throw new Error(answer.text);
    return answer.body;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2025-01-01T10:00:00Z', timeZone: 'Europe/Berlin' }));
    appKey = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
    annId = (await t.call('POST', path('/users'), { key: ownerKey, body: { email: 'ann@example.com', name: 'Ann' } })).body.id;
    await t.call('POST', '/v1/products', { body: { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }, { code: 'cases', name: 'Cases' }] } });
  });
  afterAll(() => t.close());

  describe('the events list', () => {
    it('answers a threshold crossing as {id, type, tenantId, createdAt, data}, in the tenant time of the change', async () => {
      const lic = await license({ code: 'crm-seats', model: 'named', product: 'crm', modules: ['leads'], quantity: 2, thresholdPercent: 50 });
      expect((await t.call('POST', path(`/licenses/${lic.id}/assignments`), { body: { userIds: [annId] } })).status).toBe(200);
      const [event] = await events('?type=license.threshold_reached');
      expect(event).toEqual({
        id: expect.stringMatching(/^evt_/),
        type: 'license.threshold_reached',
        tenantId,
        createdAt: '2025-01-01T10:00:00.000Z',
        data: { licenseId: lic.id, licenseCode: 'crm-seats', thresholdPercent: 50, percentUsed: 50, used: 1, quantity: 2 },
      });
    });

    it('writes access.denied for every refused access check and session open, in the transaction of the denial', async () => {
      const before = (await events('?type=access.denied')).length;
      const denied = await t.call('POST', path('/access'), { key: appKey, body: { userId: annId, module: 'crm:cases' } });
      expect(denied.body).toMatchObject({ allowed: false, code: 'not_licensed' });
      const allowed = await t.call('POST', path('/access'), { key: appKey, body: { userId: annId, module: 'crm:leads' } });
      expect(allowed.body).toMatchObject({ allowed: true });
      const session = await t.call('POST', path('/sessions'), { key: appKey, body: { userId: annId, modules: ['crm:cases'] } });
      expectProblem(session, 403, 'not_licensed');

      const after = await events('?type=access.denied');
      expect(after).toHaveLength(before + 2);
      expect(after[0]?.data).toMatchObject({ userId: annId, module: 'crm:cases', code: 'not_licensed', licenseId: null, denialId: expect.stringMatching(/^den_/) });
      // Each event names a denial of the log.
      const log = await t.call('GET', path('/logs/denied'), { key: ownerKey });
      expect(log.body.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(after.map((e) => e.data.denialId)));
    });

    it('filters by type and time, pages with a cursor and exports CSV', async () => {
      const all = await events();
      expect(all.length).toBeGreaterThanOrEqual(3);
      // Newest first.
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort().reverse());
      const first = await t.call('GET', path('/events?limit=1'), { key: ownerKey });
      expect(first.body.items).toHaveLength(1);
      const second = await t.call('GET', path(`/events?limit=1&cursor=${first.body.nextCursor}`), { key: ownerKey });
      expect(second.body.items[0].id).toBe(all[1]?.id);
      expect(await events('?from=2025-01-01T10:00:00.001Z')).toEqual([]);
      expect((await events('?to=2025-01-01T11:00:00%2B01:00')).length).toBe(0);
      expect((await events('?from=2025-01-01T11:00:00%2B01:00')).length).toBe(all.length);
      const csv = await t.call('GET', path('/events?format=csv&type=access.denied'), { key: ownerKey });
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe('id,type,tenantId,createdAt,data');
      expect(lines.slice(1).every((line) => line.includes('access.denied'))).toBe(true);
    });

    it('refuses an unknown type, a malformed time or cursor, and an undeclared parameter', async () => {
      expectProblem(await t.call('GET', path('/events?type=license.exploded'), { key: ownerKey }), 400, 'invalid_request');
      expectProblem(await t.call('GET', path('/events?from=yesterday'), { key: ownerKey }), 400, 'invalid_request');
      expectProblem(await t.call('GET', path('/events?cursor=nope'), { key: ownerKey }), 400, 'invalid_request');
      expectProblem(await t.call('GET', path('/events?licenseId=x'), { key: ownerKey }), 400, 'invalid_request');
    });

    it('is read with licenses.read: not by a member or an app, never in another tenant', async () => {
      const member = await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'admin', roles: ['member'] } });
      expectProblem(await t.call('GET', path('/events'), { key: member.body.key }), 403, 'forbidden');
      expectProblem(await t.call('GET', path('/events'), { key: appKey }), 403, 'forbidden');
      expectProblem(await t.call('GET', path('/events'), { key: null }), 401, 'unauthenticated');
      const auditor = await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'admin', roles: ['auditor'] } });
      expect((await t.call('GET', path('/events'), { key: auditor.body.key })).status).toBe(200);
      const other = await tenantWithKey(t);
      expectProblem(await t.call('GET', path('/events'), { key: other.key }), 404, 'not_found');
      // The other tenant's own list holds none of these.
      expect((await t.call('GET', `/v1/tenants/${other.tenantId}/events`, { key: other.key })).body.items).toEqual([]);
    });
  });

  describe('expiry', () => {
    let sandboxId: string;
    let sandboxKey: string;
    const expiryEvents = async (licenseId: string) => {
      const answer = await t.call('GET', `/v1/tenants/${sandboxId}/events`, { key: sandboxKey });
      return (answer.body.items as { type: string; createdAt: string; data: Record<string, unknown> }[])
        .filter((e) => e.type.startsWith('license.expir') && e.data.licenseId === licenseId)
        .reverse();
    };
    const grant = async (code: string, validUntil: string) => {
      const answer = await t.call('POST', `/v1/tenants/${sandboxId}/licenses`, { body: { code, name: `License ${code}`, model: 'named', product: 'crm', quantity: 5, validUntil } });
      expect(answer.status, answer.text).toBe(201);
      return answer.body as { id: string };
    };
    const move = async (body: Record<string, unknown>) => {
      const answer = await t.call('POST', `/v1/tenants/${sandboxId}/clock`, { key: sandboxKey, body });
      expect(answer.status, answer.text).toBe(200);
    };

    beforeAll(async () => {
      ({ tenantId: sandboxId, key: sandboxKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2025-01-01T10:00:00Z', timeZone: 'Europe/Berlin' }));
    });

    it('sends license.expiring at 30, 7 and 1 days before the end in the tenant calendar, each once, then license.expired once', async () => {
      // Valid through 2025-03-15 in Berlin: the term ends at 2025-03-16T00:00+01:00.
      const lic = await grant('term', '2025-03-15');
      await move({ to: '2025-02-13T22:59:59Z' });
      expect(await expiryEvents(lic.id)).toEqual([]);
      // 30 days before: 2025-02-14T00:00 Berlin time. Moving the clock runs the tenant's jobs before it answers.
      await move({ to: '2025-02-13T23:00:00Z' });
      await move({ advanceBy: 'PT1H' });
      await move({ to: '2025-03-08T23:00:00Z' });
      await move({ to: '2025-03-14T23:00:00Z' });
      await move({ to: '2025-03-15T23:00:00Z' });
      await move({ advanceBy: 'P10D' });
      const sent = await expiryEvents(lic.id);
      expect(sent.map((e) => [e.type, e.data.daysBefore ?? null, e.createdAt])).toEqual([
        ['license.expiring', 30, '2025-02-13T23:00:00.000Z'],
        ['license.expiring', 7, '2025-03-08T23:00:00.000Z'],
        ['license.expiring', 1, '2025-03-14T23:00:00.000Z'],
        ['license.expired', null, '2025-03-15T23:00:00.000Z'],
      ]);
      expect(sent[0]?.data).toEqual({ licenseId: lic.id, licenseCode: 'term', licenseName: 'License term', validUntil: '2025-03-15T23:00:00.000Z', lastDay: '2025-03-15', daysBefore: 30, daysLeft: 30 });
    });

    it('sends one event, for the nearest mark, when a license is created or a clock moved past several marks at once', async () => {
      const soon = await grant('soon', '2025-04-01');
      const later = await grant('later', '2025-05-15');
      // 6 days left of the first (today included), 50 of the second: the first's 30 and 7 marks passed at once.
      await move({ to: '2025-03-27T12:00:00Z' });
      expect((await expiryEvents(soon.id)).map((e) => [e.type, e.data.daysBefore, e.data.daysLeft])).toEqual([['license.expiring', 7, 6]]);
      expect(await expiryEvents(later.id)).toEqual([]);
      // Months at once: every mark of the second passed; only its expiry is told, and the first's.
      await move({ to: '2025-06-01T00:00:00Z' });
      expect((await expiryEvents(soon.id)).map((e) => e.type)).toEqual(['license.expiring', 'license.expired']);
      expect((await expiryEvents(later.id)).map((e) => e.type)).toEqual(['license.expired']);
    });

    it('a second run, by the scheduler or another node, sends nothing again; a renewed term gets its own notices', async () => {
      const lic = await grant('renewed', '2025-06-20');
      await move({ to: '2025-06-15T00:00:00Z' });
      expect(await expiryEvents(lic.id)).toHaveLength(1);
      // Three "nodes" run the job for this tenant at once.
      const schedulers = [0, 1, 2].map(() => new Scheduler(t.store, t.clock, [expiryNotices], quiet));
      await Promise.all(schedulers.map((s) => s.runForTenant(sandboxId)));
      await schedulers[0]?.tick();
      expect(await expiryEvents(lic.id)).toHaveLength(1);

      const renewed = await t.call('PATCH', `/v1/tenants/${sandboxId}/licenses/${lic.id}`, { body: { validUntil: '2025-07-01' } });
      expect(renewed.status, renewed.text).toBe(200);
      await move({ advanceBy: 'PT1M' });
      const sent = await expiryEvents(lic.id);
      expect(sent.map((e) => [e.type, e.data.daysBefore, e.data.lastDay])).toEqual([
        ['license.expiring', 7, '2025-06-20'],
        ['license.expiring', 30, '2025-07-01'],
      ]);
    });

    it('says nothing of a license without an end, or of a deleted one', async () => {
      const open = await t.call('POST', `/v1/tenants/${sandboxId}/licenses`, { body: { code: 'forever', name: 'Forever', model: 'named', product: 'crm', quantity: 1 } });
      const gone = await grant('gone', '2025-06-25');
      expect((await t.call('DELETE', `/v1/tenants/${sandboxId}/licenses/${gone.id}`)).status).toBe(204);
      await move({ advanceBy: 'P400D' });
      expect(await expiryEvents(open.body.id)).toEqual([]);
      expect(await expiryEvents(gone.id)).toEqual([]);
    });
  });
});
