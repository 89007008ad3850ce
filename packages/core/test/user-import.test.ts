import { describe, expect, it } from 'vitest';
import { importConflicts, type ImportConflict } from '../src/user-import.js';

describe('importConflicts', () => {
  it.each<[string, string[], string[], ImportConflict[]]>([
    ['nothing for distinct new addresses', ['a@x.io', 'b@x.io'], [], []],
    ['a later row repeating an address, letter case aside', ['a@x.io', 'b@x.io', ' A@X.io'], [], [{ index: 2, email: ' A@X.io', reason: 'duplicate_in_file', firstIndex: 0 }]],
    ['every repeat, each pointing at the first row', ['a@x.io', 'a@x.io', 'a@x.io'], [], [
      { index: 1, email: 'a@x.io', reason: 'duplicate_in_file', firstIndex: 0 },
      { index: 2, email: 'a@x.io', reason: 'duplicate_in_file', firstIndex: 0 },
    ]],
    ['an address the tenant has, on every row that names it', ['b@x.io', 'B@x.io'], ['b@x.io'], [
      { index: 0, email: 'b@x.io', reason: 'exists_in_tenant' },
      { index: 1, email: 'B@x.io', reason: 'exists_in_tenant' },
    ]],
    ['both kinds in row order', ['t@x.io', 'c@x.io', 'c@x.io'], ['t@x.io'], [
      { index: 0, email: 't@x.io', reason: 'exists_in_tenant' },
      { index: 2, email: 'c@x.io', reason: 'duplicate_in_file', firstIndex: 1 },
    ]],
  ])('answers %s', (_name, emails, taken, conflicts) => {
    expect(importConflicts(emails, new Set(taken))).toEqual(conflicts);
  });
});
