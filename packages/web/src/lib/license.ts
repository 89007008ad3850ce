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

const modelLabels: Record<string, string> = { named: 'Named users', solution: 'Solution', server: 'Server', concurrent: 'Concurrent users' };

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
