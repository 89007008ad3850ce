import { describe, expect, it } from 'vitest';
import { licenseFileDiff, type LicenseFileDiff } from '../src/license-file-diff.js';
import type { FileLicense } from '../src/license-file.js';

const crm: FileLicense = {
  code: 'crm-users',
  name: 'CRM users',
  model: 'named',
  product: 'crm',
  modules: ['leads', 'calls'],
  solution: null,
  quantity: 10,
  unlimited: false,
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: null,
  package: null,
  thresholdPercent: null,
  role: null,
  heartbeatSeconds: null,
  maxBorrowDays: null,
  bundle: null,
  retentionDays: null,
  objectKind: null,
  countedStatuses: null,
};
const hits: FileLicense = { ...crm, code: 'crm-hits', name: 'CRM hits', model: 'hits', modules: ['calls'], quantity: 100 };
const pool: FileLicense = { ...crm, code: 'pool', name: 'Pool', model: 'concurrent', modules: null, quantity: 5, heartbeatSeconds: 300 };

const entry = (l: FileLicense) => ({
  code: l.code,
  name: l.name,
  model: l.model,
  product: l.product,
  modules: l.modules,
  solution: l.solution,
  quantity: l.quantity,
  unlimited: l.unlimited,
  validFrom: l.validFrom,
  validUntil: l.validUntil,
});
const none: LicenseFileDiff = { added: [], changed: [], removed: [] };

describe('licenseFileDiff', () => {
  it.each<[string, FileLicense[], FileLicense[], LicenseFileDiff]>([
    ['nothing before, nothing after', [], [], none],
    ['a first file adds every license, sorted by code', [], [crm, hits], { added: [entry(hits), entry(crm)], changed: [], removed: [] }],
    ['the same licenses again change nothing', [crm, hits], [hits, crm], none],
    ['a license the file no longer names is removed', [crm, hits], [crm], { added: [], changed: [], removed: [entry(hits)] }],
    ['an empty file removes every file license', [crm, pool], [], { added: [], changed: [], removed: [entry(crm), entry(pool)] }],
    [
      'a raised quantity and a new expiry are changes of those fields only',
      [crm],
      [{ ...crm, quantity: 25, validUntil: '2027-01-01T00:00:00.000Z' }],
      {
        added: [],
        changed: [
          {
            code: 'crm-users',
            name: 'CRM users',
            changes: [
              { field: 'quantity', before: 10, after: 25 },
              { field: 'validUntil', before: null, after: '2027-01-01T00:00:00.000Z' },
            ],
          },
        ],
        removed: [],
      },
    ],
    [
      'going unlimited changes quantity and unlimited',
      [pool],
      [{ ...pool, quantity: null, unlimited: true }],
      { added: [], changed: [{ code: 'pool', name: 'Pool', changes: [{ field: 'quantity', before: 5, after: null }, { field: 'unlimited', before: false, after: true }] }], removed: [] },
    ],
    [
      'modules in another order or case are the same modules',
      [crm],
      [{ ...crm, modules: ['CALLS', 'leads'] }],
      none,
    ],
    [
      'a module dropped is a change of modules',
      [crm],
      [{ ...crm, modules: ['leads'] }],
      { added: [], changed: [{ code: 'crm-users', name: 'CRM users', changes: [{ field: 'modules', before: ['leads', 'calls'], after: ['leads'] }] }], removed: [] },
    ],
    [
      'all modules (none named) instead of some is a change',
      [crm],
      [{ ...crm, modules: null }],
      { added: [], changed: [{ code: 'crm-users', name: 'CRM users', changes: [{ field: 'modules', before: ['leads', 'calls'], after: null }] }], removed: [] },
    ],
    [
      'a code matches ignoring case, and its new spelling is a change',
      [{ ...crm, code: 'CRM-USERS' }],
      [crm],
      { added: [], changed: [{ code: 'crm-users', name: 'CRM users', changes: [{ field: 'code', before: 'CRM-USERS', after: 'crm-users' }] }], removed: [] },
    ],
    [
      'a field a file written before borrowing lacks reads as none',
      [{ ...crm, maxBorrowDays: undefined }],
      [{ ...crm, maxBorrowDays: 7 }],
      { added: [], changed: [{ code: 'crm-users', name: 'CRM users', changes: [{ field: 'maxBorrowDays', before: null, after: 7 }] }], removed: [] },
    ],
    [
      'added, changed and removed at once',
      [crm, hits],
      [{ ...crm, name: 'CRM seats' }, pool],
      {
        added: [entry(pool)],
        changed: [{ code: 'crm-users', name: 'CRM seats', changes: [{ field: 'name', before: 'CRM users', after: 'CRM seats' }] }],
        removed: [entry(hits)],
      },
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(licenseFileDiff(before, after)).toEqual(expected);
  });
});
