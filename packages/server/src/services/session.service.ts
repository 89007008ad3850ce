import {
  AllotError,
  countsBy,
  dateIn,
  decideAccess,
  decideSessionModule,
  defaultHeartbeatSeconds,
  graceActive,
  notFound,
  sessionEndReason,
  sessionExpiresAt,
  sessionState,
  sessionStatus,
  tenantNow,
  type AccessCode,
  type AccessDecision,
  type License,
  type Page,
  type SessionStatus,
  type Tenant,
} from '@allot/core';
import {
  busiestModules,
  closeTimedOutSessions,
  endLiveSession,
  endSession,
  findDayCode,
  findLicense,
  findProductByCode,
  findSession,
  graceOfLicenses,
  insertDayCodeUse,
  insertSession,
  licenseHolders,
  listSessions as querySessions,
  liveModuleCounts,
  liveOn,
  newId,
  touchSession,
  type DayCode,
  type Db,
  type Holder,
  type ModuleCounts,
  type PageRequest,
  type Session,
  type SessionFilter,
} from '@allot/storage';
import { accessFactsOf, seatFacts } from './access-facts.js';
import { concurrentSeats, logExcess, recordDenial } from './access.service.js';
import { linkActiveUser } from './active-user.service.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { StoredAccessFacts } from './lookup-cache.js';
import { updateThreshold } from './seats.js';
import { requireCounting } from './usage.service.js';

export interface OpenSession {
  userId: string;
  modules: string[];
  dayCode?: string | undefined;
}

/** A session as the API answers it: its state, end and reason decided at a moment by core's `sessionStatus`. */
export type SessionView = Omit<Session, 'endedAt' | 'endReason'> & SessionStatus;

/** The session as seen at `now`: an overdue one has ended, by timeout, at its expiry. */
export function sessionAt(session: Session, now: string): SessionView {
  return { ...session, ...sessionStatus(session, now) };
}

/** The codes a session open is refused with, each also an error code of the API. */
const refusalCodes = ['concurrency_limit', 'seat_limit', 'not_licensed', 'expired', 'suspended'] as const;
type RefusalCode = (typeof refusalCodes)[number];
const isRefusalCode = (code: AccessCode): code is RefusalCode => (refusalCodes as readonly string[]).includes(code);

interface Refusal {
  module: string;
  decision: AccessDecision;
  code: RefusalCode;
  holders: Holder[];
}

/** Carries a refusal out of the session's transaction, which rolls back: a refused open changes nothing. */
class SessionRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super('session refused');
  }
}

/** The day code of a request, checked: this tenant, one of the modules asked for, today in the tenant's zone. */
async function validDayCode(trx: Db, tenant: Tenant, code: string, modules: readonly string[], now: string): Promise<DayCode> {
  const dayCode = await findDayCode(trx, code);
  const today = dateIn(now, tenant.timeZone).toString();
  if (dayCode === null || dayCode.tenantId !== tenant.id) throw new AllotError('day_code_invalid', 'This day code is not one of this tenant.');
  if (dayCode.validOn !== today) {
    throw new AllotError('day_code_invalid', `This day code is valid on ${dayCode.validOn}; today is ${today} in the tenant's time zone.`, { validOn: dayCode.validOn, today });
  }
  if (!modules.includes(dayCode.module)) {
    throw new AllotError('day_code_invalid', `This day code is for ${dayCode.module}, which the session does not ask for.`, { module: dayCode.module });
  }
  return dayCode;
}

/**
 * How the session may hold one module, by the access rule of SPEC 3.8 (without hits, which are
 * counted per action, not held): a seat the user holds (server, certified professional, named or
 * solution seat, an active-user link, linked now if need be) grants it without counting; else a
 * concurrent license of the module with room, or its grace period; else the refusal.
 */
async function holdModule(ctx: ServiceContext, trx: Db, tenant: Tenant, userId: string, module: string, stored: StoredAccessFacts, counts: ModuleCounts, now: string): Promise<AccessDecision> {
  const base = seatFacts(stored, tenant, now);
  const seat = decideAccess(base);
  if (seat.allowed) return seat;
  const pool = stored.licenses.map((c) => c.license).filter((l) => countsBy(l, 'live_links'));
  const activeUser = pool.length === 0 ? null : await linkActiveUser(ctx, trx, tenant, userId, pool, now);
  return decideSessionModule({ ...base, concurrent: concurrentSeats(stored, module, counts, now), productGraces: stored.productGraces, activeUser });
}

/**
 * Opens a session that holds one license of each module, all or none. Runs under the tenant's
 * licensing lock, so that the count of live sessions and the new session are one step on every
 * node. Only concurrent licenses are counted, per module; a module the user holds a seat for is
 * held through that seat's license and counts against nothing.
 */
