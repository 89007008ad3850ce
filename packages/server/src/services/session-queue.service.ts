import { addSeconds, AllotError, defaultClaimSeconds, notFound, queuePosition, queueState, sessionEndReason, tenantNow, waitersAhead, type QueueState, type Tenant } from '@allot/core';
import {
  deleteQueueEntry,
  endLiveSession,
  findQueueEntry,
  findSession,
  insertQueueEntry,
  keepWaiting,
  markOffered,
  newId,
  waitingEntries,
  type QueueEntry,
} from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';
import { admissionFacts, admitSession, lockForAdmission, refusalError, SessionRefused, type OpenSession } from './session-admission.js';

/** What a request that waits is answered (202): its place in the queue. */
export interface QueueTicket {
  queueId: string;
  position: number;
  claimSeconds: number;
}

/** A queue entry as the API answers it at `now`. */
export interface QueueEntryView {
  id: string;
  userId: string;
  modules: string[];
  requestedAt: string;
  claimSeconds: number;
  state: QueueState;
  /** 1 for the next waiter; null once it no longer waits. */
  position: number | null;
  /** The session offered (and, once claimed, held). */
  sessionId: string | null;
  offeredAt: string | null;
}

const viewOf = (entry: QueueEntry, state: QueueState, position: number | null): QueueEntryView => ({
  id: entry.id,
  userId: entry.userId,
  modules: entry.modules,
  requestedAt: entry.requestedAt,
  claimSeconds: entry.claimSeconds,
  state,
  position,
  sessionId: entry.sessionId,
  offeredAt: entry.offeredAt,
});

/**
 * Puts a refused open in the queue, behind everyone waiting, under the tenant's licensing lock so
 * that the order of the queue is the order of the locks on every node.
 */
export async function joinQueue(ctx: ServiceContext, tenant: Tenant, input: OpenSession, now: string): Promise<QueueTicket> {
  const claimSeconds = input.claimSeconds ?? defaultClaimSeconds;
  return inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const entry: QueueEntry = {
      id: newId('squ'),
      tenantId: tenant.id,
      userId: input.userId,
      modules: [...new Set(input.modules)],
      requestedAt: now,
      claimSeconds,
      state: 'waiting',
      expiresAt: addSeconds(now, claimSeconds),
      sessionId: null,
      offeredAt: null,
    };
    await insertQueueEntry(trx, entry);
    const queue = await waitingEntries(trx, tenant.id, now);
    return { queueId: entry.id, position: queuePosition(queue, entry.id), claimSeconds };
  });
}

/**
 * Where a wait stands, asked by the waiter (which also keeps its place for another `claimSeconds`).
 * When its turn has come and its modules have a license for it, the session is opened for it now,
 * held `claimSeconds` for its first heartbeat to claim: the offer. Decided under the tenant's
 * licensing lock with the waiters ahead of it, so that two waiters never get the same license and
 * nobody overtakes.
 */
export async function pollQueueEntry(ctx: ServiceContext, tenant: Tenant, id: string): Promise<QueueEntryView> {
  const now = tenantNow(tenant, ctx.clock.now());
  const entry = await findQueueEntry(ctx.store.db, tenant.id, id);
  if (entry === null) throw notFound('queue entry', id);
  const state = await stateOf(ctx, entry, now);
  if (state !== 'waiting') return viewOf(entry, state, null);
  const before = await admissionFacts(ctx, tenant, entry);
  try {
    return await inTransaction(ctx, async (trx) => {
      const admission = await lockForAdmission(ctx, trx, tenant, entry, before, now);
      const queue = admission.queue;
      // Dropped or offered by another node since it was read: answer what it is now.
      if (!queue.some((w) => w.id === id)) {
        const current = await findQueueEntry(trx, tenant.id, id);
        if (current === null) throw notFound('queue entry', id);
        return viewOf(current, await stateOf(ctx, current, now), null);
      }
      const session = await admitSession(ctx, trx, tenant, { userId: entry.userId, modules: entry.modules }, now, admission, (module) => waitersAhead(queue, module, id), entry.claimSeconds);
      await markOffered(trx, id, session.id, now);
      return viewOf({ ...entry, sessionId: session.id, offeredAt: now }, 'offered', null);
    });
  } catch (error) {
    if (!(error instanceof SessionRefused)) throw error;
    if (error.refusal.code !== 'concurrency_limit') throw await refusalError(ctx, tenant, entry.userId, error.refusal, now);
    await keepWaiting(ctx.store.db, id, addSeconds(now, entry.claimSeconds));
    const queue = await waitingEntries(ctx.store.db, tenant.id, now);
    return viewOf(entry, 'waiting', queuePosition(queue, id));
  }
}

async function stateOf(ctx: ServiceContext, entry: QueueEntry, now: string): Promise<QueueState> {
  const offer = entry.sessionId === null ? null : await findSession(ctx.store.db, entry.tenantId, entry.sessionId);
  return queueState({ state: entry.state, expiresAt: entry.expiresAt, offer }, now);
}

/** Leaves the queue; an offer not yet claimed is given back for the next waiter. */
export async function leaveQueue(ctx: ServiceContext, tenant: Tenant, id: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    const entry = await findQueueEntry(trx, tenant.id, id);
    if (entry === null) throw notFound('queue entry', id);
    if (entry.state === 'claimed') throw new AllotError('conflict', `Queue entry ${id} was claimed: end its session ${entry.sessionId} instead.`, { sessionId: entry.sessionId });
    if (entry.state === 'offered' && entry.sessionId !== null) await endLiveSession(trx, tenant.id, entry.sessionId, now, sessionEndReason(ctx.principal, tenant.id));
    await deleteQueueEntry(trx, tenant.id, id);
  });
}

/** The tenant's queue now: each waiter with its position, first come first. */
export async function listQueue(ctx: ServiceContext, tenant: Tenant): Promise<QueueEntryView[]> {
  const now = tenantNow(tenant, ctx.clock.now());
  const queue = await waitingEntries(ctx.store.db, tenant.id, now);
  return queue.map((entry) => viewOf(entry, 'waiting', queuePosition(queue, entry.id)));
}
