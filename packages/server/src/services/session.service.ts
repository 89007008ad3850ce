import {
  AllotError,
  admitToModule,
  dateIn,
  defaultHeartbeatSeconds,
  graceActive,
  notFound,
  parseModuleRef,
  sessionExpiresAt,
  tenantNow,
  type ModuleAdmission,
  type Page,
  type SessionEndReason,
  type Tenant,
} from '@allot/core';
import {
  closeTimedOutSessions,
  endSession,
  findDayCode,
  findSession,
  findUser,
  graceOfLicenses,
  insertDayCodeUse,
  insertDenial,
  insertExcessUse,
  insertSession,
  licenseHolders,
  licensesCoveringModule,
  listSessions as querySessions,
  liveSessionCounts,
  newId,
  resolveModuleRefs,
  touchSession,
  type DayCode,
  type Db,
  type Holder,
  type PageRequest,
  type Session,
  type SessionFilter,
  type SessionModule,
} from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';
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
    await lockTenantLicensing(trx, tenant.id);
    if ((await findUser(trx, tenant.id, input.userId)) === null) throw new AllotError('unknown_user', `No user with id ${input.userId} in this tenant.`, { userIds: [input.userId] });
    const known = await resolveModuleRefs(trx, modules.filter((m) => parseModuleRef(m) !== null));
    const unknown = modules.filter((m) => !known.has(m));
    if (unknown.length > 0) throw new AllotError('unknown_module', `The catalog has no module ${unknown.join(', ')}.`, { modules: unknown });
    if (tenant.status === 'demo') throw new AllotError('demo_mode', 'The tenant is in demo mode: it holds no licenses.');
    const dayCode = input.dayCode === undefined ? null : await validDayCode(trx, tenant, input.dayCode, modules, now);

    const held: (SessionModule & { admission: ModuleAdmission | null })[] = [];
    for (const module of modules) {
      if (dayCode !== null && dayCode.module === module) {
        held.push({ module, licenseId: null, excess: false, dayCodeId: dayCode.id, admission: null });
        continue;
      }
      const ref = parseModuleRef(module);
      const covering = ref === null ? [] : (await licensesCoveringModule(trx, tenant.id, ref.product, ref.module)).filter((l) => l.model === 'concurrent');
      const ids = covering.map((l) => l.id);
      const [counts, graces] = await Promise.all([liveSessionCounts(trx, tenant.id, ids, now), graceOfLicenses(trx, ids)]);
      const admission = admitToModule(
        covering.map((license) => ({ license, liveSessions: counts.get(license.id) ?? 0, inGrace: graces.some((g) => g.licenseId === license.id && graceActive(g, now)) })),
        now,
      );
      if (!admission.admitted) {
        const holders = admission.code === 'concurrency_limit' ? await licenseHolders(trx, admission.licenseId, now) : [];
        // A refusal is recorded, and nothing else of the request is.
        await insertDenial(trx, { id: newId('den'), tenantId: tenant.id, userId: input.userId, module, code: admission.code, licenseId: admission.licenseId, at: now });
        return { refusal: { module, admission, holders } };
      }
      held.push({ module, licenseId: admission.licenseId, excess: admission.code === 'grace_excess', dayCodeId: null, admission });
    }

    const heartbeats = await heartbeatOf(trx, tenant.id, held.map((h) => h.licenseId));
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
      modules: held.map(({ admission: _admission, ...m }) => m),
    };
    await insertSession(trx, session);
    for (const h of held) {
      if (h.admission?.code === 'grace_excess') {
        const license = h.admission;
        await insertExcessUse(trx, {
          id: newId('exc'),
          tenantId: tenant.id,
          licenseId: license.licenseId,
          licenseCode: (await licenseCode(trx, tenant.id, license.licenseId)) ?? '',
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

async function licenseCode(trx: Db, tenantId: string, licenseId: string): Promise<string | null> {
  const row = await trx.selectFrom('licenses').select('code').where('tenant_id', '=', tenantId).where('id', '=', licenseId).executeTakeFirst();
  return row?.code ?? null;
}

/** The shortest heartbeat of the licenses a session holds: it must satisfy each of them. */
async function heartbeatOf(trx: Db, tenantId: string, licenseIds: readonly (string | null)[]): Promise<number> {
  const ids = licenseIds.filter((id): id is string => id !== null);
  if (ids.length === 0) return defaultHeartbeatSeconds;
  const rows = await trx.selectFrom('licenses').select('heartbeat_seconds').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return Math.min(...rows.map((r) => Number(r.heartbeat_seconds ?? defaultHeartbeatSeconds)));
}

async function liveSession(ctx: ServiceContext, tenant: Tenant, id: string, now: string): Promise<Session> {
  const session = await findSession(ctx.store.db, tenant.id, id);
  if (session === null) throw notFound('session', id);
  if (session.endedAt === null && now >= session.expiresAt) {
    // Overdue: it stopped counting at its expiry; close it now rather than waiting for the job.
    await endSession(ctx.store.db, tenant.id, id, session.expiresAt, 'timeout');
    throw new AllotError('session_ended', `Session ${id} timed out at ${session.expiresAt}.`, { endReason: 'timeout', endedAt: session.expiresAt });
  }
  if (session.endedAt !== null) {
    throw new AllotError('session_ended', `Session ${id} ended at ${session.endedAt} (${session.endReason}).`, { endReason: session.endReason, endedAt: session.endedAt });
  }
  return session;
}

/** Keeps a session alive for another heartbeat period. */
export async function heartbeat(ctx: ServiceContext, tenant: Tenant, id: string): Promise<Session> {
  const now = tenantNow(tenant, ctx.clock.now());
  const session = await liveSession(ctx, tenant, id, now);
  const expiresAt = sessionExpiresAt(now, session.heartbeatSeconds);
  if (!(await touchSession(ctx.store.db, tenant.id, id, now, expiresAt))) {
    throw new AllotError('session_ended', `Session ${id} has ended.`);
  }
  return { ...session, lastSeenAt: now, expiresAt };
}

/** Ends a session: `logout` by its application, `admin` by an administrator. */
export async function finishSession(ctx: ServiceContext, tenant: Tenant, id: string, reason: Exclude<SessionEndReason, 'timeout'>): Promise<Session> {
  const now = tenantNow(tenant, ctx.clock.now());
  const session = await liveSession(ctx, tenant, id, now);
  if (!(await endSession(ctx.store.db, tenant.id, id, now, reason))) throw new AllotError('session_ended', `Session ${id} has ended.`);
  return { ...session, endedAt: now, endReason: reason };
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
  const [holders, graces] = await Promise.all([licenseHolders(db, licenseId, now), graceOfLicenses(db, [licenseId])]);
  return { licenseId, quantity: row.quantity === null ? null : Number(row.quantity), live: holders.length, inGrace: graces.some((g) => graceActive(g, now)), holders };
}
