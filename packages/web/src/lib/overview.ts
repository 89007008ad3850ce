import type { License } from '@allot/sdk/openapi';
import type { BadgeTone } from '../components/Badge';
import { calendarDayText, dateInputValue, daysBetween, isoDay } from './dates';
import { isCounted, isUnlimited, usageParts } from './license';
import { modelSpec } from './license-models';

// The overview's reading of the licenses: which need attention, and how full each is, as the
// donut and its text both take it.

/** Licenses ending within this many days are flagged, as the expiry notifications do. */
export const expiryWarningDays = 30;

export interface LicenseWarning {
  licenseId: string;
  tone: BadgeTone;
  text: string;
}

/**
 * What needs attention, worst first: expired, suspended, used past the limit, at the threshold,
 * ending within 30 days.
 *
 * @example
 * licenseWarnings([{ name: 'CRM', thresholdReached: true, percentUsed: 90, … }], now, 'Europe/Berlin') // [{ tone: 'warning', text: 'CRM: 90 % used, at its 80 % threshold.' }]
 */
export function licenseWarnings(licenses: readonly License[], nowMs: number, timeZone: string): LicenseWarning[] {
  const today = isoDay(nowMs, timeZone);
  const warnings: (LicenseWarning & { rank: number })[] = [];
  for (const license of licenses) {
    const add = (rank: number, tone: BadgeTone, text: string) => warnings.push({ licenseId: license.id, tone, text: `${license.name}: ${text}`, rank });
    if (license.status === 'expired') {
      add(0, 'danger', 'expired; it grants no access until it is renewed.');
      continue;
    }
    if (license.status === 'suspended') add(1, 'warning', 'suspended; it grants no access.');
    const fill = licenseFill(license);
    if (fill !== null && fill.over > 0) {
      add(2, 'danger', `${fill.text}.`);
    } else if (license.thresholdReached) {
      add(3, 'warning', `${usageParts(license).spoken} (${Math.round(license.percentUsed)} %), at its ${license.thresholdPercent ?? 100} % threshold.`);
    }
    if (license.validUntil !== null) {
      // Counted in the tenant's calendar days: the last day it is valid against today.
      const lastDay = dateInputValue(license.validUntil, 'until', timeZone);
      const left = daysBetween(today, lastDay);
      if (left >= 0 && left <= expiryWarningDays) add(4, 'warning', left === 0 ? 'today is its last day.' : `its last day is ${calendarDayText(lastDay)}, in ${left} ${left === 1 ? 'day' : 'days'}.`);
    }
  }
  return warnings.sort((a, b) => a.rank - b.rank).map(({ rank: _rank, ...warning }) => warning);
}

export interface Fill {
  /** In the model's unit of use (MB of a quota in GB). */
  used: number;
  free: number;
  /** Used beyond the limit (a grace period admits it). */
  over: number;
  /** The donut's words: "7 of 10 used (70 %)". */
  text: string;
}

/** How full a license with a limit is; null for an unlimited or uncounted one, which has no donut. */
export function licenseFill(license: License): Fill | null {
  if (!isCounted(license) || isUnlimited(license) || license.quantity === null) return null;
  const limit = license.quantity * modelSpec(license.model).usedPerQuantity;
  const used = Math.min(license.used, limit);
  const over = Math.max(0, license.used - limit);
  const spoken = usageParts(license).spoken;
  return { used, free: limit - used, over, text: over > 0 ? `${spoken}, ${over} over the limit` : `${spoken} (${Math.round(license.percentUsed)} %)` };
}
