import { compiledStatement } from '../compiled-statement.js';
import type { Db } from '../database.js';
import { readOf, readTogether, type Read } from '../read-together.js';

export interface QueueEntry {
  id: string;
  tenantId: string;
  userId: string;
  modules: string[];
  requestedAt: string;
  claimSeconds: number;
  state: 'waiting' | 'offered' | 'claimed';
  expiresAt: string;
  sessionId: string | null;
  offeredAt: string | null;
}

type Row = { id: string; seq: number; tenant_id: string; user_id: string; modules: string; requested_at: string; claim_seconds: number; state: string; expires_at: string; session_id: string | null; offered_at: string | null };

const toEntry = (r: Row): QueueEntry => ({
  id: r.id,
  tenantId: r.tenant_id,
  userId: r.user_id,
  modules: JSON.parse(r.modules) as string[],
  requestedAt: r.requested_at,
  claimSeconds: Number(r.claim_seconds),
  state: r.state as QueueEntry['state'],
  expiresAt: r.expires_at,
  sessionId: r.session_id,
  offeredAt: r.offered_at,
});

/**
 * Puts a waiter at the end of the tenant's queue. Call it under the tenant's licensing lock: the
 * next number is read and taken in one step there (and the unique index refuses a second taker).
 */
export async function insertQueueEntry(db: Db, entry: QueueEntry): Promise<void> {
  const last = await db.selectFrom('session_queue').select((eb) => eb.fn.max('seq').as('seq')).where('tenant_id', '=', entry.tenantId).executeTakeFirst();
  await db
    .insertInto('session_queue')
    .values({
      id: entry.id,
      seq: Number(last?.seq ?? 0) + 1,
      tenant_id: entry.tenantId,
      user_id: entry.userId,
      modules: JSON.stringify(entry.modules),
      requested_at: entry.requestedAt,
      claim_seconds: entry.claimSeconds,
      state: entry.state,
      expires_at: entry.expiresAt,
      session_id: entry.sessionId,
      offered_at: entry.offeredAt,
    })
    .execute();
}

/** The tenant's waiters still heard from at `now`. */
export function waitingOf(db: Db, tenantId: string, now: string) {
  return db.selectFrom('session_queue').where('session_queue.tenant_id', '=', tenantId).where('session_queue.state', '=', 'waiting').where('session_queue.expires_at', '>', now);
}

const selectWaiting = compiledStatement<{ tenantId: string; now: string }, Row>((db, p) => waitingOf(db, p('tenantId'), p('now')).selectAll().orderBy('seq'));

/** `waitingEntries` as a read to send with others (see `readTogether`). */
export function waitingEntriesRead(db: Db, tenantId: string, now: string): Read<QueueEntry[]> {
  return readOf(selectWaiting.bound(db, { tenantId, now }), (rows) => rows.map(toEntry));
}

/** The tenant's waiters still heard from at `now`, first come first. */
export async function waitingEntries(db: Db, tenantId: string, now: string): Promise<QueueEntry[]> {
  const [entries] = await readTogether(db, [waitingEntriesRead(db, tenantId, now)]);
  return entries;
}

export async function findQueueEntry(db: Db, tenantId: string, id: string): Promise<QueueEntry | null> {
  const row = await db.selectFrom('session_queue').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toEntry(row);
}

/** A waiter asked again: it keeps its place until `expiresAt`. */
export async function keepWaiting(db: Db, id: string, expiresAt: string): Promise<void> {
  await db.updateTable('session_queue').set({ expires_at: expiresAt }).where('id', '=', id).where('state', '=', 'waiting').execute();
}

/** The waiter's turn came: the session that holds its licenses until it claims them. */
export async function markOffered(db: Db, id: string, sessionId: string, offeredAt: string): Promise<void> {
  await db.updateTable('session_queue').set({ state: 'offered', session_id: sessionId, offered_at: offeredAt }).where('id', '=', id).where('state', '=', 'waiting').execute();
}

/** The first heartbeat of an offered session claims it. */
export async function claimOffer(db: Db, sessionId: string): Promise<void> {
  await db.updateTable('session_queue').set({ state: 'claimed' }).where('session_id', '=', sessionId).where('state', '=', 'offered').execute();
}

export async function deleteQueueEntry(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('session_queue').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
