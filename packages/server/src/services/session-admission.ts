import {
  AllotError,
  admissionBound,
  afterWaitersAhead,
  countsBy,
  dateIn,
  decideAccess,
  decideSessionModule,
  defaultHeartbeatSeconds,
  sessionExpiresAt,
  sessionStatus,
  thresholdCount,
  type AccessCode,
  type AccessDecision,
  type AccessFacts,
  type License,
  type SessionStatus,
  type Tenant,
} from '@allot/core';
import {
  busiestModules,
  findDayCode,
  insertDayCodeUse,
  insertSession,
  licenseHolders,
  liveModuleCounts,
  liveModuleCountsRead,
  liveOn,
  newId,
  readTogether,
  waitingEntriesRead,
  type AdmissionGuard,
  type DayCode,
  type Db,
  type Holder,
  type ModuleCounts,
  type QueueEntry,
  type Session,
} from '@allot/storage';
import { accessFactsOf, factScopes, factsStillHold, seatFacts } from './access-facts.js';
import { concurrentSeats, logExcess, recordDenial } from './access.service.js';
import { linkActiveUser } from './active-user.service.js';
import type { ServiceContext } from './context.js';
import type { StoredAccessFacts } from './lookup-cache.js';
import { updateThreshold } from './seats.js';

export interface OpenSession {
  userId: string;
  modules: string[];
  dayCode?: string | undefined;
  /** Wait in the queue when a module is at its concurrency limit, instead of a 409. */
  wait?: boolean | undefined;
  /** How long an offer is held, and a waiter may go unheard. */
  claimSeconds?: number | undefined;
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
  /** The waiters for the module the open came behind. */
  queueLength: number;
}

