import { AllotError, graceActive, notFound, sessionEndReason, sessionExpiresAt, sessionState, tenantNow, waitersAhead, type License, type Page, type Tenant } from '@allot/core';
import {
  busiestModules,
  claimOffer,
  closeTimedOutSessions,
  endLiveSession,
  endSession,
  findLicense,
  findProductByCode,
  findSession,
  graceOfLicenses,
  insertSessionIfAdmitted,
  licenseHolders,
  listSessions as querySessions,
  liveModuleCounts,
  liveOn,
  touchSession,
  type Db,
  type Holder,
  type PageRequest,
  type SessionFilter,
} from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';
import { admissionFacts, admitSession, guardedAdmission, lockForAdmission, refusalError, sessionAt, SessionRefused, type OpenSession, type SessionView } from './session-admission.js';
import { joinQueue, type QueueTicket } from './session-queue.service.js';
import { requireCounting } from './usage.service.js';

export type { OpenSession, SessionView } from './session-admission.js';

/**
 * Opens a session that holds one license of each module, all or none (see `admitSession`). With
 * `wait`, a module at its concurrency limit puts the request in the queue instead (SPEC 11).
 */
export async function openSession(ctx: ServiceContext, tenant: Tenant, input: OpenSession): Promise<SessionView | QueueTicket> {
  const now = tenantNow(tenant, ctx.clock.now());
  const before = await admissionFacts(ctx, tenant, input);
  // PostgreSQL: most opens are decided before the lock and checked by the database under it, in one round trip.
  const guarded = ctx.store.dialect === 'postgres' ? guardedAdmission(tenant, input, before, now) : null;
  if (guarded !== null && (await insertSessionIfAdmitted(ctx.store.db, guarded.session, guarded.guard))) return sessionAt(guarded.session, now);
  try {
    return await inTransaction(ctx, async (trx) => {
      const admission = await lockForAdmission(ctx, trx, tenant, input, before, now);
      return admitSession(ctx, trx, tenant, input, now, admission, (module) => waitersAhead(admission.queue, module, null), null);
    });
  } catch (error) {
    if (!(error instanceof SessionRefused)) throw error;
    // A refusal is recorded, and nothing else of the request is; a wait is queued instead.
    if (input.wait === true && error.refusal.code === 'concurrency_limit') return joinQueue(ctx, tenant, input, now);
    throw await refusalError(ctx, tenant, input.userId, error.refusal, now);
  }
}

/**
 * Why a session could not be kept or ended: it is unknown (404), or it has ended (410). An overdue
 * session stopped counting at its expiry; it is closed now rather than waiting for the job.
 */
async function notLive(ctx: ServiceContext, tenant: Tenant, id: string, now: string): Promise<AllotError> {
  const session = await findSession(ctx.store.db, tenant.id, id);
  if (session === null) return notFound('session', id);
  if (sessionState(session, now) === 'overdue') {
    await endSession(ctx.store.db, tenant.id, id, session.expiresAt, 'timeout');
    return new AllotError('session_ended', `Session ${id} timed out at ${session.expiresAt}.`, { endReason: 'timeout', endedAt: session.expiresAt });
  }
  return new AllotError('session_ended', `Session ${id} ended at ${session.endedAt} (${session.endReason}).`, { endReason: session.endReason, endedAt: session.endedAt });
}

/** Keeps a session alive for another heartbeat period. */
export async function heartbeat(ctx: ServiceContext, tenant: Tenant, id: string): Promise<SessionView> {
  const now = tenantNow(tenant, ctx.clock.now());
  const session = await findSession(ctx.store.db, tenant.id, id);
  if (session === null || sessionState(session, now) !== 'live') throw await notLive(ctx, tenant, id, now);
  // A heartbeat never shortens a session: a borrowed one counts until its borrow ends.
  const beat = sessionExpiresAt(now, session.heartbeatSeconds);
  const expiresAt = beat > session.expiresAt ? beat : session.expiresAt;
  if (!(await touchSession(ctx.store.db, tenant.id, id, now, expiresAt))) throw await notLive(ctx, tenant, id, now);
  // The first heartbeat of a session the queue offered claims it.
  if (session.lastSeenAt === session.startedAt) await claimOffer(ctx.store.db, id);
  return sessionAt({ ...session, lastSeenAt: now, expiresAt }, now);
}

