import { Temporal } from 'temporal-polyfill';
import { isUnlimited, licenseStatus, type License } from './license.js';
import { dateIn, formatInstant } from './time.js';

export const hitKinds = ['query', 'transaction'] as const;
export type HitKind = (typeof hitKinds)[number];

/** The tenant's day and year of a hit: quotas are per calendar year in the tenant's zone. */
export function hitPeriod(now: string, timeZone: string): { day: string; year: number } {
  const date = dateIn(now, timeZone);
  return { day: date.toString(), year: date.year };
}

/**
 * Hits a license has left this year: its quota less what is counted, or every hit when unlimited.
 *
 * @example
 * hitsLeft({ quantity: 10, unlimited: false }, 7) // 3
 */
export function hitsLeft(license: Pick<License, 'quantity' | 'unlimited'>, counted: number): number {
  return isUnlimited(license) ? Number.POSITIVE_INFINITY : Math.max(0, (license.quantity ?? 0) - counted);
}

/** One event of a hit batch, as far as the quota rule needs it: the licenses that may count it, in order, its hits and its idempotency key. */
export interface HitClaim {
  candidates: readonly string[];
  count: number;
  idempotencyKey?: string | undefined;
}

export type HitAdmission = { status: 'accepted'; licenseId: string } | { status: 'duplicate' | 'not_licensed' | 'quota_exhausted' };

/**
 * Walks a batch's claims in order against each license's hits left this year: a claim whose key
 * was counted before (or earlier in the batch) is a duplicate; one no license covers is not
 * licensed; otherwise it is counted by the first of its licenses with room for all of it, or
 * refused whole, so that nothing is counted past a quota (and its key stays unused). The access
 * check asks the same with a claim of one hit.
 *
 * @example
 * admitHits([{ candidates: ['l'], count: 3 }, { candidates: ['l'], count: 3 }, { candidates: ['l'], count: 1 }], new Map([['l', 4]]), new Set())
 * // [{ status: 'accepted', licenseId: 'l' }, { status: 'quota_exhausted' }, { status: 'accepted', licenseId: 'l' }]
 */
export function admitHits(claims: readonly HitClaim[], hitsLeft: ReadonlyMap<string, number>, countedKeys: ReadonlySet<string>): HitAdmission[] {
  const left = new Map(hitsLeft);
  const keys = new Set(countedKeys);
  // A batch is a thousand claims on a license or two: one answer object per outcome, shared.
  const accepted = new Map<string, HitAdmission>();
  return claims.map((claim): HitAdmission => {
    if (claim.idempotencyKey !== undefined && keys.has(claim.idempotencyKey)) return duplicate;
    if (claim.candidates.length === 0) return notLicensed;
    const licenseId = claim.candidates.find((id) => (left.get(id) ?? 0) >= claim.count);
    if (licenseId === undefined) return quotaExhausted;
    left.set(licenseId, (left.get(licenseId) ?? 0) - claim.count);
    if (claim.idempotencyKey !== undefined) keys.add(claim.idempotencyKey);
    let admission = accepted.get(licenseId);
    if (admission === undefined) accepted.set(licenseId, (admission = Object.freeze({ status: 'accepted', licenseId })));
    return admission;
  });
}

const duplicate: HitAdmission = Object.freeze({ status: 'duplicate' });
const notLicensed: HitAdmission = Object.freeze({ status: 'not_licensed' });
const quotaExhausted: HitAdmission = Object.freeze({ status: 'quota_exhausted' });

/** Decimal units of data licenses: 1 MB = 1000 KB, 1 GB = 1000 MB; one tick is one MB. */
export const kilobytesPerTick = 1000;
export const ticksPerGigabyte = 1000;

export interface DataTicks {
  /** Ticks registered by this amount. */
  ticks: number;
  totalTicks: number;
  carriedKilobytes: number;
  megabytesLeft: number;
}

/**
 * Ticks for kilobytes received, from the license's running total: each full 1000 KB is one tick,
 * the remainder is carried to the next amount (SPEC 3.5).
 *
 * @example
 * dataTicks(500, 600, 1) // { ticks: 1, totalTicks: 1, carriedKilobytes: 100, megabytesLeft: 999 }
 */
export function dataTicks(totalKilobytesBefore: number, kilobytes: number, quotaGigabytes: number | null): DataTicks {
  const after = totalKilobytesBefore + kilobytes;
  const totalTicks = Math.floor(after / kilobytesPerTick);
  const quotaTicks = quotaGigabytes === null ? Number.POSITIVE_INFINITY : quotaGigabytes * ticksPerGigabyte;
  return {
    ticks: totalTicks - Math.floor(totalKilobytesBefore / kilobytesPerTick),
    totalTicks,
    carriedKilobytes: after % kilobytesPerTick,
    megabytesLeft: quotaGigabytes === null ? -1 : Math.max(0, quotaTicks - totalTicks),
  };
}

/**
 * When an active-user link runs out: `retentionDays` calendar days (tenant zone) after the last
 * access. Each access starts the period again.
 */
export function linkExpiresAt(lastAccess: string, retentionDays: number, timeZone: string): string {
  return formatInstant(Temporal.Instant.from(lastAccess).toZonedDateTimeISO(timeZone).add({ days: retentionDays }).toInstant());
}

/** Calendar days left of a link at `now` in the tenant's zone, a started day counting whole; 0 once run out. */
export function daysLeft(expiresAt: string, now: string, timeZone: string): number {
  const from = Temporal.Instant.from(now).toZonedDateTimeISO(timeZone);
  const to = Temporal.Instant.from(expiresAt).toZonedDateTimeISO(timeZone);
  if (Temporal.ZonedDateTime.compare(to, from) <= 0) return 0;
  return Math.ceil(from.until(to, { largestUnit: 'days' }).total({ unit: 'days', relativeTo: from }));
}

/** Whether an object of a volume license counts: every status counts unless some are named. */
export function objectCounts(status: string, countedStatuses: readonly string[] | null): boolean {
  return countedStatuses === null || countedStatuses.includes(status);
}

/**
 * Whether a license takes new usage at `now` (data reported, volume objects registered or moved):
 * a suspended or expired license refuses with its status as the code, as an access check would;
 * null when it takes it. Removing usage (deleting an object) is never refused.
 *
 * @example
 * usageRefusal({ suspended: true, validUntil: null }, '2024-06-01T00:00:00.000Z') // 'suspended'
 */
export function usageRefusal(license: Pick<License, 'suspended' | 'validUntil'>, now: string): 'suspended' | 'expired' | null {
  const status = licenseStatus(license, now);
  return status === 'active' ? null : status;
}
