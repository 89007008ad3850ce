import { describe, expect, it } from 'vitest';
import { covering, facts, now } from './access-fixtures.js';
import { decideAccess, type AccessFacts } from '../src/access.js';
import fc from 'fast-check';
import { inForce, isUnlimited, licenseStatus, quantityIsUnlimited, thresholdCount, usageOf, validityBound } from '../src/license.js';

const concurrentSeat = (quantity: number, liveSessions: number, inGrace = false) => ({
  license: { id: 'lic_conc', code: 'conc', quantity, unlimited: false, suspended: false, validFrom: '2024-01-01T00:00:00.000Z', validUntil: null },
  liveSessions,
  inGrace,
});

describe('decideAccess', () => {
  it.each<[string, Partial<AccessFacts>, string, boolean]>([
    ['an unknown user comes first', { userKnown: false, moduleKnown: false, demoMode: true }, 'unknown_user', false],
    ['then an unknown module', { moduleKnown: false, demoMode: true }, 'unknown_module', false],
    ['then demo mode', { demoMode: true, licenses: [covering('server')] }, 'demo_mode', false],
    ['a server license covers everyone', { licenses: [covering('named'), covering('server')] }, 'server_license', true],
    ['a certified professional needs no seat', { certifiedProfessional: true, licenses: [covering('named')] }, 'certified_professional', true],
    ['certified professionals need a named, solution or active-user license', { certifiedProfessional: true, licenses: [] }, 'not_licensed', false],
    ['a seat grants use', { licenses: [covering('named', {}, true)] }, 'licensed', true],
    ['a solution seat grants use', { licenses: [covering('solution', {}, true)] }, 'licensed', true],
    ['no seat, no use', { licenses: [covering('named')] }, 'not_licensed', false],
    ['a seat of a suspended license grants nothing', { licenses: [covering('named', { suspended: true }, true)] }, 'suspended', false],
    ['a seat of an expired license grants nothing', { licenses: [covering('named', { validUntil: '2024-06-01T12:00:00.000Z' }, true)] }, 'expired', false],
    ['a license not yet valid grants nothing', { licenses: [covering('named', { validFrom: '2024-07-01T00:00:00.000Z' }, true)] }, 'not_licensed', false],
    ['an expired server license falls through to a seat', { licenses: [covering('server', { validUntil: '2024-02-01T00:00:00.000Z' }), covering('named', {}, true)] }, 'licensed', true],
    ['suspended names the reason only when nothing is in force', { licenses: [covering('named', { suspended: true }), covering('solution')] }, 'not_licensed', false],
    ['a live day-code session grants the module', { licenses: [covering('named')], dayCodeSession: true }, 'day_code', true],
    ['a free concurrent license grants use (no session opened)', { licenses: [covering('concurrent')], concurrent: [concurrentSeat(2, 1)] }, 'licensed', true],
    ['a full concurrent license refuses', { licenses: [covering('concurrent')], concurrent: [concurrentSeat(2, 2)] }, 'concurrency_limit', false],
    ['a full concurrent license in grace admits as excess', { licenses: [covering('concurrent')], concurrent: [concurrentSeat(2, 2, true)] }, 'grace_excess', true],
    ['a linked active user is let in', { licenses: [covering('active_user')], activeUser: { linked: true, licenseId: 'lic_active_user' } }, 'active_user', true],
    ['a full active-user pool refuses with seat_limit', { licenses: [covering('active_user')], activeUser: { linked: false, licenseId: 'lic_active_user' } }, 'seat_limit', false],
    ['hits left grant use', { licenses: [covering('hits')], hitQuota: { left: true, licenseId: 'lic_hits' } }, 'licensed', true],
    ['an exhausted hit quota refuses', { licenses: [covering('hits')], hitQuota: { left: false, licenseId: 'lic_hits' } }, 'quota_exhausted', false],
    ['a full pool is remembered before an exhausted quota', { licenses: [covering('active_user'), covering('hits')], activeUser: { linked: false, licenseId: 'lic_active_user' }, hitQuota: { left: false, licenseId: 'lic_hits' } }, 'seat_limit', false],
    ['hits left win over a full concurrent license', { licenses: [covering('concurrent'), covering('hits')], concurrent: [concurrentSeat(1, 1)], hitQuota: { left: true, licenseId: 'lic_hits' } }, 'licensed', true],
    ['a seat wins over a full concurrent license', { licenses: [covering('named', {}, true), covering('concurrent')], concurrent: [concurrentSeat(1, 1)] }, 'licensed', true],
  ])('%s', (_name, overrides, code, allowed) => {
    const decision = decideAccess(facts(overrides));
    expect(decision.code).toBe(code);
    expect(decision.allowed).toBe(allowed);
  });

  it('names the license that grants or refuses', () => {
    expect(decideAccess(facts({ licenses: [covering('named', {}, true)] })).licenseId).toBe('lic_named');
    expect(decideAccess(facts({ licenses: [covering('named', { suspended: true })] })).licenseId).toBe('lic_named');
    expect(decideAccess(facts({})).licenseId).toBeNull();
  });
});

