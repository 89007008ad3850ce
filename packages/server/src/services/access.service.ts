import {
  admitHits,
  countsBy,
  decideAccess,
  graceActive,
  hitPeriod,
  hitsLeft,
  inForce,
  instantFilter,
  tenantNow,
  type AccessDecision,
  type AccessFacts,
  type EventType,
  type License,
  type Page,
  type Tenant,
} from '@allot/core';
import {
  hitsOfYear,
  insertDenialWithEvent,
  insertExcessUse,
  listDenials as queryDenials,
  liveDayCodeSession,
  liveModuleCounts,
  liveOn,
  newId,
  type Db,
  type Denial,
  type DenialFilter,
  type ModuleCounts,
  type PageRequest,
} from '@allot/storage';
import { accessFactsOf, seatFacts } from './access-facts.js';
import { useActiveUserLicense } from './active-user.service.js';
import { noteSeatAccess } from './seat-access.js';
import { inTransaction, type ServiceContext } from './context.js';
import { andThen, type StoredAccessFacts } from './lookup-cache.js';

/** Whether a hit license covering the module has hits left this year. */
async function hitQuota(db: Db, covering: readonly License[], now: string, timeZone: string): Promise<{ left: boolean; licenseId: string | null } | null> {
  const hits = covering.filter((l) => countsBy(l, 'hits_this_year') && inForce(l, now));
  if (hits.length === 0) return null;
  const counted = await hitsOfYear(db, hits.map((l) => l.id), hitPeriod(now, timeZone).year);
  // The same walk as hit ingestion, with one hit: would it be counted, and by which license?
  const left = new Map(hits.map((l) => [l.id, hitsLeft(l, counted.get(l.id) ?? 0)]));
  const [admission] = admitHits([{ candidates: hits.map((l) => l.id), count: 1 }], left, new Set());
  const licenseId = admission?.status === 'accepted' ? admission.licenseId : null;
  return { left: licenseId !== null, licenseId: licenseId ?? hits[0]?.id ?? null };
}

/** The concurrent licenses covering `module`, with the live sessions holding that module through each and their grace periods. */
export function concurrentSeats(stored: StoredAccessFacts, module: string, counts: ModuleCounts, now: string) {
  return stored.concurrentLicenses.map((license) => ({
    license,
    liveSessions: liveOn(counts, license.id, module),
    inGrace: stored.graces.some((g) => g.licenseId === license.id && graceActive(g, now)),
  }));
}

/**
 * Writes what the decision says belongs in the excess-usage log (core computes the numbers once):
 * use beyond a concurrency limit admitted by a grace period, or an attempt on an unlicensed module
 * during one.
 */
export async function logExcess(db: Db, tenant: Tenant, decision: AccessDecision, use: { userId: string; module: string; sessionId: string | null; at: string }): Promise<void> {
  if (decision.excess === undefined) return;
  const { licenseId, licenseCode, excessUsers, licensedMaximum } = decision.excess;
  await insertExcessUse(db, { id: newId('exc'), tenantId: tenant.id, licenseId, licenseCode, userId: use.userId, module: use.module, sessionId: use.sessionId, excessUsers, licensedMaximum, at: use.at });
}

/**
 * Records a refusal (of an access check or a session open), all or nothing: the denied-access log
 * and the event `access.denied` for the webhooks (one statement on PostgreSQL, one commit on
 * SQLite: see `insertDenialWithEvent`), and the excess-usage record when the decision calls for
 * one (an unlicensed module during a grace period).
 */