/** Carries a refusal out of the session's transaction, which rolls back: a refused open changes nothing. */
export class SessionRefused extends Error {
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
async function holdModule(ctx: ServiceContext, trx: Db, tenant: Tenant, userId: string, module: string, stored: StoredAccessFacts, counts: ModuleCounts, ahead: number, now: string): Promise<AccessDecision> {
  const seat = decideAccess(seatFacts(stored, tenant, now));
  if (seat.allowed) return seat;
  const pool = activeUserPool(stored);
  const activeUser = pool.length === 0 ? null : await linkActiveUser(ctx, trx, tenant, userId, pool, now);
  return concurrentDecision(tenant, module, stored, counts, ahead, activeUser, now);
}

/** The active-user licenses that may link the user to the module on first use. */
const activeUserPool = (stored: StoredAccessFacts) => stored.licenses.map((c) => c.license).filter((l) => countsBy(l, 'live_links'));

/** How the session may hold the module when no seat grants it: by the concurrent licenses, after the waiters ahead. */
function concurrentDecision(tenant: Tenant, module: string, stored: StoredAccessFacts, counts: ModuleCounts, ahead: number, activeUser: ActiveUserLink | null, now: string): AccessDecision {
  const concurrent = afterWaitersAhead(concurrentSeats(stored, module, counts, now), ahead, now);
  return decideSessionModule({ ...seatFacts(stored, tenant, now), concurrent, productGraces: stored.productGraces, activeUser });
}

type ActiveUserLink = AccessFacts['activeUser'];

/** How an admission finds the queue: the waiters ahead of it on a module (a newcomer is behind them all). */
export type WaitersAhead = (module: string) => number;

/** The facts of each module an open asks for, read before its transaction, and the generations they were read at. */
export interface AdmissionFacts {
  facts: StoredAccessFacts[];
  generations: number[];
}

/** What an admission decides from, read under the tenant's licensing lock. */
export interface Admission {
  queue: QueueEntry[];
  /** The facts of each module asked for, in the order of `askedModules`. */
  facts: StoredAccessFacts[];
  /** Live sessions of the concurrent licenses of `facts`. */
  counts: ModuleCounts;
}

/** Each module of a request once, in the order asked. */
const askedModules = (input: Pick<OpenSession, 'modules'>) => [...new Set(input.modules)];

/** The scopes of the lookups an admission's facts come from: the tenant's, and the catalog's. */
const concurrentLicenseIds = (facts: readonly StoredAccessFacts[]) => [...new Set(facts.flatMap((f) => f.concurrentLicenses.map((l) => l.id)))];

/**
 * The facts of an open, read before its transaction: from the exact lookup cache, mostly without
 * a round trip, together with the generations they hold at (see `lockForAdmission`).
 */
export async function admissionFacts(ctx: ServiceContext, tenant: Tenant, input: Pick<OpenSession, 'userId' | 'modules'>): Promise<AdmissionFacts> {
  // Read before the lookups: what they load is at least this recent.
  const generations = factScopes(tenant.id).map((scope) => ctx.store.generation(scope));
  const facts = await Promise.all(askedModules(input).map((module) => accessFactsOf(ctx, ctx.store.db, tenant.id, input.userId, module)));
  return { facts, generations };
}

/**
 * Takes the tenant's licensing lock in `trx` and reads under it what an admission decides from:
 * the waiting queue and the live sessions of the concurrent licenses, sent together (one round
 * trip on PostgreSQL). The facts read before the transaction stand when the generations under the
 * lock are those they were read at, since no write to what they were read from has committed
 * since; else they, and the counts of their licenses, are read again in the transaction.
 */
export async function lockForAdmission(ctx: ServiceContext, trx: Db, tenant: Tenant, input: Pick<OpenSession, 'userId' | 'modules'>, before: AdmissionFacts, now: string): Promise<Admission> {
  const [generations, queue, counts] = await readTogether(trx, [
    ctx.store.lockedGenerations(trx, tenant.id, factScopes(tenant.id)),
    waitingEntriesRead(trx, tenant.id, now),
    liveModuleCountsRead(trx, tenant.id, concurrentLicenseIds(before.facts), now),
  ] as const);
  if (factsStillHold(before.generations, generations)) return { queue, facts: before.facts, counts };
  const facts = await Promise.all(askedModules(input).map((module) => accessFactsOf(ctx, trx, tenant.id, input.userId, module)));
  return { queue, facts, counts: await liveModuleCounts(trx, tenant.id, concurrentLicenseIds(facts), now) };
}

/**
 * Admits a session holding one license of each module, all or none, inside the caller's
 * transaction under the tenant's licensing lock (`lockForAdmission` read what it decides from),
 * and records it: the count of live sessions, the waiters ahead and the new session are one step
 * on every node. Only concurrent licenses are counted, per module, after the licenses owed to the
 * waiters ahead; a module the user holds a seat for is held through that seat's license and
 * counts against nothing. Throws `SessionRefused` (roll the transaction back) when a module
 * cannot be held.
 */
export async function admitSession(ctx: ServiceContext, trx: Db, tenant: Tenant, input: OpenSession, now: string, admission: Admission, ahead: WaitersAhead, holdSeconds: number | null): Promise<SessionView> {
  const found = admission.facts;
  if (!found.every((f) => f.userKnown)) throw new AllotError('unknown_user', `No user with id ${input.userId} in this tenant.`, { userIds: [input.userId] });
  const unknown = askedModules(input).filter((_, i) => !found[i]?.moduleKnown);
  if (unknown.length > 0) throw new AllotError('unknown_module', `The catalog has no module ${unknown.join(', ')}.`, { modules: unknown });
  if (tenant.status === 'demo') throw new AllotError('demo_mode', 'The tenant is in demo mode: it holds no licenses.');
  const facts = moduleFacts(found);
  const modules = facts.map((f) => f.module);
  const dayCode = input.dayCode === undefined ? null : await validDayCode(trx, tenant, input.dayCode, modules, now);
  const concurrent = new Map(facts.flatMap((f) => f.concurrentLicenses.map((l) => [l.id, l] as const)));
  const counts = admission.counts;

  const held: HeldModule[] = [];
  for (const [i, module] of modules.entries()) {
    if (dayCode !== null && dayCode.module === module) {
      held.push({ module, decision: null, dayCodeId: dayCode.id });
      continue;
    }
    const decision = await holdModule(ctx, trx, tenant, input.userId, module, facts[i] as StoredAccessFacts, counts, ahead(module), now);
    if (!decision.allowed) {
      // Hits and day-code sessions are left out of a session's rule: nothing else can refuse.
      if (!isRefusalCode(decision.code)) throw new Error(`A session open was refused with ${decision.code}.`);
      const holders = decision.code === 'concurrency_limit' && decision.licenseId !== null ? await licenseHolders(trx, tenant.id, decision.licenseId, now, module) : [];
      throw new SessionRefused({ module, decision, code: decision.code, holders, queueLength: ahead(module) });
    }
    held.push({ module, decision, dayCodeId: null });
  }

  const session = newSession(tenant, input, held, concurrent, now, holdSeconds);
  await insertSession(trx, session);
  for (const h of held) {
    if (h.decision !== null) await logExcess(trx, tenant, h.decision, { userId: input.userId, module: h.module, sessionId: session.id, at: now });
    if (h.dayCodeId !== null) {
      await insertDayCodeUse(trx, { id: newId('dcu'), tenantId: tenant.id, dayCodeId: h.dayCodeId, sessionId: session.id, userId: input.userId, module: h.module, at: now });
    }
  }
  await updateConcurrentThresholds(ctx, trx, counts, session, concurrent, now);
  return sessionAt(session, now);
}

/** One entry per module of the catalog, in its spelling, however the request spelt it. */
const moduleFacts = (found: readonly StoredAccessFacts[]) => [...new Map(found.map((f) => [f.module, f])).values()];

/** A module an admitted session holds: by the decision that granted it, or by a day code. */
interface HeldModule {
  module: string;
  decision: AccessDecision | null;
  dayCodeId: string | null;
}

/** The session an admission stores, holding `held`, of the tenant's concurrent licenses `concurrent`. */
function newSession(tenant: Tenant, input: OpenSession, held: readonly HeldModule[], concurrent: ReadonlyMap<string, License>, now: string, holdSeconds: number | null): Session {
  // The shortest heartbeat of the concurrent licenses held: the session must satisfy each of them.
  const heldLicenses = held.map((h) => concurrent.get(h.decision?.licenseId ?? '')).filter((l): l is License => l !== undefined);
  const heartbeats = heldLicenses.length === 0 ? defaultHeartbeatSeconds : Math.min(...heldLicenses.map((l) => l.heartbeatSeconds ?? defaultHeartbeatSeconds));
  return {
    id: newId('ses'),
    tenantId: tenant.id,
    userId: input.userId,
    heartbeatSeconds: heartbeats,
    startedAt: now,
    lastSeenAt: now,
    // An offer from the queue is held for its claim time; its first heartbeat brings it to the license's.
    expiresAt: sessionExpiresAt(now, holdSeconds ?? heartbeats),
    endedAt: null,
    endReason: null,
    modules: held.map((h) => ({ module: h.module, licenseId: h.decision?.licenseId ?? null, excess: h.decision?.code === 'grace_excess', dayCodeId: h.dayCodeId })),
  };
}

/** A session decided before the tenant's licensing lock, and what must hold under it for the decision to stand. */
export interface GuardedAdmission {
  session: Session;
  guard: AdmissionGuard;
}

/**
 * The open decided from the facts read before the transaction, for the database to check under
 * the lock rather than this process (`insertSessionIfAdmitted`): the decisions `admitSession` would
 * make, each bound to what it depends on. A module held by a seat depends on the facts alone (the
 * generations they were read at). A module held by a concurrent license depends on its live
 * sessions: with nobody waiting, core's `admissionBound` names the license the rule admits to
 * while its count stays below the bound, and the count stays below the license's `thresholdCount`
 * on every module so that its threshold stays off, as `updateThreshold` would leave it. Null when
 * the open needs more than a guard can say: a day code, an active-user link, a grace period, a
 * refusal, a license whose threshold is on, or facts of unknown generation; the caller then
 * decides under the lock.
 */
export function guardedAdmission(tenant: Tenant, input: OpenSession, before: AdmissionFacts, now: string): GuardedAdmission | null {
  if (input.dayCode !== undefined || tenant.status === 'demo' || before.generations.some((generation) => generation < 0)) return null;
  if (!before.facts.every((f) => f.userKnown && f.moduleKnown)) return null;
  const facts = moduleFacts(before.facts);
  const concurrent = new Map(facts.flatMap((f) => f.concurrentLicenses.map((l) => [l.id, l] as const)));
  const held: HeldModule[] = [];
  const bounds: AdmissionGuard['bounds'] = [];
  const thresholds: AdmissionGuard['thresholds'] = [];
  for (const stored of facts) {
    const module = stored.module;
    const seat = decideAccess(seatFacts(stored, tenant, now));
    if (seat.allowed) {
      held.push({ module, decision: seat, dayCodeId: null });
      continue;
    }
    if (activeUserPool(stored).length > 0) return null;
    const decision = concurrentDecision(tenant, module, stored, new Map(), 0, null, now);
    const license = concurrent.get(decision.licenseId ?? '');
    const bound = admissionBound(stored.concurrentLicenses, now);
    if (decision.code !== 'licensed' || license === undefined || bound?.licenseId !== license.id) return null;
    // A license held on two modules, or with its threshold on, is left to the decision under the lock.
    if (license.thresholdReached || thresholds.some((t) => t.licenseId === license.id) || bounds.some((b) => b.licenseId === license.id)) return null;
    if (bound.below !== null) bounds.push({ licenseId: license.id, module, below: bound.below });
    const threshold = thresholdCount(license);
    if (threshold !== null) thresholds.push({ licenseId: license.id, module, below: threshold });
    held.push({ module, decision, dayCodeId: null });
  }
  const scopes = factScopes(tenant.id);
  return {
    session: newSession(tenant, input, held, concurrent, now, null),
    guard: { generations: scopes.map((scope, i) => ({ scope, generation: before.generations[i] ?? -1 })), now, bounds, thresholds },
  };
}

/** A refused open as the API answers it, the denied-access log and its event written first. */
export async function refusalError(ctx: ServiceContext, tenant: Tenant, userId: string, refusal: Refusal, now: string): Promise<AllotError> {
  const { module, decision, code, holders, queueLength } = refusal;
  await recordDenial(ctx, tenant, decision, { userId, module, at: now });
  const reasons: Record<RefusalCode, string> = {
    concurrency_limit: `Every license of ${module} is in use${queueLength > 0 ? `, and ${queueLength} ${queueLength === 1 ? 'waiter is' : 'waiters are'} ahead` : ''}.`,
    seat_limit: `Every license of the active-user pool for ${module} is linked to someone else.`,
    not_licensed: `The tenant has no license for ${module} this user may use.`,
    expired: `The license for ${module} has expired.`,
    suspended: `The license for ${module} is suspended.`,
  };
  return new AllotError(code, reasons[code], { module, licenseId: decision.licenseId, holders, ...(code === 'concurrency_limit' ? { queueLength } : {}) });
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

