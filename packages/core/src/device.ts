import { Temporal } from 'temporal-polyfill';
import { dateIn } from './time.js';

/** Terms a device license key may carry: 1, 3 or 5 years, in days. */
export const deviceTerms = [365, 1095, 1825] as const;
export type DeviceTerm = (typeof deviceTerms)[number];

/**
 * The end of a device's cumulative license after adding `termDays`: from the end of the license it
 * runs (stacking), or from the assignment date when it runs none. Calendar dates in the tenant zone.
 *
 * @example
 * deviceValidUntil(null, '2024-01-31', 365) // '2025-01-30'
 */
export function deviceValidUntil(runningUntil: string | null, assignedOn: string, termDays: number): string {
  const start = runningUntil !== null && runningUntil >= assignedOn ? Temporal.PlainDate.from(runningUntil) : Temporal.PlainDate.from(assignedOn);
  return start.add({ days: termDays }).toString();
}

/**
 * The days a detached cumulative license brings back to the pool (LANCOM's rule): the day of
 * detaching counts as used, the moment is rounded up to 00:00 of the next day, and one more day is
 * deducted — `daysBetween(detachDate, validUntil) − 3`; never below 0.
 *
 * @example
 * remainingDaysOnDetach('2024-03-06', '2025-01-30') // 327
 */
export function remainingDaysOnDetach(detachedOn: string, validUntil: string): number {
  const days = Temporal.PlainDate.from(detachedOn).until(Temporal.PlainDate.from(validUntil), { largestUnit: 'days' }).days;
  return Math.max(0, days - 3);
}

/** Whether a device's license covers the tenant's day of `now` (valid through its end date). */
export function deviceLicensed(validUntil: string | null, now: string, timeZone: string): boolean {
  return validUntil !== null && dateIn(now, timeZone).toString() <= validUntil;
}

/** How a device's license column is coloured: no license, running, running out soon, or run out. */
export const deviceExpiryLevels = ['none', 'valid', 'expiring', 'expired'] as const;
export type DeviceExpiry = (typeof deviceExpiryLevels)[number];

/** A license with this many days left or fewer is running out (as the 30-day `license.expiring` mark). */
export const deviceExpiryWarningDays = 30;

/**
 * The days from the tenant's today to the last day of a device's cumulative license: a license just
 * assigned for 365 days has 365, its last day 0, and one that has run out a negative number; null
 * without a license. Calendar days of the tenant's zone, as the detach rule counts them.
 *
 * @example
 * deviceDaysLeft('2025-01-30', '2024-01-31T10:00:00Z', 'Europe/Berlin') // 365
 * deviceDaysLeft('2025-01-30', '2025-01-30T23:30:00Z', 'Europe/Berlin') // -1 (already 31 Jan in Berlin)
 */
export function deviceDaysLeft(validUntil: string | null, now: string, timeZone: string): number | null {
  if (validUntil === null) return null;
  return dateIn(now, timeZone).until(Temporal.PlainDate.from(validUntil), { largestUnit: 'days' }).days;
}

/**
 * The colour of a device's days left: `expiring` at `deviceExpiryWarningDays` or fewer (the last day
 * included), `expired` once the last day has passed.
 *
 * @example
 * deviceExpiry(31) // 'valid'
 * deviceExpiry(30) // 'expiring'
 * deviceExpiry(-1) // 'expired'
 */
export function deviceExpiry(daysLeft: number | null): DeviceExpiry {
  if (daysLeft === null) return 'none';
  if (daysLeft < 0) return 'expired';
  return daysLeft <= deviceExpiryWarningDays ? 'expiring' : 'valid';
}

/**
 * The last day a license may end on and still be `expiring` seen from `today`: licenses ending from
 * today through this day are running out (for counting them in the database).
 *
 * @example
 * deviceExpiringThrough('2024-03-06') // '2024-04-05'
 */
export function deviceExpiringThrough(today: string): string {
  return Temporal.PlainDate.from(today).add({ days: deviceExpiryWarningDays }).toString();
}

/** A registered key as its License keys row reads: its licenses still count, or have all run out. */
export const licenseKeyStates = ['active', 'expired'] as const;
export type LicenseKeyState = (typeof licenseKeyStates)[number];

/**
 * Whether a registered key's licenses still count: `active` while one of them is in the pool or
 * runs on a device, `expired` when none does (each ran out on its device, or its time went into a
 * detached remainder, which is listed by itself).
 *
 * @example
 * licenseKeyState({ available: 0, running: 1 }) // 'active'
 */
export function licenseKeyState(key: { available: number; running: number }): LicenseKeyState {
  return key.available + key.running > 0 ? 'active' : 'expired';
}

const keyAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `XXXXX-XXXXX-XXXXX-XXXXX-CCCCC`: four random groups and a check group, so a typo is caught. */
export const licenseKeyPattern = /^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){4}$/;

/** The check group of a key's random part (a simple position-weighted sum: it catches typos, not forgers). */
export function licenseKeyCheck(body: string): string {
  let check = '';
  for (let round = 0; round < 5; round++) {
    let sum = round + 7;
    for (let i = 0; i < body.length; i++) sum = (sum * 31 + body.charCodeAt(i) * (i + round + 1)) % 1_000_003;
    check += keyAlphabet[sum % keyAlphabet.length];
  }
  return check;
}

/** Whether the text is a well-formed license key (right shape and check group). */
export function wellFormedLicenseKey(key: string): boolean {
  if (!licenseKeyPattern.test(key)) return false;
  const groups = key.split('-');
  return licenseKeyCheck(groups.slice(0, 4).join('')) === groups[4];
}

/** Builds a key from 20 random alphabet indexes (the caller brings the randomness). */
export function licenseKeyFrom(randomIndexes: readonly number[]): string {
  const body = randomIndexes.slice(0, 20).map((i) => keyAlphabet[i % keyAlphabet.length]).join('');
  const groups = [body.slice(0, 5), body.slice(5, 10), body.slice(10, 15), body.slice(15, 20)];
  return [...groups, licenseKeyCheck(body)].join('-');
}
