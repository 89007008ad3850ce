import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { borrowEnd, borrowState, leaseAllows, readLease, writeLease, type LeasePayload } from '../src/borrowing.js';
import { AllotError } from '../src/errors.js';
import { keyIdOf } from '../src/license-file.js';

const now = '2024-03-06T10:00:00.000Z';

describe('borrowEnd', () => {
  it.each<[string, string, string, (number | null)[], string | { code: string; field?: string }]>([
    ['a date is the end of that tenant day', '2024-03-10', 'UTC', [7], '2024-03-11T00:00:00.000Z'],
    ['in the tenant zone', '2024-03-10', 'Europe/Berlin', [7], '2024-03-10T23:00:00.000Z'],
    ['an instant as given', '2024-03-07T12:00:00+01:00', 'UTC', [7], '2024-03-07T11:00:00.000Z'],
    ['exactly the most days ahead', '2024-03-13T10:00:00Z', 'UTC', [7], '2024-03-13T10:00:00.000Z'],
    ['a minute beyond', '2024-03-13T10:01:00Z', 'UTC', [7], { code: 'unprocessable', field: 'until' }],
    ['the smallest allowance of the licenses held rules', '2024-03-10T10:00:00Z', 'UTC', [7, 3], { code: 'unprocessable', field: 'until' }],
    ['a license that allows none', '2024-03-07', 'UTC', [7, 0], { code: 'unprocessable' }],
    ['a license without the field allows none', '2024-03-07', 'UTC', [null], { code: 'unprocessable' }],
    ['no license at all', '2024-03-07', 'UTC', [], { code: 'unprocessable' }],
    ['now is not ahead', now, 'UTC', [7], { code: 'invalid_request', field: 'until' }],
    ['not a time', 'soon', 'UTC', [7], { code: 'invalid_request', field: 'until' }],
  ])('%s', (_case, until, timeZone, maxBorrowDays, expected) => {
    const run = () => borrowEnd(until, { now, timeZone, maxBorrowDays });
    if (typeof expected === 'string') {
      expect(run()).toBe(expected);
      return;
    }
    try {
      run();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AllotError);
      expect(error).toMatchObject({ code: expected.code, ...(expected.field === undefined ? {} : { context: expect.objectContaining({ field: expected.field }) }) });
    }
  });

  it('counts days in the tenant calendar across a change to summer time', () => {
    // 31 March 2024 in Berlin has 23 hours: a day ahead of 30 March 12:00 is 31 March 12:00 local, 10:00Z.
    expect(borrowEnd('2024-03-31T10:00:00Z', { now: '2024-03-30T11:00:00.000Z', timeZone: 'Europe/Berlin', maxBorrowDays: [1] })).toBe('2024-03-31T10:00:00.000Z');
    expect(() => borrowEnd('2024-03-31T10:00:01Z', { now: '2024-03-30T11:00:00.000Z', timeZone: 'Europe/Berlin', maxBorrowDays: [1] })).toThrow(AllotError);
  });
});

describe('borrowState', () => {
  it.each<[string, string | null, 'active' | 'returned' | 'ended']>([
    ['2024-03-07T00:00:00.000Z', null, 'active'],
    [now, null, 'ended'],
    ['2024-03-07T00:00:00.000Z', '2024-03-06T09:00:00.000Z', 'returned'],
  ])('until %s, returned %s: %s', (until, returnedAt, state) => {
    expect(borrowState({ until, returnedAt }, now)).toBe(state);
  });
});

describe('leases', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const trusted = new Map([[keyIdOf(publicKey), publicKey]]);
  const lease: LeasePayload = {
    format: 'allot-lease/1',
    borrowId: 'brw_1',
    installationId: 'ins_1',
    tenantId: 'ten_1',
    customerCode: 'ACME',
    userId: 'usr_1',
    sessionId: 'ses_1',
    modules: ['fm:space'],
    from: now,
    until: '2024-03-08T10:00:00.000Z',
  };

  it('reads back what was signed, and allows its modules from its start until its end', () => {
    const check = readLease(writeLease(lease, privateKey, publicKey), trusted);
    expect(check).toMatchObject({ valid: true, payload: lease });
    expect(leaseAllows(lease, 'fm:space', now)).toBe(true);
    expect(leaseAllows(lease, 'fm:space', '2024-03-08T09:59:59.999Z')).toBe(true);
    expect(leaseAllows(lease, 'fm:space', '2024-03-08T10:00:00.000Z')).toBe(false);
    expect(leaseAllows(lease, 'fm:space', '2024-03-06T09:59:59.999Z')).toBe(false);
    expect(leaseAllows(lease, 'fm:assets', now)).toBe(false);
  });

  it('refuses a tampered lease, a foreign key and another kind of block', () => {
    const text = writeLease(lease, privateKey, publicKey);
    const lines = text.split('\n');
    const body = lines.findIndex((l) => /^[A-Za-z0-9+/=]{20,}$/.test(l));
    const forged = lines.map((l, i) => (i === body ? l.slice(0, 10) + (l[10] === 'A' ? 'B' : 'A') + l.slice(11) : l)).join('\n');
    expect(readLease(forged, trusted).valid).toBe(false);
    const other = generateKeyPairSync('ed25519');
    expect(readLease(text, new Map([[keyIdOf(other.publicKey), other.publicKey]]))).toMatchObject({ valid: false, reason: 'unknown_key' });
    expect(readLease(text.replaceAll('BORROW LEASE', 'USAGE REPORT'), trusted).valid).toBe(false);
  });
});
