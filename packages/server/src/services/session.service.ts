import {
  AllotError,
  admitToModule,
  dateIn,
  defaultHeartbeatSeconds,
  graceActive,
  notFound,
  sessionExpiresAt,
  sessionLive,
  tenantNow,
  type ModuleAdmission,
  type Page,
  type SessionEndReason,
  type License,
  type Tenant,
} from '@allot/core';
import {
  closeTimedOutSessions,
  endLiveSession,
  endSession,
  findDayCode,
  findSession,
  graceOfLicenses,
  insertDayCodeUse,
  insertDenial,
  insertExcessUse,
  insertSession,
  licenseHolders,
  listSessions as querySessions,
  liveSessionCounts,
  newId,
  touchSession,
  type DayCode,
  type Db,
  type Holder,
  type PageRequest,
  type Session,
  type SessionFilter,
  type SessionModule,
} from '@allot/storage';
import { accessFactsOf } from './access-facts.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { StoredAccessFacts } from './lookup-cache.js';
import { lockTenantLicensing } from './seats.js';

export interface OpenSession {
  userId: string;
  modules: string[];
  dayCode?: string | undefined;
}

interface Refusal {
  module: string;
  admission: Exclude<ModuleAdmission, { admitted: true }>;
  holders: Holder[];
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
 * Opens a session that holds one license of each module, all or none. Runs under the tenant's
 * licensing lock, so that the count of live sessions and the new session are one step on every node.
 */
export async function openSession(ctx: ServiceContext, tenant: Tenant, input: OpenSession): Promise<Session> {
  const now = tenantNow(tenant, ctx.clock.now());
  const modules = [...new Set(input.modules)];
  const outcome = await inTransaction(ctx, async (trx): Promise<{ session: Session } | { refusal: Refusal }> => {
    await lockTenantLicensing(ctx, trx, tenant.id);
    const facts: StoredAccessFacts[] = [];
    for (const module of modules) facts.push(await accessFactsOf(ctx, trx, tenant.id, input.userId, module));
    if (!facts.every((f) => f.userKnown)) throw new AllotError('unknown_user', `No user with id ${input.userId} in this tenant.`, { userIds: [input.userId] });
    const unknown = modules.filter((_, i) => !facts[i]?.moduleKnown);
    if (unknown.length > 0) throw new AllotError('unknown_module', `The catalog has no module ${unknown.join(', ')}.`, { modules: unknown });
    if (tenant.status === 'demo') throw new AllotError('demo_mode', 'The tenant is in demo mode: it holds no licenses.');
    const dayCode = input.dayCode === undefined ? null : await validDayCode(trx, tenant, input.dayCode, modules, now);
    const counts = await liveSessionCounts(trx, tenant.id, facts.flatMap((f) => f.concurrentLicenses.map((l) => l.id)), now);

    const held: (SessionModule & { admission: ModuleAdmission | null; license: License | null })[] = [];
    for (const [i, module] of modules.entries()) {
      if (dayCode !== null && dayCode.module === module) {
        held.push({ module, licenseId: null, excess: false, dayCodeId: dayCode.id, admission: null, license: null });
        continue;
      }
      const { concurrentLicenses, graces } = facts[i] as StoredAccessFacts;
      const admission = admitToModule(
        concurrentLicenses.map((license) => ({ license, liveSessions: counts.get(license.id) ?? 0, inGrace: graces.some((g) => g.licenseId === license.id && graceActive(g, now)) })),
        now,
      );
      if (!admission.admitted) {
        const holders = admission.code === 'concurrency_limit' ? await licenseHolders(trx, tenant.id, admission.licenseId, now) : [];
        // A refusal is recorded, and nothing else of the request is.
        await insertDenial(trx, { id: newId('den'), tenantId: tenant.id, userId: input.userId, module, code: admission.code, licenseId: admission.licenseId, at: now });
        return { refusal: { module, admission, holders } };
      }
      const license = concurrentLicenses.find((l) => l.id === admission.licenseId) ?? null;
      held.push({ module, licenseId: admission.licenseId, excess: admission.code === 'grace_excess', dayCodeId: null, admission, license });
    }

    // The shortest heartbeat of the licenses held: the session must satisfy each of them.
    const heartbeats = Math.min(...held.map((h) => h.license?.heartbeatSeconds ?? defaultHeartbeatSeconds));
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
      modules: held.map((h) => ({ module: h.module, licenseId: h.licenseId, excess: h.excess, dayCodeId: h.dayCodeId })),
    };
    await insertSession(trx, session);
    for (const h of held) {
      if (h.admission?.code === 'grace_excess') {
        const license = h.admission;
        await insertExcessUse(trx, {
          id: newId('exc'),
          tenantId: tenant.id,
          licenseId: license.licenseId,
          licenseCode: h.license?.code ?? '',
          userId: input.userId,
          module: h.module,
          sessionId: session.id,
          excessUsers: license.excessUsers,
          licensedMaximum: license.licensedMaximum,
          at: now,
        });
      }
      if (h.dayCodeId !== null) {
        await insertDayCodeUse(trx, { id: newId('dcu'), tenantId: tenant.id, dayCodeId: h.dayCodeId, sessionId: session.id, userId: input.userId, module: h.module, at: now });
      }
    }
    return { session };
  });
  if ('session' in outcome) return outcome.session;
  const { module, admission, holders } = outcome.refusal;
  const reasons: Record<typeof admission.code, string> = {
    concurrency_limit: `Every license of ${module} is in use.`,
    not_licensed: `The tenant has no license for ${module}.`,
    expired: `The license for ${module} has expired.`,
    suspended: `The license for ${module} is suspended.`,
  };
  throw new AllotError(admission.code, reasons[admission.code], { module, licenseId: admission.licenseId, holders });
}

