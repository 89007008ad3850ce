import type { LicenseFileDiff, LicenseFileDiffEntry, LicenseFileDiffField } from '@allot/sdk/openapi';
import { formatBound } from './dates';
import { count, modelLabel, quantityText } from './license';

const fieldLabels: Record<LicenseFileDiffField, string> = {
  code: 'Code',
  name: 'Name',
  model: 'Model',
  product: 'Product',
  modules: 'Modules',
  solution: 'Solution',
  quantity: 'Quantity',
  unlimited: 'Unlimited',
  validFrom: 'Valid from',
  validUntil: 'Valid through',
  package: 'Package',
  thresholdPercent: 'Threshold %',
  role: 'User role',
  heartbeatSeconds: 'Heartbeat (seconds)',
  maxBorrowDays: 'Borrowing (days)',
  bundle: 'Hits count',
  retentionDays: 'Retention (days)',
  objectKind: 'Object kind',
  countedStatuses: 'Counted statuses',
};

export function fieldLabel(field: LicenseFileDiffField): string {
  return fieldLabels[field];
}

type FieldValue = LicenseFileDiff['changed'][number]['changes'][number]['before'];

/** One value of a changed field as a person reads it: dates in the tenant's calendar, "all modules" for none named. */
export function fieldValueText(field: LicenseFileDiffField, value: FieldValue, timeZone: string): string {
  if (value === null) {
    if (field === 'modules') return 'all modules';
    if (field === 'validUntil') return 'no end';
    return '—';
  }
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return count(value);
  if (field === 'validFrom' || field === 'validUntil') return formatBound(value, field === 'validFrom' ? 'from' : 'until', timeZone);
  if (field === 'model') return modelLabel(value);
  return value;
}

/** What a license added or removed by a file grants, in one line: "Named users · 12 · crm (leads, calls)". */
export function entrySummary(entry: LicenseFileDiffEntry): string {
  const subject = entry.solution !== null ? `solution ${entry.solution}` : `${entry.product ?? ''}${entry.modules === null ? '' : ` (${entry.modules.join(', ')})`}`;
  return `${modelLabel(entry.model)} · ${quantityText(entry)} · ${subject}`;
}

/** "2 added, 1 changed, 1 removed", or that nothing changes. */
export function diffSummary(diff: LicenseFileDiff): string {
  const parts = [
    [diff.added.length, 'added'],
    [diff.changed.length, 'changed'],
    [diff.removed.length, 'removed'],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return shown.length === 0 ? 'no license changes' : shown.join(', ');
}

/** Hands text to the browser as a download named `fileName`. */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download reads the blob after this click returns: free it a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