export async function recordDenial(ctx: ServiceContext, tenant: Tenant, decision: AccessDecision, use: { userId: string; module: string; at: string }): Promise<void> {
  const denial = { id: newId('den'), tenantId: tenant.id, userId: use.userId, module: use.module, code: decision.code, licenseId: decision.licenseId, at: use.at };
  const type: EventType = 'access.denied';
  const event = { id: newId('evt'), tenantId: tenant.id, type, payload: { denialId: denial.id, userId: use.userId, module: use.module, code: decision.code, licenseId: decision.licenseId }, at: use.at };
  const { store } = ctx;
  if (decision.excess === undefined) return insertDenialWithEvent(store.db, store.dialect, denial, event, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await insertDenialWithEvent(trx, store.dialect, denial, event, ctx.clock.now());
    await logExcess(trx, tenant, decision, { ...use, sessionId: null });
  });
}

/**
 * The access check every licensed application makes: loads the facts at the tenant's `now`, lets
 * the rule in `core` decide, and writes every denial to the denied-access log with its event (and
 * what the rule marks as excess to the excess-usage log). With the facts cached, a grant by seats
 * is answered at once, without a promise.
 */
export function checkAccess(ctx: ServiceContext, tenant: Tenant, input: { userId: string; module: string }): AccessAnswer | Promise<AccessAnswer> {
  const now = tenantNow(tenant, ctx.clock.now());
  return andThen(accessFactsOf(ctx, ctx.store.db, tenant.id, input.userId, input.module), (stored) => {
    const base = seatFacts(stored, tenant, now);
    const decision = decideAccess(base);
    if (!decision.allowed) return checkBeyondSeats(ctx, tenant, input, stored, base, decision);
    // Granted through a named or solution seat: its use is noted for seat planning's idle seats.
    const noted = decision.code === 'licensed' && decision.licenseId !== null ? noteSeatAccess(ctx, tenant, decision.licenseId, input.userId, now) : undefined;
    return noted === undefined ? answerOf(decision) : noted.then(() => answerOf(decision));
  });
}

type AccessAnswer = Pick<AccessDecision, 'allowed' | 'code' | 'licenseId'>;

const answerOf = (decision: AccessDecision): AccessAnswer => ({ allowed: decision.allowed, code: decision.code, licenseId: decision.licenseId });

/**
 * When seats did not grant: sessions, links and hit counts change with time or use, so they are
 * read fresh, and only now; a denial is recorded.
 */
async function checkBeyondSeats(ctx: ServiceContext, tenant: Tenant, input: { userId: string }, stored: StoredAccessFacts, base: AccessFacts, seatDecision: AccessDecision): Promise<AccessAnswer> {
  const db = ctx.store.db;
  const now = base.now;
  let decision = seatDecision;
  if (stored.userKnown && stored.moduleKnown && base.demoMode === false) {
    const dayCodeSession = (await liveDayCodeSession(db, tenant.id, input.userId, stored.module, now)) !== null;
    const pool = stored.licenses.map((c) => c.license).filter((l) => countsBy(l, 'live_links'));
    const activeUser = dayCodeSession || pool.length === 0 ? null : await useActiveUserLicense(ctx, tenant, input.userId, pool, now);
    const counts = await liveModuleCounts(db, tenant.id, stored.concurrentLicenses.map((l) => l.id), now);
    decision = decideAccess({
      ...base,
      concurrent: concurrentSeats(stored, stored.module, counts, now),
      productGraces: stored.productGraces,
      dayCodeSession,
      activeUser,
      hitQuota: await hitQuota(db, stored.licenses.map((c) => c.license), now, tenant.timeZone),
    });
    if (decision.allowed) await logExcess(db, tenant, decision, { userId: input.userId, module: stored.module, sessionId: null, at: now });
  }
  if (!decision.allowed) await recordDenial(ctx, tenant, decision, { userId: input.userId, module: stored.module, at: now });
  return answerOf(decision);
}

export function listDenials(ctx: ServiceContext, tenant: Tenant, filter: DenialFilter, page: PageRequest): Promise<Page<Denial>> {
  return queryDenials(ctx.store.db, tenant.id, { ...filter, from: instantFilter(filter.from, 'from'), to: instantFilter(filter.to, 'to') }, page);
}
