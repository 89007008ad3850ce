import type { Device } from '@allot/sdk/openapi';
import type { BadgeTone } from '../components/Badge';
import { calendarDayText } from './dates';

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

/** A license key with its middle groups hidden, as LANCOM lists keys until "show keys" is chosen. */
export function maskedKey(key: string): string {
  const groups = key.split('-');
  if (groups.length < 3) return key;
  return groups.map((group, i) => (i === 0 || i === groups.length - 1 ? group : '•'.repeat(group.length))).join('-');
}