export async function openSession(ctx: ServiceContext, tenant: Tenant, input: OpenSession): Promise<SessionView> {
  const now = tenantNow(tenant, ctx.clock.now());
  const asked = [...new Set(input.modules)];
  try {
    return await inTransaction(ctx, async (trx) => {
      await ctx.store.lockTenant(trx, tenant.id);
      const found: StoredAccessFacts[] = [];
      for (const module of asked) found.push(await accessFactsOf(ctx, trx, tenant.id, input.userId, module));
      if (!found.every((f) => f.userKnown)) throw new AllotError('unknown_user', `No user with id ${input.userId} in this tenant.`, { userIds: [input.userId] });
      const unknown = asked.filter((_, i) => !found[i]?.moduleKnown);
      // One entry per module of the catalog, in its spelling, however the request spelt it.
      const facts = [...new Map(found.map((f) => [f.module, f])).values()];
      const modules = facts.map((f) => f.module);
      if (unknown.length > 0) throw new AllotError('unknown_module', `The catalog has no module ${unknown.join(', ')}.`, { modules: unknown });
      if (tenant.status === 'demo') throw new AllotError('demo_mode', 'The tenant is in demo mode: it holds no licenses.');
      const dayCode = input.dayCode === undefined ? null : await validDayCode(trx, tenant, input.dayCode, modules, now);
      const concurrent = new Map(facts.flatMap((f) => f.concurrentLicenses.map((l) => [l.id, l] as const)));
      const counts = await liveModuleCounts(trx, tenant.id, [...concurrent.keys()], now);

      const held: { module: string; decision: AccessDecision | null; dayCodeId: string | null }[] = [];
      for (const [i, module] of modules.entries()) {
        if (dayCode !== null && dayCode.module === module) {
          held.push({ module, decision: null, dayCodeId: dayCode.id });
          continue;
        }
        const decision = await holdModule(ctx, trx, tenant, input.userId, module, facts[i] as StoredAccessFacts, counts, now);
        if (!decision.allowed) {
          // Hits and day-code sessions are left out of a session's rule: nothing else can refuse.
          if (!isRefusalCode(decision.code)) throw new Error(`A session open was refused with ${decision.code}.`);
          const holders = decision.code === 'concurrency_limit' && decision.licenseId !== null ? await licenseHolders(trx, tenant.id, decision.licenseId, now, module) : [];
          throw new SessionRefused({ module, decision, code: decision.code, holders });
        }
        held.push({ module, decision, dayCodeId: null });
      }

      // The shortest heartbeat of the concurrent licenses held: the session must satisfy each of them.
      const heldLicenses = held.map((h) => concurrent.get(h.decision?.licenseId ?? '')).filter((l): l is License => l !== undefined);
      const heartbeats = heldLicenses.length === 0 ? defaultHeartbeatSeconds : Math.min(...heldLicenses.map((l) => l.heartbeatSeconds ?? defaultHeartbeatSeconds));
      const session: Session = {
        id: newId('ses'),
        tenantId: tenant.id,
        userId: input.userId,
        heartbeatSeconds: heartbeats,
        startedAt: now,
        lastSeenAt: now,
        expiresAt: sessionExpiresAt(now, heartbeats),
        endedAt: null,
        endReason: null,
        modules: held.map((h) => ({ module: h.module, licenseId: h.decision?.licenseId ?? null, excess: h.decision?.code === 'grace_excess', dayCodeId: h.dayCodeId })),
      };
      await insertSession(trx, session);
      for (const h of held) {
        if (h.decision !== null) await logExcess(trx, tenant, h.decision, { userId: input.userId, module: h.module, sessionId: session.id, at: now });
        if (h.dayCodeId !== null) {
          await insertDayCodeUse(trx, { id: newId('dcu'), tenantId: tenant.id, dayCodeId: h.dayCodeId, sessionId: session.id, userId: input.userId, module: h.module, at: now });
        }
      }
      await updateConcurrentThresholds(ctx, trx, counts, session, concurrent, now);
      return sessionAt(session, now);
    });
  } catch (error) {
    if (!(error instanceof SessionRefused)) throw error;
    // A refusal is recorded, and nothing else of the request is.
    const { module, decision, code, holders } = error.refusal;
    await recordDenial(ctx, tenant, decision, { userId: input.userId, module, at: now });
    const reasons: Record<RefusalCode, string> = {
      concurrency_limit: `Every license of ${module} is in use.`,
      seat_limit: `Every license of the active-user pool for ${module} is linked to someone else.`,
      not_licensed: `The tenant has no license for ${module} this user may use.`,
      expired: `The license for ${module} has expired.`,
      suspended: `The license for ${module} is suspended.`,
    };
    throw new AllotError(code, reasons[code], { module, licenseId: decision.licenseId, holders });
  }
}

/**
 * Brings the threshold of each concurrent license the session takes up to date, with the count
 * after the open (the license's busiest module), in the open's transaction.
 */
async function updateConcurrentThresholds(ctx: ServiceContext, trx: Db, before: ModuleCounts, session: Session, concurrent: ReadonlyMap<string, License>, now: string): Promise<void> {
  const after: ModuleCounts = new Map([...before].map(([id, modules]) => [id, new Map(modules)]));
  for (const m of session.modules) {
    if (m.licenseId === null || !concurrent.has(m.licenseId)) continue;
    let modules = after.get(m.licenseId);
    if (modules === undefined) after.set(m.licenseId, (modules = new Map()));
    modules.set(m.module, liveOn(before, m.licenseId, m.module) + 1);
  }
  const used = busiestModules(after);
  for (const licenseId of new Set(session.modules.map((m) => m.licenseId))) {
    const license = licenseId === null ? undefined : concurrent.get(licenseId);
    if (license !== undefined) await updateThreshold(ctx, trx, { ...license, used: used.get(license.id) ?? 0 }, now);
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
  const expiresAt = sessionExpiresAt(now, session.heartbeatSeconds);
  if (!(await touchSession(ctx.store.db, tenant.id, id, now, expiresAt))) throw await notLive(ctx, tenant, id, now);
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
