import { AllotError, borrowEnd, borrowState, notFound, sessionEndReason, sessionState, tenantNow, writeLease, type BorrowState, type LeasePayload, type Page, type Tenant } from '@allot/core';
import { endLiveSession, findBorrow, findBorrowOfSession, findLicense, findSession, insertBorrow, isUniqueViolation, listBorrows as queryBorrows, markReturned, newId, type Borrow, type PageRequest } from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';
import { signingKey, thisInstallationId } from './signing-keys.service.js';

/** A borrow as the API answers it, with where it stands at the tenant's now. */
export type BorrowView = Borrow & { state: BorrowState };

const viewAt = (borrow: Borrow, now: string): BorrowView => ({ ...borrow, state: borrowState(borrow, now) });

/**
 * Borrows a live session for offline work (SPEC 11): it keeps its licenses until `until` (at most
 * the smallest `maxBorrowDays` of the concurrent licenses it holds), and the answer carries a lease
 * signed with this installation's key that the SDK verifies offline. A session is borrowed once.
 */
export async function borrowSession(ctx: ServiceContext, tenant: Tenant, sessionId: string, input: { until: string }): Promise<BorrowView & { lease: string }> {
  const now = tenantNow(tenant, ctx.clock.now());
  const db = ctx.store.db;
  const session = await findSession(db, tenant.id, sessionId);
  if (session === null) throw notFound('session', sessionId);
  if (sessionState(session, now) !== 'live') throw new AllotError('session_ended', `Session ${sessionId} has ended: only a live session can be borrowed.`, { sessionId });
  const licenses = await Promise.all(session.modules.map((m) => (m.licenseId === null ? null : findLicense(db, tenant.id, m.licenseId))));
  const until = borrowEnd(input.until, { now, timeZone: tenant.timeZone, maxBorrowDays: licenses.map((l) => (l?.model === 'concurrent' ? l.maxBorrowDays : 0)) });
  const borrow: Borrow = { id: newId('brw'), tenantId: tenant.id, sessionId, userId: session.userId, modules: session.modules.map((m) => m.module), startsAt: now, until, returnedAt: null };
  try {
    await inTransaction(ctx, async (trx) => {
      if ((await findBorrowOfSession(trx, tenant.id, sessionId)) !== null) throw alreadyBorrowed(sessionId);
      if (!(await insertBorrow(trx, borrow, now))) throw new AllotError('session_ended', `Session ${sessionId} has ended: only a live session can be borrowed.`, { sessionId });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyBorrowed(sessionId);
    throw error;
  }
  const key = await signingKey(db, 'installation', ctx.secretKey);
  const payload: LeasePayload = {
    format: 'allot-lease/1',
    borrowId: borrow.id,
    installationId: await thisInstallationId(db),
    tenantId: tenant.id,
    customerCode: tenant.customerCode,
    userId: borrow.userId,
    sessionId,
    modules: borrow.modules,
    from: now,
    until,
  };
  return { ...viewAt(borrow, now), lease: writeLease(payload, key.privateKey, key.publicKey) };
}

const alreadyBorrowed = (sessionId: string) => new AllotError('conflict', `Session ${sessionId} is borrowed already.`, { sessionId });

/**
 * Gives a borrowed session back before its end: the session ends and its licenses are free. Only
 * the borrow of the user named (another user's is not found, as another tenant's).
 */
export async function returnBorrow(ctx: ServiceContext, tenant: Tenant, id: string, input: { userId: string }): Promise<BorrowView> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    const borrow = await findBorrow(trx, tenant.id, id);
    if (borrow === null || borrow.userId !== input.userId) throw notFound('borrow', id);
    const state = borrowState(borrow, now);
    if (state !== 'active') throw new AllotError('session_ended', state === 'returned' ? `Borrow ${id} was returned at ${borrow.returnedAt}.` : `Borrow ${id} ended at ${borrow.until}.`, { state });
    if (!(await markReturned(trx, id, now))) throw new AllotError('session_ended', `Borrow ${id} was returned already.`, { state: 'returned' });
    await endLiveSession(trx, tenant.id, borrow.sessionId, now, sessionEndReason(ctx.principal, tenant.id));
    return viewAt({ ...borrow, returnedAt: now }, now);
  });
}

export async function listBorrows(ctx: ServiceContext, tenant: Tenant, filter: { active?: boolean | undefined; userId?: string | undefined }, page: PageRequest): Promise<Page<BorrowView>> {
  const now = tenantNow(tenant, ctx.clock.now());
  const found = await queryBorrows(ctx.store.db, tenant.id, { ...filter, now }, page);
  return { items: found.items.map((b) => viewAt(b, now)), nextCursor: found.nextCursor };
}
