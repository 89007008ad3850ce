import type { License } from '@allot/sdk/openapi';
import type { BadgeTone } from '../components/Badge';
import { keysOf } from './enums';
import { modelSpec } from './license-models';

/** Whether the server counts the license as unlimited (∞): it decides from the model's threshold. */
export function isUnlimited(slots: { unlimited: boolean; quantity: number | null }): boolean {
  return slots.unlimited || slots.quantity === null;
}

/** A quantity as the console shows it: a number, or ∞. */
export function quantityText(slots: { unlimited: boolean; quantity: number | null }): string {
  return isUnlimited(slots) ? '∞' : String(slots.quantity);
}

/** Free seats: a number, or ∞. */
export function availableText(available: number | null): string {
  return available === null ? '∞' : String(available);
}

export function modelLabel(model: string): string {
  return modelSpec(model).label;
}

/** Named and solution licenses: seats held by named users; a server license covers everyone. */
export function hasSeats(license: Pick<License, 'model'>): boolean {
  return modelSpec(license.model).seats;
}

/** A concurrent license counts simultaneous sessions per module, not seats of people. */
export function isConcurrent(license: Pick<License, 'model'>): boolean {
  return modelSpec(license.model).usedFrom === 'live_sessions';
}

/** Hits, data, volume and active-user licenses: counted by what applications report. */
export function isConsumption(license: Pick<License, 'model'>): boolean {
  const spec = modelSpec(license.model);
  return spec.counted && !spec.seats && spec.usedFrom !== 'live_sessions';
}

/** What the quantity of a model counts, for its form field: "Seats", "Hits per year", "Quota (GB)", … */
export function quantityLabel(model: string): string {
  return modelSpec(model).quantityLabel;
}

/** A hint on what the quantity of a model means. */
export function quantityHint(model: string): string | undefined {
  return modelSpec(model).quantityHint ?? undefined;
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
 * A license's usage in its own units, as the server describes the model: seats or sessions as
 * counted, hits this year of the yearly quota, MB used of a quota in GB, counted objects of the
 * maximum, linked users of the pool.
 */
export function usageParts(license: Pick<License, 'model' | 'used' | 'quantity' | 'unlimited'>): UsageParts {
  const spec = modelSpec(license.model);
  const endless = isUnlimited(license);
  // A quota in one unit and its use in another (GB and MB) names both units.
  const twoUnits = spec.usedPerQuantity !== 1;
  const used = twoUnits ? `${count(license.used)} ${spec.usedUnit}` : count(license.used);
  const quantity = endless ? '∞' : twoUnits ? `${count(license.quantity ?? 0)} ${spec.quantityUnit}` : count(license.quantity ?? 0);
  const spoken = endless ? `${used} used, unlimited` : `${used} of ${quantity} used`;
  if (!isConsumption(license)) return { used: String(license.used), quantity: quantityText(license), spoken };
  return { used, quantity, unit: spec.usageLabel.toLowerCase(), spoken: `${spoken}: ${spec.usageLabel.toLowerCase()}` };
}

/** What a license that counts nobody (a server license: every user of the tenant) shows for its usage, in cards and tables alike. */
export const uncountedText = 'Every user · not counted';

/** "5 / 1,000", "12 MB / 2 GB", or for a server license `uncountedText`: usage in one short line, for cards. */
export function usageText(license: Pick<License, 'model' | 'used' | 'quantity' | 'unlimited'>): string {
  if (!isCounted(license)) return uncountedText;
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
  const details: Partial<Record<string, () => string | null>> = {
    bundle: () => (license.bundle === null ? null : `${license.bundle} bundle`),
    objectKind: () => license.objectKind,
    retentionDays: () => (license.retentionDays === null ? null : `links last ${license.retentionDays} days`),
  };
  for (const field of modelSpec(license.model).fields) {
    const detail = details[field.name]?.();
    if (detail !== undefined && detail !== null) return detail;
  }
  return null;
}

/** Whether the license has a quantity at all: every model but server. */
export function isCounted(license: Pick<License, 'model'>): boolean {
  return modelSpec(license.model).counted;
}

export type LicenseStatus = License['status'];

const statusTones: Record<LicenseStatus, BadgeTone> = { active: 'success', suspended: 'warning', expired: 'danger' };
const statusLabels: Record<LicenseStatus, string> = { active: 'Active', suspended: 'Suspended', expired: 'Expired' };

/** Every status a license can have, in the order the filters offer them. */
export const licenseStatuses: readonly LicenseStatus[] = keysOf(statusLabels);

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
