import { describe, expect, it } from 'vitest';
import type { Tenant } from '@allot/core';
import {
  addMembers,
  advanceTenantClock,
  deleteTenant,
  existingMembers,
  findTenant,
  findUser,
  insertAuditEvent,
  insertGroup,
  insertTenant,
  insertUser,
  isUniqueViolation,
  listAuditEvents,
  listGroups,
  listTenants,
  listUsers,
  missingUserIds,
  newId,
  resolveModuleRefs,
  insertProduct,
  withAdvisoryLock,
  type Store,
} from '@allot/storage';
import { dialects, suiteDatabase, type TestDatabase } from '../../../test-support/databases.js';

const at = '2024-01-31T10:00:00.000Z';

function tenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: newId('ten'),
    name: 'Acme',
    customerCode: `C-${newId('c')}`,
    timeZone: 'Europe/Berlin',
    mode: 'sandbox',
    status: 'licensed',
    clock: at,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

describe.each(dialects)('storage contract on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;

  suiteDatabase(dialect, (opened, made) => ((store = opened), (database = made)));

  it('stores and reads a tenant', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    expect(await findTenant(store.db, t.id)).toEqual(t);
  });

  it('refuses a second tenant with the same customer code by a unique index', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    const error = await insertTenant(store.db, tenant({ customerCode: t.customerCode })).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('moves a sandbox clock forward but never backwards', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    expect(await advanceTenantClock(store.db, t.id, '2024-03-06T10:00:00.000Z', at)).toBe(true);
    expect(await advanceTenantClock(store.db, t.id, '2024-02-01T10:00:00.000Z', at)).toBe(false);
    expect((await findTenant(store.db, t.id))?.clock).toBe('2024-03-06T10:00:00.000Z');
  });

  it('never moves the clock of a live tenant', async () => {
    const t = tenant({ mode: 'live', clock: null });
    await insertTenant(store.db, t);
    expect(await advanceTenantClock(store.db, t.id, '2030-01-01T00:00:00.000Z', at)).toBe(false);
  });

  it('keeps emails unique per tenant regardless of case, but not across tenants', async () => {
    const a = tenant();
    const b = tenant();
    await insertTenant(store.db, a);
    await insertTenant(store.db, b);
    const user = (tenantId: string, email: string) => ({
      id: newId('usr'),
      tenantId,
      email,
      name: 'Ann',
      roles: ['member' as const],
      certifiedProfessional: false,
      hasPassword: false,
      createdAt: at,
      updatedAt: at,
    });
    await insertUser(store.db, user(a.id, 'ann@example.com'), null);
    await insertUser(store.db, user(b.id, 'ann@example.com'), null);
    const error = await insertUser(store.db, user(a.id, 'ANN@example.com'), null).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('pages through users with a cursor and finds missing ids', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = newId('usr', 1_700_000_000_000 + i);
      ids.push(id);
      await insertUser(store.db, { id, tenantId: t.id, email: `u${i}@x.io`, name: `U${i}`, roles: ['member'], certifiedProfessional: i === 0, hasPassword: false, createdAt: at, updatedAt: at }, null);
    }
    const first = await listUsers(store.db, t.id, {}, { limit: 2 });
    expect(first.items.map((u) => u.id)).toEqual(ids.slice(0, 2));
    const second = await listUsers(store.db, t.id, {}, { limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.items.map((u) => u.id)).toEqual(ids.slice(2, 4));
    const third = await listUsers(store.db, t.id, {}, { limit: 2, cursor: second.nextCursor ?? '' });
    expect(third.items.map((u) => u.id)).toEqual(ids.slice(4));
    expect(third.nextCursor).toBeNull();
    expect((await listUsers(store.db, t.id, { certifiedProfessional: true }, { limit: 10 })).items).toHaveLength(1);
    expect(await missingUserIds(store.db, t.id, [ids[0] ?? '', 'usr_nothere00000000000000000'])).toEqual(['usr_nothere00000000000000000']);
    expect(await findUser(store.db, 'ten_other', ids[0] ?? '')).toBeNull();
  });

  it('counts group members once however often they are added', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    const userId = newId('usr');
    await insertUser(store.db, { id: userId, tenantId: t.id, email: 'g@x.io', name: 'G', roles: [], certifiedProfessional: false, hasPassword: false, createdAt: at, updatedAt: at }, null);
    const groupId = newId('grp');
    await insertGroup(store.db, { id: groupId, tenantId: t.id, name: 'Finance', createdAt: at, updatedAt: at });
    await addMembers(store.db, t.id, groupId, [userId], at);
    await addMembers(store.db, t.id, groupId, [userId], at);
    expect(await existingMembers(store.db, groupId, [userId])).toEqual([userId]);
    expect((await listGroups(store.db, t.id, {}, { limit: 10 })).items[0]?.memberCount).toBe(1);
  });

  it('deleting a tenant removes its people and its audit trail', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    await insertAuditEvent(store.db, { id: newId('aud'), tenantId: t.id, actor: 'test', action: 'tenant.created', targetType: 'tenant', targetId: t.id, before: null, after: { a: 1 }, at, requestId: null }, at);
    expect(await deleteTenant(store.db, t.id)).toBe(true);
    expect((await listAuditEvents(store.db, { tenantId: t.id }, { limit: 10 })).items).toHaveLength(0);
    expect((await listTenants(store.db, { onlyId: t.id }, { limit: 10 })).items).toHaveLength(0);
  });

  it('resolves product:module references to module ids', async () => {
    const productId = newId('prd');
    const code = `p${Date.now()}`;
    await insertProduct(store.db, { id: productId, code, name: 'P', modules: [{ code: 'a', name: 'A' }, { code: 'b', name: 'B' }], createdAt: at, updatedAt: at }, [newId('mod'), newId('mod')]);
    const resolved = await resolveModuleRefs(store.db, [`${code}:a`, `${code}:zzz`]);
    expect([...resolved.keys()]).toEqual([`${code}:a`]);
  });

  it('filters audit events and pages newest first', async () => {
    const t = tenant();
    await insertTenant(store.db, t);
    for (let i = 0; i < 3; i++) {
      await insertAuditEvent(store.db, { id: newId('aud', 1_700_000_000_000 + i), tenantId: t.id, actor: 'a', action: i === 1 ? 'group.created' : 'user.created', targetType: 'user', targetId: `u${i}`, before: null, after: null, at: `2024-01-0${i + 1}T00:00:00.000Z`, requestId: null }, at);
    }
    const page = await listAuditEvents(store.db, { tenantId: t.id, action: 'user.' }, { limit: 1 });
    expect(page.items.map((e) => e.targetId)).toEqual(['u2']);
    const next = await listAuditEvents(store.db, { tenantId: t.id, action: 'user.' }, { limit: 1, cursor: page.nextCursor ?? '' });
    expect(next.items.map((e) => e.targetId)).toEqual(['u0']);
    const ranged = await listAuditEvents(store.db, { tenantId: t.id, from: '2024-01-02T00:00:00.000Z', to: '2024-01-03T00:00:00.000Z' }, { limit: 10 });
    expect(ranged.items.map((e) => e.targetId)).toEqual(['u1']);
  });

  it('lets only one holder run under an advisory lock, across stores', async () => {
    const other = database.open();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = withAdvisoryLock(store, 'contract-lock', () => gate.then(() => 'first'));
    await new Promise((r) => setTimeout(r, 50));
    const second = await withAdvisoryLock(other, 'contract-lock', async () => 'second');
    release();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(second).toEqual({ ran: false });
    expect(await withAdvisoryLock(other, 'contract-lock', async () => 'third')).toEqual({ ran: true, value: 'third' });
    if (other !== store) await other.close();
  });
});