describe('license rules', () => {
  it.each([
    [{ model: 'named', quantity: 10, unlimited: false, thresholdPercent: 80 }, 8, { available: 2, percentUsed: 80, thresholdReached: true }],
    [{ model: 'named', quantity: 10, unlimited: false, thresholdPercent: 80 }, 7, { available: 3, percentUsed: 70, thresholdReached: false }],
    [{ model: 'named', quantity: 3, unlimited: false, thresholdPercent: null }, 2, { available: 1, percentUsed: 66.7, thresholdReached: false }],
    [{ model: 'named', quantity: 0, unlimited: false, thresholdPercent: 50 }, 0, { available: 0, percentUsed: 0, thresholdReached: false }],
    [{ model: 'named', quantity: 100000, unlimited: true, thresholdPercent: 1 }, 99999, { available: null, percentUsed: 0, thresholdReached: false }],
    [{ model: 'named', quantity: null, unlimited: true, thresholdPercent: null }, 5, { available: null, percentUsed: 0, thresholdReached: false }],
    [{ model: 'hits', quantity: 500000, unlimited: false, thresholdPercent: 90 }, 450000, { quantity: 500000, available: 50000, percentUsed: 90, thresholdReached: true }],
    [{ model: 'data', quantity: 2, unlimited: false, thresholdPercent: 50 }, 1000, { quantity: 2, available: 1000, percentUsed: 50, thresholdReached: true }],
    [{ model: 'data', quantity: 2, unlimited: false, thresholdPercent: null }, 2500, { quantity: 2, available: 0, percentUsed: 125, thresholdReached: false }],
  ] as const)('usage of %j with %i used', (license, used, expected) => {
    expect(usageOf(license, used)).toMatchObject({ used, ...expected });
  });

  it.each([
    [{ model: 'concurrent', quantity: 10, unlimited: false, thresholdPercent: 80 }, 8],
    [{ model: 'concurrent', quantity: 3, unlimited: false, thresholdPercent: 50 }, 2],
    [{ model: 'concurrent', quantity: 3, unlimited: false, thresholdPercent: 66.7 }, 2],
    [{ model: 'concurrent', quantity: 3, unlimited: false, thresholdPercent: 100 }, 3],
    [{ model: 'concurrent', quantity: 2, unlimited: false, thresholdPercent: 150 }, 3],
    [{ model: 'concurrent', quantity: 0, unlimited: false, thresholdPercent: 50 }, 1],
    [{ model: 'concurrent', quantity: 10, unlimited: false, thresholdPercent: 0 }, 0],
    [{ model: 'data', quantity: 2, unlimited: false, thresholdPercent: 50 }, 999], // 49.95 % is shown, and counted, as 50 %
    [{ model: 'concurrent', quantity: 10, unlimited: false, thresholdPercent: null }, null],
    [{ model: 'concurrent', quantity: null, unlimited: true, thresholdPercent: 80 }, null],
  ] as const)('the threshold of %j is reached at %s used', (license, count) => {
    expect(thresholdCount(license)).toBe(count);
  });

  it('thresholdCount is where usageOf turns the threshold on, for any quantity and percent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { nil: null }), fc.integer({ min: 0, max: 20000 }), (quantity, thresholdPercent, used) => {
        const license = { model: 'concurrent' as const, quantity, unlimited: false, thresholdPercent };
        const count = thresholdCount(license);
        expect(usageOf(license, used).thresholdReached).toBe(count !== null && used >= count);
      }),
    );
  });

  it('counts 100000 or more slots of people as unlimited, but enforces every quota', () => {
    expect(quantityIsUnlimited('named', 99999)).toBe(false);
    expect(quantityIsUnlimited('named', 100000)).toBe(true);
    expect(quantityIsUnlimited('concurrent', 250000)).toBe(true);
    expect(quantityIsUnlimited('hits', 500000)).toBe(false);
    expect(quantityIsUnlimited('data', 100000)).toBe(false);
    expect(isUnlimited({ quantity: 100000, unlimited: false })).toBe(false);
    expect(isUnlimited({ quantity: null, unlimited: true })).toBe(true);
  });

  it('expires at validUntil and suspends on demand', () => {
    const license = { suspended: false, validFrom: '2024-01-01T00:00:00.000Z', validUntil: '2024-06-01T12:00:00.000Z' };
    expect(licenseStatus(license, '2024-06-01T11:59:59.999Z')).toBe('active');
    expect(licenseStatus(license, now)).toBe('expired');
    expect(licenseStatus({ ...license, suspended: true }, '2024-02-01T00:00:00.000Z')).toBe('suspended');
    expect(inForce(license, '2023-12-31T23:59:59.999Z')).toBe(false);
  });

  it.each([
    ['2025-01-30', 'until', 'Europe/Berlin', '2025-01-30T23:00:00.000Z'],
    ['2025-01-30', 'from', 'Europe/Berlin', '2025-01-29T23:00:00.000Z'],
    ['2024-03-31', 'until', 'Europe/Berlin', '2024-03-31T22:00:00.000Z'],
    ['2025-01-30', 'until', 'UTC', '2025-01-31T00:00:00.000Z'],
    ['2025-01-30T10:00:00+02:00', 'until', 'UTC', '2025-01-30T08:00:00.000Z'],
    ['2025-02-30', 'until', 'UTC', null],
    ['soon', 'from', 'UTC', null],
  ] as const)('reads the bound %s (%s, %s)', (text, bound, zone, expected) => {
    expect(validityBound(text, bound, zone)).toBe(expected);
  });
});
