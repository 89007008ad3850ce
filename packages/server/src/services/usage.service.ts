import { AllotError, dataTicks, hitPeriod, isUnlimited, notFound, tenantNow, type License, type Tenant } from '@allot/core';
import { countedObjects, findLicense, hitDays, hitsOfYear, hitYears, liveLinkCounts, liveSessionCounts, totalKilobytes, type Db } from '@allot/storage';
import type { ServiceContext } from './context.js';

/**
 * The units in use of each license at `now`: seats as stored; for the other models counted fresh
 * (live sessions, hits this year, data ticks, counted objects, live active-user links).
 */
export async function usedUnits(db: Db, licenses: readonly License[], now: string, timeZone: string): Promise<Map<string, number>> {
  const tenantId = licenses[0]?.tenantId ?? '';
  const ids = (model: License['model']) => licenses.filter((l) => l.model === model).map((l) => l.id);
  const [sessions, hits, kilobytes, objects, links] = await Promise.all([
    liveSessionCounts(db, tenantId, ids('concurrent'), now),
    hitsOfYear(db, ids('hits'), hitPeriod(now, timeZone).year),
    totalKilobytes(db, ids('data')),
    countedObjects(db, ids('volume')),
    liveLinkCounts(db, ids('active_user'), now),
  ]);
  const used = new Map<string, number>();
  for (const l of licenses) {
    const fresh: Record<License['model'], number> = {
      named: l.used,
      solution: l.used,
      server: 0,
      concurrent: sessions.get(l.id) ?? 0,
      hits: hits.get(l.id) ?? 0,
      data: Math.floor((kilobytes.get(l.id) ?? 0) / 1000),
      volume: objects.get(l.id) ?? 0,
      active_user: links.get(l.id) ?? 0,
    };
    used.set(l.id, fresh[l.model]);
  }
  return used;
}

/** Licenses with their `used` counted fresh at `now`. */
export async function withUsage(db: Db, licenses: readonly License[], now: string, timeZone: string): Promise<License[]> {
  const used = await usedUnits(db, licenses, now, timeZone);
  return licenses.map((l) => ({ ...l, used: used.get(l.id) ?? l.used }));
}

export interface LicenseUsage {
  licenseId: string;
  model: string;
  quantity: number | null;
  used: number;
  hitDays?: { day: string; hits: number }[];
  hitYears?: { year: number; hits: number }[];
  totalTicks?: number;
  carriedKilobytes?: number;
  megabytesLeft?: number;
}

/** A license's usage: hits per day (of a range, default this year) and per year, or data ticks, or the count in use. */
export async function licenseUsage(ctx: ServiceContext, tenant: Tenant, id: string, range: { from?: string | undefined; to?: string | undefined }): Promise<LicenseUsage> {
  const db = ctx.store.db;
  const now = tenantNow(tenant, ctx.clock.now());
  const license = await findLicense(db, tenant.id, id);
  if (license === null) throw notFound('license', id);
  const used = (await usedUnits(db, [license], now, tenant.timeZone)).get(id) ?? 0;
  const base = { licenseId: id, model: license.model, quantity: license.quantity, used };
  if (license.model === 'hits') {
    const { year } = hitPeriod(now, tenant.timeZone);
    const from = range.from ?? `${year}-01-01`;
    const to = range.to ?? `${year}-12-31`;
    if (to < from) throw new AllotError('invalid_request', 'to lies before from.', { field: 'to' });
    return { ...base, hitDays: await hitDays(db, id, from, to), hitYears: await hitYears(db, id) };
  }
  if (license.model === 'data') {
    const total = (await totalKilobytes(db, [id])).get(id) ?? 0;
    const ticks = dataTicks(total, 0, isUnlimited(license) ? null : license.quantity);
    return { ...base, totalTicks: ticks.totalTicks, carriedKilobytes: ticks.carriedKilobytes, megabytesLeft: ticks.megabytesLeft };
  }
  return base;
}