/** Ends a session: `admin` when an administrator ends it, `logout` when its application does (core's `sessionEndReason`). */
export async function finishSession(ctx: ServiceContext, tenant: Tenant, id: string): Promise<SessionView> {
  const now = tenantNow(tenant, ctx.clock.now());
  const ended = await endLiveSession(ctx.store.db, tenant.id, id, now, sessionEndReason(ctx.principal, tenant.id));
  if (ended === null) throw await notLive(ctx, tenant, id, now);
  return sessionAt(ended, now);
}

/** One session of the tenant, live or ended, as seen at the tenant's now. */
export async function getSession(ctx: ServiceContext, tenant: Tenant, id: string): Promise<SessionView> {
  const session = await findSession(ctx.store.db, tenant.id, id);
  if (session === null) throw notFound('session', id);
  return sessionAt(session, tenantNow(tenant, ctx.clock.now()));
}

/** Sessions newest first, live or ended at the tenant's now, each as seen then. */
export async function listSessions(ctx: ServiceContext, tenant: Tenant, filter: SessionFilter, page: PageRequest): Promise<Page<SessionView>> {
  const now = tenantNow(tenant, ctx.clock.now());
  const found = await querySessions(ctx.store.db, tenant.id, filter, now, page);
  return { items: found.items.map((s) => sessionAt(s, now)), nextCursor: found.nextCursor };
}

/** The session job's work for one tenant: close every session whose heartbeat is overdue. */
export function closeOverdueSessions(db: Db, tenant: Tenant, now: string): Promise<number> {
  return closeTimedOutSessions(db, tenant.id, now);
}

export interface ConcurrentUsage {
  licenseId: string;
  quantity: number | null;
  /** Live sessions on the license's busiest module: its concurrent users in use (`used`). */
  live: number;
  inGrace: boolean;
  /** Each module of the license with the live sessions holding it (the quantity applies to each). */
  modules: { module: string; live: number }[];
  /** Who holds it, once per module held. */
  holders: Holder[];
}

/** The modules a license covers, as `product:module`: those it names, else every module of its product. */
export async function modulesOf(db: Db, license: License): Promise<string[]> {
  if (license.product === null) return [];
  const codes = license.modules ?? (await findProductByCode(db, license.product))?.modules.map((m) => m.code) ?? [];
  return codes.map((code) => `${license.product}:${code}`);
}

/** Who holds a concurrent license now, per module, since when and last seen (Planon's license usage). */
export async function concurrentUsage(ctx: ServiceContext, tenant: Tenant, licenseId: string): Promise<ConcurrentUsage> {
  const now = tenantNow(tenant, ctx.clock.now());
  const db = ctx.store.db;
  const license = await findLicense(db, tenant.id, licenseId);
  if (license === null) throw notFound('license', licenseId);
  requireCounting(license, 'live_sessions');
  const [holders, graces, counts, covered] = await Promise.all([
    licenseHolders(db, tenant.id, licenseId, now),
    graceOfLicenses(db, [licenseId]),
    liveModuleCounts(db, tenant.id, [licenseId], now),
    modulesOf(db, license),
  ]);
  const held = [...(counts.get(licenseId)?.keys() ?? [])];
  const modules = [...new Set([...covered, ...held])].sort().map((module) => ({ module, live: liveOn(counts, licenseId, module) }));
  return { licenseId, quantity: license.quantity, live: busiestModules(counts).get(licenseId) ?? 0, inGrace: graces.some((g) => graceActive(g, now)), modules, holders };
}
