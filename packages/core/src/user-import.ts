import { emailKey } from './directory.js';

/** Why a row of a user import cannot be created. */
export type ImportConflictReason = 'duplicate_in_file' | 'exists_in_tenant';

/** One refused row of a user import: its 0-based index in the import and why. */
export interface ImportConflict {
  index: number;
  email: string;
  reason: ImportConflictReason;
  /** For a duplicate: the index of the earlier row with the same address. */
  firstIndex?: number;
}

/**
 * The rows of a user import that cannot be created: an address used by an earlier row (letter case
 * aside, as `emailKey` compares) or by a user the tenant already has (`taken`: their `emailKey`s).
 * An import creates all its rows or none, so one conflict refuses the whole import.
 *
 * @example
 * importConflicts(['a@x.io', 'A@x.io', 'b@x.io'], new Set(['b@x.io']));
 * // [{ index: 1, email: 'A@x.io', reason: 'duplicate_in_file', firstIndex: 0 },
 * //  { index: 2, email: 'b@x.io', reason: 'exists_in_tenant' }]
 */
export function importConflicts(emails: readonly string[], taken: ReadonlySet<string>): ImportConflict[] {
  const firstSeen = new Map<string, number>();
  const conflicts: ImportConflict[] = [];
  emails.forEach((email, index) => {
    const key = emailKey(email);
    const first = firstSeen.get(key);
    if (taken.has(key)) conflicts.push({ index, email, reason: 'exists_in_tenant' });
    else if (first !== undefined) conflicts.push({ index, email, reason: 'duplicate_in_file', firstIndex: first });
    if (first === undefined) firstSeen.set(key, index);
  });
  return conflicts;
}
