import { describe, expect, it } from 'vitest';
import { admitHits, hitsLeft, type HitAdmission, type HitClaim } from '../src/consumption.js';

describe('admitHits', () => {
  it.each<[string, HitClaim[], [string, number][], string[], HitAdmission[]]>([
    [
      'refuses an event that does not fit whole, and counts a smaller one after it',
      [{ candidates: ['l'], count: 3 }, { candidates: ['l'], count: 3 }, { candidates: ['l'], count: 1 }],
      [['l', 4]],
      [],
      [{ status: 'accepted', licenseId: 'l' }, { status: 'quota_exhausted' }, { status: 'accepted', licenseId: 'l' }],
    ],
    [
      'moves to the next covering license when the first is full',
      [{ candidates: ['a', 'b'], count: 2 }, { candidates: ['a', 'b'], count: 2 }],
      [['a', 2], ['b', 5]],
      [],
      [{ status: 'accepted', licenseId: 'a' }, { status: 'accepted', licenseId: 'b' }],
    ],
    [
      'counts a key once: known before, or earlier in the batch',
      [{ candidates: ['l'], count: 1, idempotencyKey: 'k1' }, { candidates: ['l'], count: 1, idempotencyKey: 'k2' }, { candidates: ['l'], count: 1, idempotencyKey: 'k2' }],
      [['l', 10]],
      ['k1'],
      [{ status: 'duplicate' }, { status: 'accepted', licenseId: 'l' }, { status: 'duplicate' }],
    ],
    [
      'leaves the key of a refused event unused, so that it may be sent again',
      [{ candidates: ['l'], count: 5, idempotencyKey: 'k' }, { candidates: ['l'], count: 1, idempotencyKey: 'k' }],
      [['l', 2]],
      [],
      [{ status: 'quota_exhausted' }, { status: 'accepted', licenseId: 'l' }],
    ],
    ['answers not licensed when no license covers the event', [{ candidates: [], count: 1 }], [], [], [{ status: 'not_licensed' }]],
    ['never counts past an unlimited quota', [{ candidates: ['u'], count: 1_000_000 }], [['u', Number.POSITIVE_INFINITY]], [], [{ status: 'accepted', licenseId: 'u' }]],
  ])('%s', (_name, claims, left, keys, expected) => {
    expect(admitHits(claims, new Map(left), new Set(keys))).toEqual(expected);
  });
});

describe('hitsLeft', () => {
  it.each<[number | null, boolean, number, number]>([
    [10, false, 7, 3],
    [10, false, 10, 0],
    [10, false, 12, 0],
    [500_000, false, 0, 500_000],
    [null, true, 1_000_000, Number.POSITIVE_INFINITY],
  ])('a quota of %s (unlimited %s) with %i counted leaves %s', (quantity, unlimited, counted, left) => {
    expect(hitsLeft({ quantity, unlimited }, counted)).toBe(left);
  });
});