/**
 * Why a session could not be kept or ended: it is unknown (404), or it has ended (410). An overdue
 * session stopped counting at its expiry; it is closed now rather than waiting for the job.
 */
async function notLive(ctx: ServiceContext, tenant: Tenant, id: string, now: string): Promise<AllotError> {
  const session = await findSession(ctx.store.db, tenant.id, id);
  if (session === null) return notFound('session', id);
  if (session.endedAt === null && now >= session.expiresAt) {
    await endSession(ctx.store.db, tenant.id, id, session.expiresAt, 'timeout');
    return new AllotError('session_ended', `Session ${id} timed out at ${session.expiresAt}.`, { endReason: 'timeout', endedAt: session.expiresAt });
  }
  return new AllotError('session_ended', `Session ${id} ended at ${session.endedAt} (${session.endReason}).`, { endReason: session.endReason, endedAt: session.endedAt });
}

/** Keeps a session alive for another heartbeat period. */
export async function heartbeat(ctx: ServiceContext, tenant: Tenant, id: string): Promise<Session> {
  const now = tenantNow(tenant, ctx.clock.now());
  const session = await findSession(ctx.store.db, tenant.id, id);
  if (session === null || !sessionLive(session, now)) throw await notLive(ctx, tenant, id, now);
  const expiresAt = sessionExpiresAt(now, session.heartbeatSeconds);
  if (!(await touchSession(ctx.store.db, tenant.id, id, now, expiresAt))) throw await notLive(ctx, tenant, id, now);
  return { ...session, lastSeenAt: now, expiresAt };
}

/** Ends a session: `logout` by its application, `admin` by an administrator. */
export async function finishSession(ctx: ServiceContext, tenant: Tenant, id: string, reason: Exclude<SessionEndReason, 'timeout'>): Promise<Session> {
  const now = tenantNow(tenant, ctx.clock.now());
  const ended = await endLiveSession(ctx.store.db, tenant.id, id, now, reason);
  if (ended === null) throw await notLive(ctx, tenant, id, now);
  return ended;
}

/** One session of the tenant, live or ended. */
export async function getSession(ctx: ServiceContext, tenant: Tenant, id: string): Promise<Session> {
  const session = await findSession(ctx.store.db, tenant.id, id);
  if (session === null) throw notFound('session', id);
  return session;
}

export function listSessions(ctx: ServiceContext, tenant: Tenant, filter: SessionFilter, page: PageRequest): Promise<Page<Session>> {
  return querySessions(ctx.store.db, tenant.id, filter, tenantNow(tenant, ctx.clock.now()), page);
}

/** The session job's work for one tenant: close every session whose heartbeat is overdue. */
export function closeOverdueSessions(db: Db, tenant: Tenant, now: string): Promise<number> {
  return closeTimedOutSessions(db, tenant.id, now);
}

export interface ConcurrentUsage {
  licenseId: string;
  quantity: number | null;
  live: number;
  inGrace: boolean;
  holders: Holder[];
}

/** Who holds a concurrent license now, since when and last seen (Planon's license usage). */
export async function concurrentUsage(ctx: ServiceContext, tenant: Tenant, licenseId: string): Promise<ConcurrentUsage> {
  const now = tenantNow(tenant, ctx.clock.now());
  const db = ctx.store.db;
  const row = await db.selectFrom('licenses').select(['id', 'model', 'quantity']).where('tenant_id', '=', tenant.id).where('id', '=', licenseId).executeTakeFirst();
  if (row === undefined) throw notFound('license', licenseId);
  if (row.model !== 'concurrent') throw new AllotError('unprocessable', 'Session usage is kept for concurrent licenses.', { model: row.model });
  const [holders, graces] = await Promise.all([licenseHolders(db, tenant.id, licenseId, now), graceOfLicenses(db, [licenseId])]);
  return { licenseId, quantity: row.quantity === null ? null : Number(row.quantity), live: holders.length, inGrace: graces.some((g) => graceActive(g, now)), holders };
}
