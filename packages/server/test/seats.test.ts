import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '@allot/storage';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('seat licensing on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const as = (key: string) => ({ key });

  const user = async (email: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const answer = await t.call('POST', path('/users'), { key: ownerKey, body: { email, name: email.split('@')[0], ...extra } });
    expect(answer.status).toBe(201);
    return answer.body.id;
  };
  const group = async (name: string, members: string[] = []): Promise<string> => {
    const answer = await t.call('POST', path('/groups'), { key: ownerKey, body: { name } });
    if (members.length > 0) await t.call('POST', path(`/groups/${answer.body.id}/members`), { key: ownerKey, body: { userIds: members } });
    return answer.body.id;
  };
  const license = async (body: Record<string, unknown>): Promise<any> => {
    const answer = await t.call('POST', path('/licenses'), { body: { name: String(body.code), ...body } });
    if (answer.status !== 201) throw new Error(answer.text);
    return answer.body;
  };
  const access = (userId: string, module: string, key = appKey) => t.call('POST', path('/access'), { ...as(key), body: { userId, module } });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-01-31T10:00:00Z', timeZone: 'Europe/Berlin' }));
    appKey = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
    await t.call('POST', '/v1/products', { body: { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }, { code: 'cases', name: 'Cases' }, { code: 'phone', name: 'Phone' }] } });
    await t.call('POST', '/v1/products', { body: { code: 'fin', name: 'Finance', modules: [{ code: 'ledger', name: 'Ledger' }, { code: 'reports', name: 'Reports' }] } });
    await t.call('POST', '/v1/solutions', { body: { code: 'service', name: 'Service', modules: ['crm:cases', 'fin:reports'] } });
  });
  afterAll(() => t.close());

  describe('licenses', () => {
    it('grants a named license and shows its usage', async () => {
      const created = await license({ code: 'crm-named', model: 'named', product: 'crm', quantity: 5, package: 'Premium', thresholdPercent: 80, validUntil: '2025-01-30' });
      expect(created).toMatchObject({ model: 'named', product: 'crm', modules: null, quantity: 5, used: 0, available: 5, percentUsed: 0, thresholdReached: false, status: 'active', package: 'Premium', source: 'manual' });
      // A date is the end of that day in the tenant's zone.
      expect(created.validUntil).toBe('2025-01-30T23:00:00.000Z');
      expect(created.validFrom).toBe('2024-01-31T10:00:00.000Z');
      expect(created.id).toMatch(/^lic_/);
      const list = await t.call('GET', path('/licenses?model=named'), { key: ownerKey });
      expect(list.body.items.map((l: { id: string }) => l.id)).toContain(created.id);
    });

    it('shows 100000 or more as unlimited, and a server license as counting nothing', async () => {
      const big = await license({ code: 'big', model: 'named', product: 'fin', quantity: 100000 });
      expect(big).toMatchObject({ unlimited: true, available: null, percentUsed: 0 });
      const server = await license({ code: 'phone-server', model: 'server', product: 'crm', modules: ['phone'] });
      expect(server).toMatchObject({ unlimited: true, quantity: null, modules: ['phone'] });
    });

    it('refuses what the catalog lacks and malformed grants, storing nothing', async () => {
      const before = await auditCount(t, tenantId);
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x1', name: 'X', model: 'named', product: 'nope', quantity: 1 } }), 404, 'not_found');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x2', name: 'X', model: 'named', product: 'crm', modules: ['nope'], quantity: 1 } }), 404, 'unknown_module');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x3', name: 'X', model: 'solution', solution: 'nope', quantity: 1 } }), 404, 'not_found');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x4', name: 'X', model: 'named', product: 'crm' } }), 400, 'invalid_request');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x5', name: 'X', model: 'named', product: 'crm', quantity: -1 } }), 400, 'invalid_request');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x6', name: 'X', model: 'named', product: 'crm', quantity: 1.5 } }), 400, 'invalid_request');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x7', name: 'X', model: 'server', product: 'crm', role: 'Planner' } }), 400, 'invalid_request');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x8', name: 'X', model: 'named', product: 'crm', quantity: 1, validFrom: '2025-01-01', validUntil: '2024-01-01' } }), 400, 'invalid_request');
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'x9', name: 'X', model: 'floating', product: 'crm', quantity: 1 } }), 400, 'invalid_request');
      expect(await auditCount(t, tenantId)).toBe(before);
      await license({ code: 'dup', model: 'named', product: 'crm', quantity: 1 });
      expectProblem(await t.call('POST', path('/licenses'), { body: { code: 'dup', name: 'X', model: 'named', product: 'crm', quantity: 1 } }), 409, 'already_exists');
    });
  });

  describe('seats', () => {
    it('seats users directly and through groups, one seat per user however many paths', async () => {
      const lic = await license({ code: 'seats-a', model: 'named', product: 'crm', modules: ['leads'], quantity: 3 });
      const [a, b] = [await user('a@s.io'), await user('b@s.io')];
      const g = await group('Sales A', [a, b]);
      const assigned = await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [a] } });
      expect(assigned.body).toMatchObject({ added: [a], used: 1, available: 2, seatsNeeded: 1, seatsFree: 3, dryRun: false });
      const linked = await t.call('POST', path(`/licenses/${lic.id}/groups`), { key: ownerKey, body: { groupId: g } });
      expect(linked.body).toMatchObject({ added: [b], used: 2, seatsNeeded: 1 });
      const holders = await t.call('GET', path(`/licenses/${lic.id}/assignments`), { key: ownerKey });
      expect(holders.body.items.find((h: { userId: string }) => h.userId === a)).toMatchObject({ direct: true, groupIds: [g] });
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body).toMatchObject({ used: 2, available: 1, percentUsed: 66.7 });
      expect((await access(a, 'crm:leads')).body).toEqual({ allowed: true, code: 'licensed', licenseId: lic.id });
      expect((await access(b, 'crm:leads')).body.code).toBe('licensed');
      expect((await access(b, 'crm:cases')).body.code).toBe('not_licensed');
    });

    it('refuses a change that needs more seats than are free, naming license, needed and free, and changes nothing', async () => {
      const lic = await license({ code: 'seats-b', model: 'named', product: 'crm', quantity: 2 });
      const users = [await user('b1@s.io'), await user('b2@s.io'), await user('b3@s.io')];
      const refused = await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: users } });
      expectProblem(refused, 409, 'seat_limit');
      expect(refused.body).toMatchObject({ licenseId: lic.id, licenseCode: 'seats-b', seatsNeeded: 3, seatsFree: 2 });
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.used).toBe(0);
      // A group too large for the license cannot be linked; a linked group cannot grow past it.
      const big = await group('Big B', users);
      expectProblem(await t.call('POST', path(`/licenses/${lic.id}/groups`), { key: ownerKey, body: { groupId: big } }), 409, 'seat_limit');
      const small = await group('Small B', users.slice(0, 2));
      expect((await t.call('POST', path(`/licenses/${lic.id}/groups`), { key: ownerKey, body: { groupId: small } })).status).toBe(200);
      const grow = await t.call('POST', path(`/groups/${small}/members`), { key: ownerKey, body: { userIds: [users[2]] } });
      expectProblem(grow, 409, 'seat_limit');
      expect(grow.body.seatsFree).toBe(0);
      expect((await t.call('GET', path(`/groups/${small}`), { key: ownerKey })).body.memberCount).toBe(2);
    });

    it('answers a dry run exactly like the real run, changing nothing', async () => {
      const lic = await license({ code: 'seats-c', model: 'named', product: 'crm', quantity: 2 });
      const [c1, c2, c3] = [await user('c1@s.io'), await user('c2@s.io'), await user('c3@s.io')];
      const before = await auditCount(t, tenantId);
      const dry = await t.call('POST', path(`/licenses/${lic.id}/assignments?dryRun=true`), { key: ownerKey, body: { userIds: [c1, c2] } });
      expect(dry.body).toMatchObject({ dryRun: true, added: [c1, c2].sort(), seatsNeeded: 2, seatsFree: 2, used: 2 });
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.used).toBe(0);
      expectProblem(await t.call('POST', path(`/licenses/${lic.id}/assignments?dryRun=true`), { key: ownerKey, body: { userIds: [c1, c2, c3] } }), 409, 'seat_limit');
      const g = await group('Dry C', [c1]);
      const dryLink = await t.call('POST', path(`/licenses/${lic.id}/groups?dryRun=true`), { key: ownerKey, body: { groupId: g } });
      expect(dryLink.body).toMatchObject({ dryRun: true, added: [c1] });
      expect((await t.call('GET', path(`/licenses/${lic.id}/groups`), { key: ownerKey })).body).toEqual({ items: [], nextCursor: null });
      expect(await auditCount(t, tenantId)).toBe(before + 2);
    });

    it('recalls seats, frees them for the next user, and names a user without a seat', async () => {
      const lic = await license({ code: 'seats-d', model: 'named', product: 'crm', quantity: 1 });
      const [d1, d2] = [await user('d1@s.io'), await user('d2@s.io')];
      await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [d1] } });
      expectProblem(await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [d2] } }), 409, 'seat_limit');
      const missing = await t.call('DELETE', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [d1, d2] } });
      expectProblem(missing, 404, 'not_found');
      expect(missing.body.userIds).toEqual([d2]);
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.used).toBe(1);
      const recalled = await t.call('DELETE', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [d1] } });
      expect(recalled.body).toMatchObject({ removed: [d1], used: 0 });
      expect((await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [d2] } })).body.added).toEqual([d2]);
      const trail = await t.call('GET', path(`/audit?targetId=${lic.id}`), { key: ownerKey });
      expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['license.seat_assigned', 'license.seat_recalled', 'license.seat_assigned', 'license.created']);
    });

    it('keeps a user seated through a group when the direct seat is recalled, and says so', async () => {
      const lic = await license({ code: 'seats-e', model: 'named', product: 'crm', quantity: 5 });
      const e1 = await user('e1@s.io');
      const g = await group('Group E', [e1]);
      await t.call('POST', path(`/licenses/${lic.id}/groups`), { key: ownerKey, body: { groupId: g } });
      const viaGroup = await t.call('DELETE', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [e1] } });
      expectProblem(viaGroup, 409, 'conflict');
      expect(viaGroup.body.groupIds).toEqual([g]);
      // Linking the same group twice changes nothing.
      const again = await t.call('POST', path(`/licenses/${lic.id}/groups`), { key: ownerKey, body: { groupId: g } });
      expect(again.body).toMatchObject({ added: [], used: 1 });
      const unlinked = await t.call('DELETE', path(`/licenses/${lic.id}/groups/${g}`), { key: ownerKey });
      expect(unlinked.body).toMatchObject({ removed: [e1], used: 0 });
      expectProblem(await t.call('DELETE', path(`/licenses/${lic.id}/groups/${g}`), { key: ownerKey }), 404, 'not_found');
    });

    it('frees seats when members leave, groups go and users are deleted', async () => {
      const lic = await license({ code: 'seats-f', model: 'named', product: 'crm', quantity: 5 });
      const [f1, f2, f3] = [await user('f1@s.io'), await user('f2@s.io'), await user('f3@s.io')];
      const g = await group('Group F', [f1, f2]);
      await t.call('POST', path(`/licenses/${lic.id}/groups`), { key: ownerKey, body: { groupId: g } });
      await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [f3] } });
      const used = async () => (await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.used;
      expect(await used()).toBe(3);
      await t.call('DELETE', path(`/groups/${g}/members/${f1}`), { key: ownerKey });
      expect(await used()).toBe(2);
      await t.call('DELETE', path(`/users/${f3}`), { key: ownerKey });
      expect(await used()).toBe(1);
      await t.call('DELETE', path(`/groups/${g}`), { key: ownerKey });
      expect(await used()).toBe(0);
      expect((await access(f2, 'crm:leads')).body.code).toBe('not_licensed');
    });

    it('lets certified professionals use every module of named licenses without a seat', async () => {
      const lic = await license({ code: 'seats-g', model: 'named', product: 'fin', quantity: 1 });
      const [pro, g1] = [await user('pro@s.io', { certifiedProfessional: true }), await user('g1@s.io')];
      const assigned = await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [pro, g1] } });
      expect(assigned.body).toMatchObject({ added: [g1], used: 1 });
      expect((await access(pro, 'fin:ledger')).body).toEqual({ allowed: true, code: 'certified_professional', licenseId: expect.any(String) });
      // Taking the certificate away needs a seat, and there is none.
      expectProblem(await t.call('PATCH', path(`/users/${pro}`), { key: ownerKey, body: { certifiedProfessional: false } }), 409, 'seat_limit');
      await t.call('DELETE', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [g1] } });
      expect((await t.call('PATCH', path(`/users/${pro}`), { key: ownerKey, body: { certifiedProfessional: false } })).status).toBe(200);
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.used).toBe(1);
      expect((await access(pro, 'fin:ledger')).body.code).toBe('licensed');
    });

    it('refuses unknown and foreign users with 404, and seats on a server license with 422', async () => {
      const lic = await license({ code: 'seats-h', model: 'named', product: 'crm', quantity: 5 });
      const other = await tenantWithKey(t);
      const stranger = (await t.call('POST', `/v1/tenants/${other.tenantId}/users`, { key: other.key, body: { email: 'x@o.io', name: 'X' } })).body.id;
      const answer = await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [stranger, 'usr_ghost'] } });
      expectProblem(answer, 404, 'unknown_user');
      expect(answer.body.userIds).toEqual([stranger, 'usr_ghost']);
      const server = await license({ code: 'server-h', model: 'server', product: 'crm', modules: ['phone'] });
      expectProblem(await t.call('POST', path(`/licenses/${server.id}/assignments`), { key: ownerKey, body: { userIds: [await user('h@s.io')] } }), 422, 'unprocessable');
      expectProblem(await t.call('POST', path(`/licenses/lic_ghost/assignments`), { key: ownerKey, body: { userIds: ['x'] } }), 404, 'not_found');
      expectProblem(await t.call('POST', path(`/licenses/${lic.id}/groups`), { key: ownerKey, body: { groupId: 'grp_ghost' } }), 404, 'not_found');
    });
  });

  describe('quantity changes and thresholds', () => {
    it('refuses a quantity below the seats in use, naming the holders', async () => {
      const lic = await license({ code: 'qty-a', model: 'named', product: 'crm', quantity: 3 });
      const users = [await user('q1@s.io'), await user('q2@s.io')];
      await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: users } });
      const refused = await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 1 } });
      expectProblem(refused, 409, 'quantity_below_usage');
      expect(refused.body).toMatchObject({ used: 2, quantity: 1 });
      expect(refused.body.userIds.sort()).toEqual([...users].sort());
      expect((await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 2 } })).body).toMatchObject({ quantity: 2, available: 0 });
    });

    it('turns thresholdReached on and off as usage crosses it, recording the event once', async () => {
      const lic = await license({ code: 'thr', model: 'named', product: 'crm', quantity: 4, thresholdPercent: 75 });
      const users = [await user('t1@s.io'), await user('t2@s.io'), await user('t3@s.io')];
      await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: users.slice(0, 2) } });
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.thresholdReached).toBe(false);
      await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [users[2]] } });
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body).toMatchObject({ thresholdReached: true, percentUsed: 75 });
      await t.call('DELETE', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [users[2]] } });
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.thresholdReached).toBe(false);
      // Raising the quantity alone can turn it off too.
      await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [users[2]] } });
      expect((await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { quantity: 10 } })).body.thresholdReached).toBe(false);
      const events = (await listEvents(t.store.db, tenantId, 'license.threshold_reached')).filter((e) => e.payload.licenseId === lic.id);
      expect(events).toHaveLength(2);
      expect(events[0]?.payload).toMatchObject({ licenseCode: 'thr', percentUsed: 75, thresholdPercent: 75 });
    });
  });

  describe('access check', () => {
    it('answers server_license for every user of the tenant', async () => {
      await license({ code: 'srv', model: 'server', product: 'crm', modules: ['phone'] });
      const anyone = await user('anyone@s.io');
      expect((await access(anyone, 'crm:phone')).body.code).toBe('server_license');
    });

    it('grants every module of a solution license to its seat holders', async () => {
      const lic = await license({ code: 'sol', model: 'solution', solution: 'service', quantity: 2 });
      expect(lic.product).toBeNull();
      const s1 = await user('sol@s.io');
      await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [s1] } });
      expect((await access(s1, 'crm:cases')).body).toMatchObject({ allowed: true, code: 'licensed', licenseId: lic.id });
      expect((await access(s1, 'fin:reports')).body.licenseId).toBe(lic.id);
      expect((await access(s1, 'fin:ledger')).body.licenseId).not.toBe(lic.id);
    });

    it('answers expired and suspended, then licensed again when fixed', async () => {
      await t.call('POST', '/v1/products', { body: { code: 'lab', name: 'Lab', modules: [{ code: 'bench', name: 'Bench' }] } });
      const lic = await license({ code: 'lab', model: 'named', product: 'lab', quantity: 1, validUntil: '2024-02-10' });
      const l1 = await user('lab@s.io');
      await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: ownerKey, body: { userIds: [l1] } });
      expect((await access(l1, 'lab:bench')).body.code).toBe('licensed');
      await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { status: 'suspended' } });
      expect((await access(l1, 'lab:bench')).body).toEqual({ allowed: false, code: 'suspended', licenseId: lic.id });
      await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { status: 'active' } });
      await t.call('POST', path('/clock'), { key: ownerKey, body: { to: '2024-02-10T23:00:00Z' } });
      expect((await access(l1, 'lab:bench')).body.code).toBe('expired');
      expect((await t.call('GET', path(`/licenses/${lic.id}`), { key: ownerKey })).body.status).toBe('expired');
      await t.call('PATCH', path(`/licenses/${lic.id}`), { body: { validUntil: '2025-02-10' } });
      expect((await access(l1, 'lab:bench')).body.code).toBe('licensed');
    });

    it('answers unknown_user and unknown_module, and logs every denial', async () => {
      const known = await user('known@s.io');
      expect((await access('usr_ghost', 'crm:leads')).body).toEqual({ allowed: false, code: 'unknown_user', licenseId: null });
      expect((await access(known, 'crm:nothing')).body.code).toBe('unknown_module');
      expect((await access(known, 'not a module')).body.code).toBe('unknown_module');
      const log = await t.call('GET', path(`/logs/denied?userId=${known}`), { key: ownerKey });
      expect(log.body.items.map((d: { code: string }) => d.code)).toEqual(['unknown_module', 'unknown_module']);
      expect(log.body.items[0]).toMatchObject({ module: 'not a module', at: expect.any(String) });
      const csv = await t.call('GET', path('/logs/denied?format=csv&code=unknown_user'), { key: ownerKey });
      expect(csv.text.split('\r\n')[0]).toBe('id,tenantId,userId,module,code,licenseId,at');
      expect(csv.text).toContain('usr_ghost');
    });

    it('is for app keys and admins of the tenant only', async () => {
      const other = await tenantWithKey(t);
      const someone = await user('sec@s.io');
      expectProblem(await access(someone, 'crm:leads', other.key), 404, 'not_found');
      const auditor = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'admin', roles: ['auditor'] } })).body.key;
      expectProblem(await access(someone, 'crm:leads', auditor), 403, 'forbidden');
      expectProblem(await t.call('POST', path('/access'), { key: null, body: { userId: someone, module: 'crm:leads' } }), 401, 'unauthenticated');
      expectProblem(await t.call('POST', path('/access'), { key: appKey, body: { userId: someone } }), 400, 'invalid_request');
    });
  });

  describe('security', () => {
    it('keeps license grants to the vendor and seat changes to license managers of the tenant', async () => {
      const lic = await license({ code: 'sec', model: 'named', product: 'crm', quantity: 2 });
      const someone = await user('s1@s.io');
      expectProblem(await t.call('POST', path('/licenses'), { key: ownerKey, body: { code: 'self', name: 'S', model: 'named', product: 'crm', quantity: 999 } }), 403, 'forbidden');
      expectProblem(await t.call('PATCH', path(`/licenses/${lic.id}`), { key: ownerKey, body: { quantity: 999 } }), 403, 'forbidden');
      const manager = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'admin', roles: ['license_manager'] } })).body.key;
      expect((await t.call('GET', path('/licenses'), { key: manager })).status).toBe(200);
      expectProblem(await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: manager, body: { userIds: [someone] } }), 403, 'forbidden');
      const admin = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'admin', roles: ['system_admin'] } })).body.key;
      expect((await t.call('POST', path(`/licenses/${lic.id}/assignments`), { key: admin, body: { userIds: [someone] } })).status).toBe(200);
      const other = await tenantWithKey(t);
      expectProblem(await t.call('GET', path(`/licenses/${lic.id}`), { key: other.key }), 404, 'not_found');
      expectProblem(await t.call('GET', `/v1/tenants/${other.tenantId}/licenses/${lic.id}`, { key: other.key }), 404, 'not_found');
    });
  });

  it('shows an overview per product with packages and slots per role', async () => {
    await license({ code: 'role-planner', model: 'named', product: 'fin', quantity: 3, role: 'Planner', package: 'Premium' });
    await license({ code: 'role-viewer', model: 'named', product: 'fin', quantity: 250000, role: 'Viewer', package: 'Premium' });
    const overview = await t.call('GET', path('/licenses/overview'), { key: ownerKey });
    const fin = overview.body.products.find((p: { product: string }) => p.product === 'fin');
    expect(fin).toMatchObject({ name: 'Finance', licensed: true, packages: ['Premium'] });
    expect(fin.roles).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'Planner', code: 'role-planner', quantity: 3, used: 0, available: 3, unlimited: false }),
      expect.objectContaining({ role: 'Viewer', code: 'role-viewer', quantity: 250000, used: 0, available: null, unlimited: true }),
    ]));
    expect(fin).toMatchObject({ kind: 'product', code: 'fin' });
    // A solution's card is titled by the solution's name, its code beside it.
    expect(overview.body.products.find((p: { product: string }) => p.product === 'solution:service')).toMatchObject({ kind: 'solution', code: 'service', name: 'Service', licensed: true, through: [] });
  });

  it('shows a product licensed only through a solution as licensed, naming the solution, while its license is active', async () => {
    await t.call('POST', '/v1/products', { body: { code: 'hr', name: 'HR', modules: [{ code: 'payroll', name: 'Payroll' }] } });
    await t.call('POST', '/v1/products', { body: { code: 'ops', name: 'Ops', modules: [{ code: 'rota', name: 'Rota' }] } });
    await t.call('POST', '/v1/solutions', { body: { code: 'people', name: 'People', modules: ['HR:payroll'] } });
    await t.call('POST', '/v1/solutions', { body: { code: 'shifts', name: 'Shifts', modules: ['ops:rota'] } });
    await license({ code: 'people-seats', model: 'solution', solution: 'people', quantity: 2 });
    const paused = await license({ code: 'shift-seats', model: 'solution', solution: 'shifts', quantity: 2 });
    expect((await t.call('PATCH', path(`/licenses/${paused.id}`), { body: { status: 'suspended' } })).status).toBe(200);
    const card = async (product: string) => (await t.call('GET', path('/licenses/overview'), { key: ownerKey })).body.products.find((p: { product: string }) => p.product === product);
    expect(await card('hr')).toMatchObject({ kind: 'product', licensed: true, through: [{ code: 'people', name: 'People' }], licenses: [] });
    expect(await card('ops')).toMatchObject({ licensed: false, through: [], licenses: [] });
    expect((await t.call('PATCH', path(`/licenses/${paused.id}`), { body: { status: 'active' } })).status).toBe(200);
    expect(await card('ops')).toMatchObject({ licensed: true, through: [{ code: 'shifts', name: 'Shifts' }] });
  });
});
