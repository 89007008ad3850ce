import { AllotError, allModelSpecs, countsBy, dataTicks, hitPeriod, isUnlimited, kilobytesPerTick, modelSpec, notFound, tenantNow, usageOf, type License, type Tenant, type Usage, type UsageSource } from '@allot/core';
import { countedObjects, findLicense, hitDays, hitsOfYear, hitYears, liveLinkCounts, liveSessionCounts, totalKilobytes, type Db } from '@allot/storage';
import type { ServiceContext } from './context.js';

type CountedSource = Exclude<UsageSource, 'none' | 'seats'>;

/**
 * The units in use of each license at `now`, from where its model says `used` comes from: seats
 * as stored (kept under the limit guard), the rest counted fresh (live sessions, hits this year,
 * data ticks, counted objects, live active-user links).
 */
export async function usedUnits(db: Db, licenses: readonly License[], now: string, timeZone: string): Promise<Map<string, number>> {
  const tenantId = licenses[0]?.tenantId ?? '';
  const ids = (source: CountedSource) => licenses.filter((l) => modelSpec(l.model).usedFrom === source).map((l) => l.id);
  const [sessions, hits, kilobytes, objects, links] = await Promise.all([
    liveSessionCounts(db, tenantId, ids('live_sessions'), now),
    hitsOfYear(db, ids('hits_this_year'), hitPeriod(now, timeZone).year),
    totalKilobytes(db, ids('data_ticks')),
    countedObjects(db, ids('counted_objects')),
    liveLinkCounts(db, ids('live_links'), now),
  ]);
  const counted: Record<CountedSource, (id: string) => number> = {
    live_sessions: (id) => sessions.get(id) ?? 0,
    hits_this_year: (id) => hits.get(id) ?? 0,
    data_ticks: (id) => Math.floor((kilobytes.get(id) ?? 0) / kilobytesPerTick),
    counted_objects: (id) => objects.get(id) ?? 0,
    live_links: (id) => links.get(id) ?? 0,
  };
  const used = new Map<string, number>();
  for (const l of licenses) {
    const source = modelSpec(l.model).usedFrom;
    used.set(l.id, source === 'none' ? 0 : source === 'seats' ? l.used : counted[source](l.id));
  }
  return used;
}

/** Licenses with their `used` counted fresh at `now`. */
export async function withUsage(db: Db, licenses: readonly License[], now: string, timeZone: string): Promise<License[]> {
  const used = await usedUnits(db, licenses, now, timeZone);
  return licenses.map((l) => ({ ...l, used: used.get(l.id) ?? l.used }));
}

export interface LicenseUsage extends Usage {
  licenseId: string;
  model: string;
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
  const base = { licenseId: id, model: license.model, ...usageOf(license, used) };
  if (modelSpec(license.model).usedFrom === 'hits_this_year') {
    const { year } = hitPeriod(now, tenant.timeZone);
    const from = range.from ?? `${year}-01-01`;
    const to = range.to ?? `${year}-12-31`;
    if (to < from) throw new AllotError('invalid_request', 'to lies before from.', { field: 'to' });
    return { ...base, hitDays: await hitDays(db, id, from, to), hitYears: await hitYears(db, id) };
  }
  if (modelSpec(license.model).usedFrom === 'data_ticks') {
    const total = (await totalKilobytes(db, [id])).get(id) ?? 0;
    const ticks = dataTicks(total, 0, isUnlimited(license) ? null : license.quantity);
    return { ...base, totalTicks: ticks.totalTicks, carriedKilobytes: ticks.carriedKilobytes, megabytesLeft: ticks.megabytesLeft };
  }
  return base;
}

/**
 * Refuses (422 `unprocessable`) a license whose use is not counted from `source`: data reported to
 * a named license, objects registered on a hits license, …
 */
export function requireCounting(license: License, source: UsageSource): License {
  if (countsBy(license, source)) return license;
  const wanted = allModelSpecs.filter((s) => s.usedFrom === source).map((s) => s.label.toLowerCase());
  throw new AllotError('unprocessable', `License ${license.code} is a ${modelSpec(license.model).label.toLowerCase()} license; this takes a ${wanted.join(' or ')} license.`, { model: license.model });
}
