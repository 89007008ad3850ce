import type { Page } from '@allot/core';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface Borrow {
  id: string;
  tenantId: string;
  sessionId: string;
  userId: string;
  modules: string[];
  startsAt: string;
  until: string;
  returnedAt: string | null;
}

type Row = { id: string; tenant_id: string; session_id: string; user_id: string; modules: string; starts_at: string; until: string; returned_at: string | null; session_ended_at: string | null };

/** A borrowed session ended before the borrow's end (by its application or an administrator) gave the borrow back then. */
const toBorrow = (r: Row): Borrow => ({
  id: r.id,
  tenantId: r.tenant_id,
  sessionId: r.session_id,
  userId: r.user_id,
  modules: JSON.parse(r.modules) as string[],
  startsAt: r.starts_at,
  until: r.until,
  returnedAt: r.returned_at ?? (r.session_ended_at !== null && r.session_ended_at < r.until ? r.session_ended_at : null),
});

/** Borrows with the end of their session. */
const borrowsOf = (db: Db) => db.selectFrom('borrows').innerJoin('sessions', 'sessions.id', 'borrows.session_id').selectAll('borrows').select('sessions.ended_at as session_ended_at');

/**
 * Records a borrow and keeps its session live until `until`, in one step: false (nothing written)
 * when the session is no longer live at `now` or is borrowed already (the unique session id).
 */
export async function insertBorrow(db: Db, borrow: Borrow, now: string): Promise<boolean> {
  const extended = await db
    .updateTable('sessions')
    .set({ expires_at: borrow.until })
    .where('tenant_id', '=', borrow.tenantId)
    .where('id', '=', borrow.sessionId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if ((extended.numUpdatedRows ?? 0n) === 0n) return false;
  await db
    .insertInto('borrows')
    .values({
      id: borrow.id,
      tenant_id: borrow.tenantId,
      session_id: borrow.sessionId,
      user_id: borrow.userId,
      modules: JSON.stringify(borrow.modules),
      starts_at: borrow.startsAt,
      until: borrow.until,
      returned_at: null,
    })
    .execute();
  return true;
}

export async function findBorrow(db: Db, tenantId: string, id: string): Promise<Borrow | null> {
  const row = await borrowsOf(db).where('borrows.tenant_id', '=', tenantId).where('borrows.id', '=', id).executeTakeFirst();
  return row === undefined ? null : toBorrow(row);
}

export async function findBorrowOfSession(db: Db, tenantId: string, sessionId: string): Promise<Borrow | null> {
  const row = await borrowsOf(db).where('borrows.tenant_id', '=', tenantId).where('borrows.session_id', '=', sessionId).executeTakeFirst();
  return row === undefined ? null : toBorrow(row);
}

/** Marks a borrow returned; false when it was returned already. */
export async function markReturned(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('borrows').set({ returned_at: at }).where('id', '=', id).where('returned_at', 'is', null).executeTakeFirst();
  return (result.numUpdatedRows ?? 0n) > 0n;
}

/** Newest first; `active` keeps those not returned whose end has not come at `now`. */
export async function listBorrows(db: Db, tenantId: string, filter: { active?: boolean | undefined; userId?: string | undefined; now: string }, page: PageRequest): Promise<Page<Borrow>> {
  let query = borrowsOf(db).where('borrows.tenant_id', '=', tenantId).orderBy('borrows.id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('borrows.id', '<', before);
  if (filter.userId !== undefined) query = query.where('borrows.user_id', '=', filter.userId);
  if (filter.active === true) query = query.where('borrows.returned_at', 'is', null).where('borrows.until', '>', filter.now).where('sessions.ended_at', 'is', null);
  const rows = await query.execute();
  return toPage(rows.map(toBorrow), page.limit);
}
