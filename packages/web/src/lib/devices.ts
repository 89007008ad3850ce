import type { Device } from '@allot/sdk/openapi';
import type { BadgeTone } from '../components/Badge';
import { calendarDayText, daysBetween } from './dates';

const years: Record<number, string> = { 365: '1 year', 1095: '3 years', 1825: '5 years' };

/** "1 year", "3 years", "5 years" for the terms keys are issued with; any other term (a remainder) in days. */
export function termText(days: number): string {
  return years[days] ?? `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** "1 year (365 days)", for pickers where the exact days matter. */
export function termLongText(days: number): string {
  const short = termText(days);
  return years[days] === undefined ? short : `${short} (${days} days)`;
}

/** LANCOM's license column: "No license", "valid until 30 Jan 2025", "expired". */
export function deviceLicenseText(device: Pick<Device, 'license' | 'validUntil'>): string {
  if (device.license === 'none' || device.validUntil === null) return 'No license';
  if (device.license === 'expired') return 'expired';
  return `valid until ${calendarDayText(device.validUntil)}`;
}

const expiryTones: Record<Device['expiry'], BadgeTone> = { none: 'neutral', valid: 'success', expiring: 'warning', expired: 'danger' };

/** The colour of a device's license, from the level the server decides (30 days left or fewer: running out). */
export function deviceLicenseTone(device: Pick<Device, 'expiry'>): BadgeTone {
  return expiryTones[device.expiry];
}

/** "365 days", "1 day", "last day", "expired", or "—" without a license; the server counts them in the tenant's calendar. */
export function daysLeftText(device: Pick<Device, 'daysLeft'>): string {
  if (device.daysLeft === null) return '—';
  if (device.daysLeft < 0) return 'expired';
  if (device.daysLeft === 0) return 'last day';
  return `${device.daysLeft} ${device.daysLeft === 1 ? 'day' : 'days'}`;
}

/** Days LANCOM deducts on detaching: today counts as used, the moment rounds up to 00:00 tomorrow, one more day. */
export const detachDeduction = 3;

/** What a detach today would bring back: the days to the last day, less three; never below 0. */
export function detachPreview(today: string, validUntil: string): { daysToEnd: number; remaining: number } {
  const daysToEnd = daysBetween(today, validUntil);
  return { daysToEnd, remaining: Math.max(0, daysToEnd - detachDeduction) };
}

/** The last day of a cumulative license when `days` are added: to the end of a running one, else from today. */
export function extendedUntil(today: string, runningUntil: string | null, days: number): string {
  const start = runningUntil !== null && runningUntil >= today ? runningUntil : today;
  const [y, m, d] = start.split('-').map(Number);
  const end = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return end.toISOString().slice(0, 10);
}

/** A license key with its middle groups hidden, as LANCOM lists keys until "show keys" is chosen. */
export function maskedKey(key: string): string {
  const groups = key.split('-');
  if (groups.length < 3) return key;
  return groups.map((group, i) => (i === 0 || i === groups.length - 1 ? group : '•'.repeat(group.length))).join('-');
}
