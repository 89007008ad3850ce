import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('users and groups on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  const users = (path = '') => `/v1/tenants/${tenantId}/users${path}`;
  const groups = (path = '') => `/v1/tenants/${tenantId}/groups${path}`;
  const newUser = async (email: string, extra: Record<string, unknown> = {}) => {
    const answer = await t.call('POST', users(), { key: ownerKey, body: { email, name: email.split('@')[0], ...extra } });
    expect(answer.status).toBe(201);
    return answer.body as { id: string };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-05-01T08:00:00Z' }));
  });
  afterAll(() => t.close());

  describe('users', () => {
    it('creates a user with roles and the certified-professional flag, never showing the password', async () => {
      const answer = await t.call('POST', users(), {
        key: ownerKey,
        body: { email: 'Ann@Example.com', name: 'Ann', roles: ['system_admin', 'auditor'], certifiedProfessional: true, password: 'correct horse battery' },
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ email: 'Ann@Example.com', roles: ['system_admin', 'auditor'], certifiedProfessional: true, hasPassword: true });
      expect(answer.body.id).toMatch(/^usr_/);
      // A sandbox tenant's records carry its test clock.
      expect(answer.body.createdAt).toBe('2024-05-01T08:00:00.000Z');
      expect(answer.text).not.toContain('correct horse');
      expect(answer.text).not.toContain('scrypt');
    });

    it('defaults to the member role and filters the list by role, flag and email', async () => {
      const plain = await newUser('plain@example.com');
      const list = await t.call('GET', users('?role=member'), { key: ownerKey });
      expect(list.body.items.map((u: { id: string }) => u.id)).toContain(plain.id);
      const certified = await t.call('GET', users('?certifiedProfessional=true'), { key: ownerKey });
      expect(certified.body.items.every((u: { certifiedProfessional: boolean }) => u.certifiedProfessional)).toBe(true);
      const byEmail = await t.call('GET', users('?email=PLAIN@example.com'), { key: ownerKey });
      expect(byEmail.body.items).toHaveLength(1);
    });

    it('exports the user list as CSV', async () => {
      await newUser('csv,person@example.com'.replace(',', ''));
      const csv = await t.call('GET', users('?format=csv'), { key: ownerKey });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const [header, ...rows] = csv.text.trim().split('\r\n');
      expect(header).toBe('id,tenantId,email,name,roles,certifiedProfessional,hasPassword,createdAt,updatedAt,seats');
      expect(rows.length).toBeGreaterThan(0);
    });

    it('changes a user and records before and after', async () => {
      const user = await newUser('change@example.com');
      const patched = await t.call('PATCH', users(`/${user.id}`), { key: ownerKey, body: { name: 'Changed', roles: ['license_manager'] } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Changed', roles: ['license_manager'] });
      const audit = await t.call('GET', `/v1/tenants/${tenantId}/audit?targetId=${user.id}&action=user.updated`, { key: ownerKey });
      expect(audit.body.items[0]).toMatchObject({ before: { name: 'change', roles: ['member'] }, after: { name: 'Changed' } });
    });

    it('deletes a user, who then leaves every group', async () => {
      const user = await newUser('leaver@example.com');
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Leavers' } });
      await t.call('POST', groups(`/${group.body.id}/members`), { key: ownerKey, body: { userIds: [user.id] } });
      expect((await t.call('DELETE', users(`/${user.id}`), { key: ownerKey })).status).toBe(204);
      expectProblem(await t.call('GET', users(`/${user.id}`), { key: ownerKey }), 404, 'not_found');
      expect((await t.call('GET', groups(`/${group.body.id}`), { key: ownerKey })).body.memberCount).toBe(0);
    });

    it('refuses a second user with the same email in any letter case, and changes nothing', async () => {
      await newUser('twice@example.com');
      const before = await auditCount(t, tenantId);
      const answer = await t.call('POST', users(), { key: ownerKey, body: { email: 'TWICE@example.com', name: 'Again' } });
      expectProblem(answer, 409, 'already_exists');
      expect(answer.body.field).toBe('email');
      expect(await auditCount(t, tenantId)).toBe(before);
    });

    it.each([
      ['a bad email', { email: 'not-an-email', name: 'X' }, 'email'],
      ['an unknown role', { email: 'r@example.com', name: 'X', roles: ['king'] }, 'roles.0'],
      ['a short password', { email: 'p@example.com', name: 'X', password: 'short' }, 'password'],
      ['a string flag', { email: 'f@example.com', name: 'X', certifiedProfessional: 'yes' }, 'certifiedProfessional'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const answer = await t.call('POST', users(), { key: ownerKey, body });
      expectProblem(answer, 400, 'invalid_request');
      expect(answer.body.field).toBe(field);
    });

    it('answers 404 for an unknown user and for an empty change 400', async () => {
      expectProblem(await t.call('GET', users('/usr_nothere'), { key: ownerKey }), 404, 'not_found');
      expectProblem(await t.call('PATCH', users('/usr_nothere'), { key: ownerKey, body: { name: 'x' } }), 404, 'not_found');
      expectProblem(await t.call('DELETE', users('/usr_nothere'), { key: ownerKey }), 404, 'not_found');
      const user = await newUser('empty@example.com');
      expectProblem(await t.call('PATCH', users(`/${user.id}`), { key: ownerKey, body: {} }), 400, 'invalid_request');
    });
  });

  describe('groups', () => {
    it('creates a group, adds members all at once, and lists them', async () => {
      const a = await newUser('ga@example.com');
      const b = await newUser('gb@example.com');
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Finance' } });
      expect(group.status).toBe(201);
      expect(group.body).toMatchObject({ name: 'Finance', memberCount: 0 });
      const added = await t.call('POST', groups(`/${group.body.id}/members`), { key: ownerKey, body: { userIds: [a.id, b.id, a.id] } });
      expect(added.status).toBe(200);
      expect(added.body.added.sort()).toEqual([a.id, b.id].sort());
      expect(added.body.group.memberCount).toBe(2);
      const members = await t.call('GET', groups(`/${group.body.id}/members`), { key: ownerKey });
      expect(members.body.items.map((u: { id: string }) => u.id).sort()).toEqual([a.id, b.id].sort());
      const byGroup = await t.call('GET', users(`?groupId=${group.body.id}`), { key: ownerKey });
      expect(byGroup.body.items).toHaveLength(2);
    });

    it('adding members again changes nothing and says who was already in', async () => {
      const a = await newUser('again@example.com');
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Again' } });
      await t.call('POST', groups(`/${group.body.id}/members`), { key: ownerKey, body: { userIds: [a.id] } });
      const before = await auditCount(t, tenantId);
      const again = await t.call('POST', groups(`/${group.body.id}/members`), { key: ownerKey, body: { userIds: [a.id] } });
      expect(again.body).toMatchObject({ added: [], alreadyMembers: [a.id] });
      expect(again.body.group.memberCount).toBe(1);
      expect(await auditCount(t, tenantId)).toBe(before);
    });

    it('refuses the whole batch when one user is unknown, naming it', async () => {
      const a = await newUser('batch@example.com');
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Batch' } });
      const answer = await t.call('POST', groups(`/${group.body.id}/members`), { key: ownerKey, body: { userIds: [a.id, 'usr_ghost'] } });
      expectProblem(answer, 404, 'unknown_user');
      expect(answer.body.userIds).toEqual(['usr_ghost']);
      expect((await t.call('GET', groups(`/${group.body.id}`), { key: ownerKey })).body.memberCount).toBe(0);
    });

    it("refuses another tenant's user as unknown", async () => {
      const other = await tenantWithKey(t);
      const stranger = await t.call('POST', `/v1/tenants/${other.tenantId}/users`, { key: other.key, body: { email: 's@example.com', name: 'S' } });
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Strangers' } });
      expectProblem(await t.call('POST', groups(`/${group.body.id}/members`), { key: ownerKey, body: { userIds: [stranger.body.id] } }), 404, 'unknown_user');
    });

    it('removes a member, and answers 404 naming a user who is not a member', async () => {
      const a = await newUser('rm@example.com');
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Remove' } });
      await t.call('POST', groups(`/${group.body.id}/members`), { key: ownerKey, body: { userIds: [a.id] } });
      expect((await t.call('DELETE', groups(`/${group.body.id}/members/${a.id}`), { key: ownerKey })).status).toBe(204);
      const again = await t.call('DELETE', groups(`/${group.body.id}/members/${a.id}`), { key: ownerKey });
      expectProblem(again, 404, 'not_found');
      expect(again.body.userId).toBe(a.id);
    });

    it('renames and deletes a group; names are unique per tenant', async () => {
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Old' } });
      expectProblem(await t.call('POST', groups(), { key: ownerKey, body: { name: 'Old' } }), 409, 'already_exists');
      const renamed = await t.call('PATCH', groups(`/${group.body.id}`), { key: ownerKey, body: { name: 'New' } });
      expect(renamed.body.name).toBe('New');
      expect((await t.call('DELETE', groups(`/${group.body.id}`), { key: ownerKey })).status).toBe(204);
      expectProblem(await t.call('GET', groups(`/${group.body.id}`), { key: ownerKey }), 404, 'not_found');
    });

    it('answers 400 for an empty member list', async () => {
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Empty' } });
      expectProblem(await t.call('POST', groups(`/${group.body.id}/members`), { key: ownerKey, body: { userIds: [] } }), 400, 'invalid_request');
    });
  });

  describe('security', () => {
    it("hides another tenant's users and groups as 404", async () => {
      const other = await tenantWithKey(t);
      const user = await newUser('mine@example.com');
      const group = await t.call('POST', groups(), { key: ownerKey, body: { name: 'Mine' } });
      expectProblem(await t.call('GET', users(`/${user.id}`), { key: other.key }), 404, 'not_found');
      expectProblem(await t.call('GET', users(), { key: other.key }), 404, 'not_found');
      expectProblem(await t.call('DELETE', groups(`/${group.body.id}`), { key: other.key }), 404, 'not_found');
      // Their own tenant does not know my user either.
      expectProblem(await t.call('GET', `/v1/tenants/${other.tenantId}/users/${user.id}`, { key: other.key }), 404, 'not_found');
    });

    it('lets an auditor read but not change', async () => {
      const auditor = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['auditor'] } });
      expect((await t.call('GET', users(), { key: auditor.body.key })).status).toBe(200);
      expectProblem(await t.call('POST', users(), { key: auditor.body.key, body: { email: 'no@example.com', name: 'No' } }), 403, 'forbidden');
      expectProblem(await t.call('POST', groups(), { key: auditor.body.key, body: { name: 'No' } }), 403, 'forbidden');
    });

    it('keeps a system admin from handing out roles they do not hold', async () => {
      const admin = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['system_admin'] } });
      const answer = await t.call('POST', users(), { key: admin.body.key, body: { email: 'boss@example.com', name: 'Boss', roles: ['owner'] } });
      expectProblem(answer, 403, 'forbidden');
      expect(answer.body.field).toBe('roles');
      const member = await newUser('promote@example.com');
      expectProblem(await t.call('PATCH', users(`/${member.id}`), { key: admin.body.key, body: { roles: ['license_manager'] } }), 403, 'forbidden');
      expect((await t.call('PATCH', users(`/${member.id}`), { key: admin.body.key, body: { roles: ['system_admin'] } })).status).toBe(200);
    });

    it('lets a system admin create a user with the default role member, named or not', async () => {
      const admin = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['system_admin'] } });
      const plain = await t.call('POST', users(), { key: admin.body.key, body: { email: 'by-sysadmin@example.com', name: 'Plain' } });
      expect(plain.status).toBe(201);
      expect(plain.body.roles).toEqual(['member']);
      const named = await t.call('POST', users(), { key: admin.body.key, body: { email: 'member-by-sysadmin@example.com', name: 'Named', roles: ['member'] } });
      expect(named.status).toBe(201);
      expect(named.body.roles).toEqual(['member']);
      expectProblem(await t.call('POST', users(), { key: admin.body.key, body: { email: 'more-by-sysadmin@example.com', name: 'More', roles: ['member', 'auditor'] } }), 403, 'forbidden');
    });

    it('refuses user management to an app key and a member', async () => {
      const app = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'app' } });
      const member = await t.call('POST', `/v1/tenants/${tenantId}/api-keys`, { key: ownerKey, body: { kind: 'admin', roles: ['member'] } });
      expectProblem(await t.call('GET', users(), { key: app.body.key }), 403, 'forbidden');
      expectProblem(await t.call('GET', users(), { key: member.body.key }), 403, 'forbidden');
    });
  });
});
