import { beforeAll, describe, expect, it } from 'vitest';
import { sessionState } from '@allot/core';
import {
  closeTimedOutSessions,
  findSession,
  insertSession,
  insertTenant,
  insertUser,
  licenseHolders,
  listSessions,
  liveModuleCounts,
  liveSessionCounts,
  newId,
  type Session,
  type Store,
} from '@allot/storage';
import { dialects, suiteDatabase } from '../../../test-support/databases.js';

const now = '2024-01-31T10:00:00.000Z';

// The live filter of every session query is core's `sessionState` in SQL: these cases sit on its
// boundaries (expiring this very millisecond, one before, one after, ended before expiry).
describe.each(dialects)('session state in SQL agrees with core on %s', (dialect) => {
  let store: Store;
  const tenantId = newId('ten');
  const userId = newId('usr');
  const cases: { name: string; expiresAt: string; endedAt: string | null; modules: string[] }[] = [
    { name: 'expires a millisecond from now', expiresAt: '2024-01-31T10:00:00.001Z', endedAt: null, modules: ['fm:a', 'fm:b'] },
    { name: 'expires in an hour', expiresAt: '2024-01-31T11:00:00.000Z', endedAt: null, modules: ['fm:a'] },
    { name: 'expires now', expiresAt: now, endedAt: null, modules: ['fm:a', 'fm:b'] },
    { name: 'expired a millisecond ago', expiresAt: '2024-01-31T09:59:59.999Z', endedAt: null, modules: ['fm:b'] },
    { name: 'ended before it would expire', expiresAt: '2024-01-31T11:00:00.000Z', endedAt: '2024-01-31T09:00:00.000Z', modules: ['fm:a'] },
  ];
  const sessions: Session[] = cases.map((c) => ({
    id: newId('ses'),
    tenantId,
    userId,
    heartbeatSeconds: 300,
    startedAt: '2024-01-31T08:00:00.000Z',
    lastSeenAt: '2024-01-31T08:00:00.000Z',
    expiresAt: c.expiresAt,
    endedAt: c.endedAt,
    endReason: c.endedAt === null ? null : 'logout',
    modules: c.modules.map((module) => ({ module, licenseId: 'lic_pair', excess: false, dayCodeId: null })),
  }));
  const expected = (state: 'live' | 'overdue' | 'ended') => sessions.filter((s) => sessionState(s, now) === state).map((s) => s.id);

  suiteDatabase(dialect, (opened) => (store = opened));
  beforeAll(async () => {
    await insertTenant(store.db, { id: tenantId, name: 'States', customerCode: `ST-${tenantId}`, timeZone: 'UTC', mode: 'sandbox', status: 'licensed', clock: now, createdAt: now, updatedAt: now });
    await insertUser(store.db, { id: userId, tenantId, email: 'state@example.com', name: 'State', roles: ['member'], certifiedProfessional: false, hasPassword: false, createdAt: now, updatedAt: now }, null);
    for (const s of sessions) {
      await insertSession(store.db, { ...s, endedAt: null, endReason: null });
      if (s.endedAt !== null) await store.db.updateTable('sessions').set({ ended_at: s.endedAt, end_reason: 'logout' }).where('id', '=', s.id).execute();
    }
  });

  it('core puts each case where its name says', () => {
    expect(sessions.map((s) => sessionState(s, now))).toEqual(['live', 'live', 'overdue', 'overdue', 'ended']);
  });

  it('lists as live exactly what core calls live, and as ended the rest', async () => {
    const live = await listSessions(store.db, tenantId, { state: 'live' }, now, { limit: 100 });
    expect(live.items.map((s) => s.id).sort()).toEqual(expected('live').sort());
    const ended = await listSessions(store.db, tenantId, { state: 'ended' }, now, { limit: 100 });
    expect(ended.items.map((s) => s.id).sort()).toEqual([...expected('overdue'), ...expected('ended')].sort());
  });

  it('counts and lists holders per module from the live sessions only', async () => {
    const counts = await liveModuleCounts(store.db, tenantId, ['lic_pair'], now);
    expect(Object.fromEntries(counts.get('lic_pair') ?? [])).toEqual({ 'fm:a': 2, 'fm:b': 1 });
    expect((await liveSessionCounts(store.db, tenantId, ['lic_pair'], now)).get('lic_pair')).toBe(2);
    const holders = await licenseHolders(store.db, tenantId, 'lic_pair', now);
    expect(holders.map((h) => [h.sessionId, h.module])).toEqual(
      sessions.filter((s) => sessionState(s, now) === 'live').flatMap((s) => s.modules.map((m) => [s.id, m.module])).sort((a, b) => (a.join() < b.join() ? -1 : 1)),
    );
    expect((await licenseHolders(store.db, tenantId, 'lic_pair', now, 'fm:b')).map((h) => h.sessionId)).toEqual([sessions[0]?.id]);
  });

  it('closes as timeout exactly what core calls overdue, ended when it stopped counting', async () => {
    expect(await closeTimedOutSessions(store.db, tenantId, now)).toBe(expected('overdue').length);
    for (const id of expected('overdue')) {
      const closed = await findSession(store.db, tenantId, id);
      expect(closed).toMatchObject({ endReason: 'timeout', endedAt: closed?.expiresAt });
    }
  });
});
