import { grantOf, type FileLicense, type LicenseGrant } from './license-file.js';
import { codeKey } from './module-ref.js';

/** The fields of a file license a load may change, in the order a preview lists them. */
export const licenseFileDiffFields = [
  'code',
  'name',
  'model',
  'product',
  'modules',
  'solution',
  'quantity',
  'unlimited',
  'validFrom',
  'validUntil',
  'package',
  'thresholdPercent',
  'role',
  'heartbeatSeconds',
  'maxBorrowDays',
  'bundle',
  'retentionDays',
  'objectKind',
  'countedStatuses',
] as const satisfies readonly (keyof FileLicense)[];
export type LicenseFileDiffField = (typeof licenseFileDiffFields)[number];

/** A value of one field of a file license. */
export type LicenseFieldValue = string | number | boolean | string[] | null;

/** One field a load changes: what it is now and what it becomes. */
export interface LicenseFieldChange {
  field: LicenseFileDiffField;
  before: LicenseFieldValue;
  after: LicenseFieldValue;
}

/** A license a load adds or removes, as a preview names it. */
export type LicenseFileDiffEntry = LicenseGrant;

/** What loading a license file does to the tenant's file-sourced licenses. */
export interface LicenseFileDiff {
  added: LicenseFileDiffEntry[];
  changed: { code: string; name: string; changes: LicenseFieldChange[] }[];
  removed: LicenseFileDiffEntry[];
}

// Module lists and counted statuses are sets of codes: order and case say nothing.
const setKey = (values: readonly string[]) => JSON.stringify(values.map(codeKey).sort());
const same = (a: LicenseFieldValue, b: LicenseFieldValue) => (Array.isArray(a) && Array.isArray(b) ? setKey(a) === setKey(b) : a === b);
const byCode = (a: { code: string }, b: { code: string }) => (codeKey(a.code) < codeKey(b.code) ? -1 : codeKey(a.code) > codeKey(b.code) ? 1 : 0);

/**
 * What replacing the file-sourced licenses `before` with `after` does, matched by code ignoring
 * case (a file's `crm-n` replaces `CRM-N`): the licenses added, those removed, and for those that
 * stay every field whose value changes. Each list is sorted by code.
 *
 * @example
 * licenseFileDiff([{ ...crm, quantity: 10 }], [{ ...crm, quantity: 25 }, hits])
 * // { added: [hits], changed: [{ code: 'crm', name: 'CRM', changes: [{ field: 'quantity', before: 10, after: 25 }] }], removed: [] }
 */
export function licenseFileDiff(before: readonly FileLicense[], after: readonly FileLicense[]): LicenseFileDiff {
  const previous = new Map(before.map((l) => [codeKey(l.code), l]));
  const next = new Set(after.map((l) => codeKey(l.code)));
  const diff: LicenseFileDiff = { added: [], changed: [], removed: [] };
  for (const license of [...after].sort(byCode)) {
    const old = previous.get(codeKey(license.code));
    if (old === undefined) {
      diff.added.push(grantOf(license));
      continue;
    }
    const changes = licenseFileDiffFields.flatMap((field): LicenseFieldChange[] => {
      const was = old[field] ?? null;
      const becomes = license[field] ?? null;
      return same(was, becomes) ? [] : [{ field, before: was, after: becomes }];
    });
    if (changes.length > 0) diff.changed.push({ code: license.code, name: license.name, changes });
  }
  diff.removed = before.filter((l) => !next.has(codeKey(l.code))).sort(byCode).map(grantOf);
  return diff;
}
