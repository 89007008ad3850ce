import type { License, LicenseStatus } from './license.js';

/**
 * What `licenseStatus(license, now) === status` asks of the stored fields, so that a list can
 * filter by status in the database: the suspended flag, and whether `validUntil` has passed at `now`
 * (`expired: undefined` means either).
 */
export interface LicenseStatusCondition {
  suspended: boolean;
  expired: boolean | undefined;
  now: string;
}

/**
 * The stored-field condition of a status at `now`.
 *
 * @example
 * licenseStatusCondition('expired', '2025-01-01T00:00:00.000Z') // { suspended: false, expired: true, now: '2025-01-01T00:00:00.000Z' }
 */
export function licenseStatusCondition(status: LicenseStatus, now: string): LicenseStatusCondition {
  switch (status) {
    case 'suspended':
      return { suspended: true, expired: undefined, now };
    case 'expired':
      return { suspended: false, expired: true, now };
    case 'active':
      return { suspended: false, expired: false, now };
  }
}

/** The condition applied to one license, as the database applies it (`validUntil <= now` is expired). */
export function meetsStatusCondition(license: Pick<License, 'suspended' | 'validUntil'>, condition: LicenseStatusCondition): boolean {
  if (license.suspended !== condition.suspended) return false;
  if (condition.expired === undefined) return true;
  const expired = license.validUntil !== null && license.validUntil <= condition.now;
  return expired === condition.expired;
}

