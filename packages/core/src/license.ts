import { Temporal } from 'temporal-polyfill';
import { modelSpec, type LicenseModel } from './license-model.js';
import { formatInstant } from './time.js';

export const licenseStatuses = ['active', 'suspended', 'expired'] as const;
export type LicenseStatus = (typeof licenseStatuses)[number];

export const licenseSources = ['manual', 'license_file', 'upgrade', 'purchase'] as const;
export type LicenseSource = (typeof licenseSources)[number];

export type HitBundle = 'query' | 'transaction';

/** The largest quantity a license holds (a 32-bit column on every database, with room to spare). */
export const licenseQuantityMaximum = 2_000_000_000;

/** One grant to one tenant, as stored. `status` here is what an admin set: active or suspended. */
export interface License {
  id: string;
  tenantId: string;
  code: string;
  name: string;
  model: LicenseModel;
  /** Null for solution licenses. */
  product: string | null;
  /** Module codes within the product; null means every module of it. */
  modules: string[] | null;
  /** Solution code for `solution` licenses. */
  solution: string | null;
  /** Seats, sessions, hits… per model; null when unlimited. */
  quantity: number | null;
  unlimited: boolean;
  validFrom: string;
  validUntil: string | null;
  suspended: boolean;
  package: string | null;
  thresholdPercent: number | null;
  thresholdReached: boolean;
  source: LicenseSource;
  /** For `named` licenses: the user role these slots are for (Lucanet). */
  role: string | null;
  /** For `concurrent` licenses: seconds a session lives without a heartbeat. */
  heartbeatSeconds: number | null;
  /** For `concurrent` licenses: days ahead a live session may be borrowed for; 0 allows none. */
  maxBorrowDays: number | null;
  /** For `hits` licenses per bundle: `query` or `transaction`; null counts every hit on the modules. */
  bundle: HitBundle | null;
  /** For `active_user` licenses: days a link lasts after the user's last access. */
  retentionDays: number | null;
  /** For `volume` licenses: the kind of business object counted, and the statuses that count (null: all). */
  objectKind: string | null;
  countedStatuses: string[] | null;
  /** Seats (or units) in use, kept by the database under the limit guard. */
  used: number;
  createdAt: string;
  updatedAt: string;
}

/** True when the license has no limit to enforce. */
export function isUnlimited(license: Pick<License, 'unlimited' | 'quantity'>): boolean {
  return license.unlimited || license.quantity === null;
}

/**
 * Whether a quantity means "unlimited": for slots of people (seats, sessions, active users) 100000
 * or more is ∞, as Lucanet shows it; a quota of hits, gigabytes or objects is always enforced.
 */
export function quantityIsUnlimited(model: LicenseModel, quantity: number): boolean {
  const from = modelSpec(model).unlimitedFrom;
  return from !== null && quantity >= from;
}

/**
 * The status a license has at `now`: suspended by an admin, expired once `validUntil` has passed,
 * else active. A license whose `validFrom` lies ahead is active but not yet `inForce`.
 *
 * @example
 * licenseStatus({ suspended: false, validUntil: '2025-01-01T00:00:00.000Z' }, '2025-01-01T00:00:00.000Z') // 'expired'
 */
export function licenseStatus(license: Pick<License, 'suspended' | 'validUntil'>, now: string): LicenseStatus {
  if (license.suspended) return 'suspended';
  if (license.validUntil !== null && now >= license.validUntil) return 'expired';
  return 'active';
}

/** True when the license grants use at `now`: active and already valid. */
export function inForce(license: Pick<License, 'suspended' | 'validUntil' | 'validFrom'>, now: string): boolean {
  return licenseStatus(license, now) === 'active' && now >= license.validFrom;
}

export interface Usage {
  quantity: number | null;
  used: number;
  available: number | null;
  /** Per cent of the quantity in use, one decimal; 0 for unlimited licenses. */
  percentUsed: number;
  thresholdReached: boolean;
}

/**
 * The usage figures every list and overview shows, `used` and `available` in the model's units of
 * use (a data quota is in GB, its use and what is left in MB).
 *
 * @example
 * usageOf({ model: 'named', quantity: 10, unlimited: false, thresholdPercent: 80 }, 8) // { quantity: 10, used: 8, available: 2, percentUsed: 80, thresholdReached: true }
 * usageOf({ model: 'data', quantity: 2, unlimited: false, thresholdPercent: null }, 500) // { quantity: 2, used: 500, available: 1500, percentUsed: 25, thresholdReached: false }
 */
export function usageOf(license: Pick<License, 'model' | 'quantity' | 'unlimited' | 'thresholdPercent'>, used: number): Usage {
  if (isUnlimited(license)) {
    return { quantity: license.quantity, used, available: null, percentUsed: 0, thresholdReached: false };
  }
  const quantity = license.quantity ?? 0;
  const capacity = quantity * modelSpec(license.model).usedPerQuantity;
  const percentUsed = capacity === 0 ? (used > 0 ? 100 : 0) : Math.round((used / capacity) * 1000) / 10;
  const thresholdReached = license.thresholdPercent !== null && percentUsed >= license.thresholdPercent;
  return { quantity, used, available: Math.max(0, capacity - used), percentUsed, thresholdReached };
}

/**
 * The least `used` at which `usageOf` reports the threshold reached: null when it never is (no
 * threshold, or unlimited). Usage only grows with `used`, so a count below it leaves the threshold
 * off.
 *
 * @example
 * thresholdCount({ model: 'concurrent', quantity: 10, unlimited: false, thresholdPercent: 80 }) // 8
 */
export function thresholdCount(license: Pick<License, 'model' | 'quantity' | 'unlimited' | 'thresholdPercent'>): number | null {
  const reached = (used: number) => usageOf(license, used).thresholdReached;
  if (license.thresholdPercent === null || isUnlimited(license)) return null;
  let high = 1;
  while (!reached(high)) {
    if (high >= Number.MAX_SAFE_INTEGER / 2) return null;
    high *= 2;
  }
  let low = 0;
  // reached(high) holds and reached(low) may not: narrow to the least count that reaches it.
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (reached(middle)) high = middle;
    else low = middle + 1;
  }
  return high;
}

/** How many more seats fit: null when unlimited. */
export function seatsFree(license: Pick<License, 'quantity' | 'unlimited'>, used: number): number | null {
  return isUnlimited(license) ? null : Math.max(0, (license.quantity ?? 0) - used);
}

/**
 * A validity bound given as an instant or as a calendar date. A date means the start of that day in
 * the tenant's zone for `validFrom`, and the end of it (the next day's start) for `validUntil`.
 * Null when the text is neither.
 *
 * @example
 * validityBound('2025-01-30', 'until', 'Europe/Berlin') // '2025-01-30T23:00:00.000Z'
 */
export function validityBound(text: string, bound: 'from' | 'until', timeZone: string): string | null {
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      const date = Temporal.PlainDate.from(text);
      const day = bound === 'from' ? date : date.add({ days: 1 });
      return formatInstant(day.toZonedDateTime({ timeZone }).toInstant());
    }
    return formatInstant(Temporal.Instant.from(text));
  } catch {
    return null;
  }
}
