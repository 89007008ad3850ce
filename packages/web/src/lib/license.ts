import type { License, LicenseStatus } from '../api/license-types';
import type { BadgeTone } from '../components/Badge';

/** From this quantity on a license counts as unlimited (SPEC 3: shown as ∞). */
export const unlimitedFrom = 100_000;

export function isUnlimited(slots: { unlimited: boolean; quantity: number | null }): boolean {
  return slots.unlimited || slots.quantity === null || slots.quantity >= unlimitedFrom;
}

/** A quantity as the console shows it: a number, or ∞. */
export function quantityText(slots: { unlimited: boolean; quantity: number | null }): string {
  return isUnlimited(slots) ? '∞' : String(slots.quantity);
}

/** Free seats: a number, or ∞. */
export function availableText(available: number | null): string {
  return available === null ? '∞' : String(available);
}

const modelLabels: Record<string, string> = {
  named: 'Named users',
  solution: 'Solution',
  server: 'Server',
  concurrent: 'Concurrent users',
  hits: 'Hits per year',
  data: 'Data volume (GB)',
  volume: 'Business objects',
  active_user: 'Active users',
};

export function modelLabel(model: string): string {
  return modelLabels[model] ?? model;
}

/** Only named and solution licenses have seats; a server license covers everyone. */
export function hasSeats(license: Pick<License, 'model'>): boolean {
  return license.model === 'named' || license.model === 'solution';
}

/** A concurrent license counts simultaneous sessions per module, not seats of people. */
export function isConcurrent(license: Pick<License, 'model'>): boolean {
  return license.model === 'concurrent';
}

/** Hits, data, volume and active-user licenses: counted by what applications report. */
export function isConsumption(license: Pick<License, 'model'>): boolean {
  return license.model === 'hits' || license.model === 'data' || license.model === 'volume' || license.model === 'active_user';
}

const quantityLabels: Record<string, string> = {
  concurrent: 'Concurrent users',
  hits: 'Hits per year',
  data: 'Quota (GB)',
  volume: 'Maximum objects',
  active_user: 'Pool size (users)',
};

/** What the quantity of a model counts, for its form field: "Seats", "Hits per year", "Quota (GB)", … */
export function quantityLabel(model: string): string {
  return quantityLabels[model] ?? 'Seats';
}

const quantityHints: Record<string, string> = {
  hits: 'Per calendar year of the tenant',
  data: '1 GB = 1000 MB; usage never resets',
  volume: 'Counted objects that may exist',
  active_user: 'Users linked at a time',
};

/** A hint on what the quantity of a model means, for consumption models. */
export function quantityHint(model: string): string | undefined {
  return quantityHints[model];
}

const numberFormat = new Intl.NumberFormat('en-GB');

/** 12,500: counts of hits and MB get large. */
export function count(value: number): string {
  return numberFormat.format(value);
}

/** The parts of a usage figure: what is used, of how much, and in which unit. */
export interface UsageParts {
  used: string;
  quantity: string;
  /** After the figure: "hits this year", "users linked"; none for seats. */
  unit?: string;
  /** For screen readers: "5 of 1,000 hits used this year". */
  spoken: string;
}

/**
 * A license's usage in its own units: seats or sessions as counted, hits this year of the yearly
 * quota, MB used of a quota in GB, counted objects of the maximum, linked users of the pool.
 */
export function usageParts(license: Pick<License, 'model' | 'used' | 'quantity' | 'unlimited'>): UsageParts {
  const endless = isUnlimited(license);
  const quota = endless ? '∞' : count(license.quantity ?? 0);
  const used = count(license.used);
  const of = endless ? `${used}, unlimited` : `${used} of ${quota}`;
  switch (license.model) {
    case 'hits':
      return { used, quantity: quota, unit: 'hits this year', spoken: `${of} hits used this year` };
    case 'data':
      return { used: `${used} MB`, quantity: endless ? '∞' : `${quota} GB`, unit: 'data used', spoken: endless ? `${used} MB used, unlimited` : `${used} MB used of ${quota} GB` };
    case 'volume':
      return { used, quantity: quota, unit: 'objects counted', spoken: `${of} objects counted` };
    case 'active_user':
      return { used, quantity: quota, unit: 'users linked', spoken: `${of} users linked` };
    default:
      return { used: String(license.used), quantity: quantityText(license), spoken: endless ? `${license.used} used, unlimited` : `${license.used} of ${license.quantity ?? 0} used` };
  }
}

/** "5 / 1,000", "12 MB / 2 GB": usage in one short line, for cards. */
export function usageText(license: Pick<License, 'model' | 'used' | 'quantity' | 'unlimited'>): string {
  const parts = usageParts(license);
  return `${parts.used} / ${parts.quantity}`;
}

const bundleLabels: Record<string, string> = { query: 'Query bundle: lists and reports', transaction: 'Transaction bundle: changes' };

/** What a hits license counts. */
export function bundleText(bundle: string | null): string {
  return bundle === null ? 'Every hit on its modules' : (bundleLabels[bundle] ?? bundle);
}

/** One line on what a consumption license counts, for lists: its bundle, object kind or retention. */
export function modelDetail(license: Pick<License, 'model' | 'bundle' | 'objectKind' | 'retentionDays'>): string | null {
  if (license.model === 'hits') return license.bundle === null ? null : `${license.bundle} bundle`;
  if (license.model === 'volume') return license.objectKind;
  if (license.model === 'active_user') return license.retentionDays === null ? null : `links last ${license.retentionDays} days`;
  return null;
}

/** Whether the license has a quantity at all: every model but server. */
export function isCounted(license: Pick<License, 'model'>): boolean {
  return license.model !== 'server';
}

const statusTones: Record<LicenseStatus, BadgeTone> = { active: 'success', suspended: 'warning', expired: 'danger' };
const statusLabels: Record<LicenseStatus, string> = { active: 'Active', suspended: 'Suspended', expired: 'Expired' };

export function statusTone(status: LicenseStatus): BadgeTone {
  return statusTones[status];
}

export function statusLabel(status: LicenseStatus): string {
  return statusLabels[status];
}

/** What the license grants: `crm` (every module), `crm: core, reports`, or `solution sales-suite`. */
export function subjectText(license: Pick<License, 'product' | 'modules' | 'solution'>): string {
  if (license.solution !== null) return `solution ${license.solution}`;
  const product = license.product ?? '—';
  if (license.modules === null) return `${product} (all modules)`;
  return `${product}: ${license.modules.join(', ')}`;
}

/** "3 seats", "1 seat". */
export function seats(count: number): string {
  return `${count} ${count === 1 ? 'seat' : 'seats'}`;
}

/** "3 concurrent users", "1 concurrent user", "∞ concurrent users". */
export function concurrentUsers(slots: { unlimited: boolean; quantity: number | null }): string {
  const text = quantityText(slots);
  return `${text} concurrent ${text === '1' ? 'user' : 'users'}`;
}
