import { decideAccess, graceActive, type AccessFacts, hitPeriod, inForce, instantFilter, isUnlimited, type License, tenantNow, type AccessDecision, type Page, type Tenant } from '@allot/core';
import {
  hitsOfYear,
  insertExcessUse,
  liveDayCodeSession,
  liveSessionCounts,
  insertDenial,
  listDenials as queryDenials,
  newId,
  type Denial,
  type DenialFilter,
  type Db,
  type PageRequest,
} from '@allot/storage';
import { useActiveUserLicense } from './active-user.service.js';
import type { ServiceContext } from './context.js';
import { accessFactsOf } from './access-facts.js';

/** Whether a hit license covering the module has hits left this year. */
async function hitQuota(db: Db, covering: readonly License[], now: string, timeZone: string): Promise<{ left: boolean; licenseId: string | null } | null> {
  const hits = covering.filter((l) => l.model === 'hits' && inForce(l, now));
  if (hits.length === 0) return null;
  const counted = await hitsOfYear(db, hits.map((l) => l.id), hitPeriod(now, timeZone).year);
  const withRoom = hits.find((l) => isUnlimited(l) || (counted.get(l.id) ?? 0) < (l.quantity ?? 0));
  return { left: withRoom !== undefined, licenseId: (withRoom ?? hits[0])?.id ?? null };
}

/**
 * The access check every licensed application makes: loads the facts at the tenant's `now`, lets
 * the rule in `core` decide, and writes every denial to the denied-access log (and use admitted by a
 * grace period to the excess-usage log).
 */
export async function checkAccess(ctx: ServiceContext, tenant: Tenant, input: { userId: string; module: string }): Promise<AccessDecision> {
  const now = tenantNow(tenant, ctx.clock.now());
  const db = ctx.store.db;
  const stored = await accessFactsOf(ctx, db, tenant.id, input.userId, input.module);
  const { concurrentLicenses, graces } = stored;
  // Named fields, not a rest pattern: this runs on every access check, and rest copies are slow.
  const base: AccessFacts = {
    userKnown: stored.userKnown,
    moduleKnown: stored.moduleKnown,
    certifiedProfessional: stored.certifiedProfessional,
    licenses: stored.licenses,
    demoMode: tenant.status === 'demo',
    now,
    concurrent: [],
    dayCodeSession: false,
    activeUser: null,
    hitQuota: null,
  };
  let decision = decideAccess(base);
  // Sessions, links and hit counts change with time or use: they are read fresh, and only when
  // seats did not decide.
  if (!decision.allowed && stored.userKnown && stored.moduleKnown && base.demoMode === false) {
    const dayCodeSession = (await liveDayCodeSession(db, tenant.id, input.userId, input.module, now)) !== null;
    const pool = stored.licenses.map((c) => c.license).filter((l) => l.model === 'active_user');
    const activeUser = dayCodeSession || pool.length === 0 ? null : await useActiveUserLicense(ctx, tenant, input.userId, pool, now);
    const counts = await liveSessionCounts(db, tenant.id, concurrentLicenses.map((l) => l.id), now);
    const concurrent = concurrentLicenses.map((license) => ({
      license,
      liveSessions: counts.get(license.id) ?? 0,
      inGrace: graces.some((g) => g.licenseId === license.id && graceActive(g, now)),
    }));
    decision = decideAccess({ ...base, concurrent, dayCodeSession, activeUser, hitQuota: await hitQuota(db, stored.licenses.map((c) => c.license), now, tenant.timeZone) });
    if (decision.code === 'grace_excess') {
      const seat = concurrent.find((c) => c.license.id === decision.licenseId);
      await insertExcessUse(db, {
        id: newId('exc'),
        tenantId: tenant.id,
        licenseId: decision.licenseId,
        licenseCode: seat?.license.code ?? '',
        userId: input.userId,
        module: input.module,
        sessionId: null,
        excessUsers: (seat?.liveSessions ?? 0) + 1 - (seat?.license.quantity ?? 0),
        licensedMaximum: seat?.license.quantity ?? 0,
        at: now,
      });
    }
  }
  if (!decision.allowed) {
    await insertDenial(db, { id: newId('den'), tenantId: tenant.id, userId: input.userId, module: input.module, code: decision.code, licenseId: decision.licenseId, at: now });
  }
  return decision;
}

export function listDenials(ctx: ServiceContext, tenant: Tenant, filter: DenialFilter, page: PageRequest): Promise<Page<Denial>> {
  return queryDenials(ctx.store.db, tenant.id, { ...filter, from: instantFilter(filter.from, 'from'), to: instantFilter(filter.to, 'to') }, page);
}
