import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

/** What the console's pickers stand on: searching users and groups, the seats of each listed user, recalling many seats at once. */
describe.each(dialects)('pickers on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let key: string;
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);
  const importUsers = async (users: { email: string; name: string }[]): Promise<string[]> => {
    const answer = await t.call('POST', path('/users/import'), { key, body: { users } });
    expect(answer.status).toBe(201);
    return answer.body.userIds;
  };
  const license = async (code: string, quantity: number): Promise<string> => {
    const answer = await t.call('POST', path('/licenses'), { body: { code, name: code, model: 'named', product: 'crm', quantity } });
    expect(answer.status).toBe(201);
    return answer.body.id;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key } = await tenantWithKey(t));
    await t.call('POST', '/v1/products', { body: { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }] } });
  });
  afterAll(() => t.close());

  describe('searching users', () => {
    let ada: string;
    let adam: string;
    let percent: string;
    beforeAll(async () => {
      [ada = '', adam = '', percent = ''] = await importUsers([
        { email: 'ada.lovelace@search.io', name: 'Ada Lovelace' },
        { email: 'a.smith@search.io', name: 'ADAM Smith' },
        { email: 'rates@search.io', name: '100% Sure_Thing' },
        { email: 'bob@search.io', name: 'Bob' },
      ]);
    });

    it('finds a part of the name or of the e-mail address in any letter case', async () => {
      expect(ids((await t.call('GET', path('/users?q=adA'), { key })).body)).toEqual([ada, adam]);
      expect(ids((await t.call('GET', path('/users?q=LOVELACE@SEA'), { key })).body)).toEqual([ada]);
      expect(ids((await t.call('GET', path('/users?q=%20smith%20'), { key })).body)).toEqual([adam]);
    });

    it('folds the case of every script, not of A–Z alone', async () => {
      const [emile = ''] = await importUsers([{ email: 'emile@zoellner.example', name: 'Émile Zöllner' }]);
      expect(ids((await t.call('GET', path(`/users?q=${encodeURIComponent('émile')}`), { key })).body)).toEqual([emile]);
      expect(ids((await t.call('GET', path(`/users?q=${encodeURIComponent('ZÖLL')}`), { key })).body)).toEqual([emile]);
      expect((await t.call('GET', path(`/users?q=${encodeURIComponent('zoll')}`), { key })).body.items).toEqual([]);
    });

    it('matches % and _ as themselves, not as wildcards', async () => {
      expect(ids((await t.call('GET', path(`/users?q=${encodeURIComponent('0% s')}`), { key })).body)).toEqual([percent]);
      expect(ids((await t.call('GET', path(`/users?q=${encodeURIComponent('e_t')}`), { key })).body)).toEqual([percent]);
      expect((await t.call('GET', path(`/users?q=${encodeURIComponent('a%e')}`), { key })).body.items).toEqual([]);
    });

    it('pages the matches and combines the search with the other filters', async () => {
      const first = await t.call('GET', path('/users?q=search.io&limit=3'), { key });
      expect(first.body.items).toHaveLength(3);
      const rest = await t.call('GET', path(`/users?q=search.io&limit=3&cursor=${first.body.nextCursor}`), { key });
      expect(ids(rest.body)).toHaveLength(1);
      expect(rest.body.nextCursor).toBeNull();
      expect(ids((await t.call('GET', path('/users?q=ada&email=a.smith@search.io'), { key })).body)).toEqual([adam]);
    });

    it('refuses a search longer than 100 characters', async () => {
      expectProblem(await t.call('GET', path(`/users?q=${'x'.repeat(101)}`), { key }), 400, 'invalid_request');
    });

    it('does not find the users of another tenant', async () => {
      const other = await tenantWithKey(t);
      expect((await t.call('GET', `/v1/tenants/${other.tenantId}/users?q=lovelace`, { key: other.key })).body.items).toEqual([]);
    });
  });

  describe('searching groups', () => {
    it('finds a part of the name in any letter case, with % matched as itself', async () => {
      const made = [];
      for (const name of ['Sales Berlin', 'sales Munich', 'Support', '50% Team']) made.push((await t.call('POST', path('/groups'), { key, body: { name } })).body.id);
      expect(ids((await t.call('GET', path('/groups?q=SALES'), { key })).body)).toEqual(made.slice(0, 2));
      expect(ids((await t.call('GET', path(`/groups?q=${encodeURIComponent('0%')}`), { key })).body)).toEqual([made[3]]);
      expect(ids((await t.call('GET', path('/groups?q=munich&limit=1'), { key })).body)).toEqual([made[1]]);
      const austria = (await t.call('POST', path('/groups'), { key, body: { name: 'Außendienst ÖSTERREICH' } })).body.id;
      expect(ids((await t.call('GET', path(`/groups?q=${encodeURIComponent('österreich')}`), { key })).body)).toEqual([austria]);
    });
  });

  describe("a listed user's seats", () => {
    it('names each license where the user holds a seat, and whether it was assigned directly or comes through a group', async () => {
      const [direct, grouped, both, none] = await importUsers(['direct', 'grouped', 'both', 'none'].map((n) => ({ email: `${n}@seats.io`, name: `Seats ${n}` })));
      const alpha = await license('seats-alpha', 10);
      const beta = await license('seats-beta', 10);
      const team = (await t.call('POST', path('/groups'), { key, body: { name: 'Seated team' } })).body.id;
      await t.call('POST', path(`/groups/${team}/members`), { key, body: { userIds: [grouped, both] } });
      await t.call('POST', path(`/licenses/${beta}/groups`), { key, body: { groupId: team } });
      await t.call('POST', path(`/licenses/${alpha}/assignments`), { key, body: { userIds: [direct, both] } });
      await t.call('POST', path(`/licenses/${beta}/assignments`), { key, body: { userIds: [both] } });

      const listed = await t.call('GET', path('/users?q=@seats.io'), { key });
      const seatsOf = (id: string | undefined) => listed.body.items.find((u: { id: string }) => u.id === id).seats;
      expect(seatsOf(direct)).toEqual([{ licenseId: alpha, code: 'seats-alpha', direct: true }]);
      expect(seatsOf(grouped)).toEqual([{ licenseId: beta, code: 'seats-beta', direct: false }]);
      expect(seatsOf(both)).toEqual([
        { licenseId: alpha, code: 'seats-alpha', direct: true },
        { licenseId: beta, code: 'seats-beta', direct: true },
      ]);
      expect(seatsOf(none)).toEqual([]);

      const csv = await t.call('GET', path('/users?q=direct@seats.io&format=csv'), { key });
      expect(csv.text.split('\r\n')[0]).toBe('id,tenantId,email,name,roles,certifiedProfessional,hasPassword,createdAt,updatedAt,seats');
    });
  });

  describe('recalling many seats at once', () => {
    let many: string[];
    let lic: string;
    beforeAll(async () => {
      many = await importUsers(Array.from({ length: 1500 }, (_, i) => ({ email: `bulk${i}@recall.io`, name: `Bulk ${i}` })));
      lic = await license('bulk-recall', 2000);
      for (const part of [many.slice(0, 1000), many.slice(1000)]) {
        expect((await t.call('POST', path(`/licenses/${lic}/assignments`), { key, body: { userIds: part } })).status).toBe(200);
      }
    });

    it('refuses the whole recall when one user is seated only through a group, changing nothing', async () => {
      const [member] = await importUsers([{ email: 'member@recall.io', name: 'Member' }]);
      const team = (await t.call('POST', path('/groups'), { key, body: { name: 'Recall team' } })).body.id;
      await t.call('POST', path(`/groups/${team}/members`), { key, body: { userIds: [member] } });
      await t.call('POST', path(`/licenses/${lic}/groups`), { key, body: { groupId: team } });
      const before = await auditCount(t, tenantId);
      expectProblem(await t.call('DELETE', path(`/licenses/${lic}/assignments`), { key, body: { userIds: [...many, member] } }), 409, 'conflict');
      expect((await t.call('GET', path(`/licenses/${lic}`), { key })).body.used).toBe(1501);
      expect(await auditCount(t, tenantId)).toBe(before);
      await t.call('DELETE', path(`/licenses/${lic}/groups/${team}`), { key });
    });

    it('recalls 1500 direct seats in one request, one audit record each, freeing them all', async () => {
      const before = await auditCount(t, tenantId);
      const dry = await t.call('DELETE', path(`/licenses/${lic}/assignments?dryRun=true`), { key, body: { userIds: many } });
      expect(dry.body).toMatchObject({ dryRun: true, used: 0 });
      expect(dry.body.removed).toHaveLength(1500);
      expect((await t.call('GET', path(`/licenses/${lic}`), { key })).body.used).toBe(1500);

      const recalled = await t.call('DELETE', path(`/licenses/${lic}/assignments`), { key, body: { userIds: many } });
      expect(recalled.status).toBe(200);
      expect(recalled.body).toMatchObject({ dryRun: false, used: 0, available: 2000 });
      expect(recalled.body.removed).toHaveLength(1500);
      expect((await t.call('GET', path(`/licenses/${lic}/assignments`), { key })).body.items).toEqual([]);
      expect(await auditCount(t, tenantId)).toBe(before + 1500);
    });

    it('takes at most 10000 users in one recall', async () => {
      const tooMany = Array.from({ length: 10_001 }, (_, i) => `usr_${String(i).padStart(26, '0')}`);
      expectProblem(await t.call('DELETE', path(`/licenses/${lic}/assignments`), { key, body: { userIds: tooMany } }), 400, 'invalid_request');
    });
  });
});
