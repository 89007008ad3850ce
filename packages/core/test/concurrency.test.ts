import { describe, expect, it } from 'vitest';
import { covering, facts, now } from './access-fixtures.js';
import { decideAccess, decideSessionModule, type AccessFacts } from '../src/access.js';
import fc from 'fast-check';
import { admissionBound, admitToModule, sessionEndReason, sessionState, sessionStatus, unlicensedExcess, type ConcurrentSeat, type ProductGrace } from '../src/concurrency.js';
import { usageRefusal } from '../src/consumption.js';
import type { Principal } from '../src/rbac.js';

const later = '2024-06-01T12:05:00.000Z';
const earlier = '2024-06-01T11:55:00.000Z';

describe('sessionState', () => {
  it.each<[string, { endedAt: string | null; expiresAt: string }, 'live' | 'overdue' | 'ended']>([
    ['open and not yet due is live', { endedAt: null, expiresAt: later }, 'live'],
    ['open a millisecond before its expiry is live', { endedAt: null, expiresAt: '2024-06-01T12:00:00.001Z' }, 'live'],
    ['open at its expiry is overdue: it stopped counting then', { endedAt: null, expiresAt: now }, 'overdue'],
    ['open past its expiry is overdue', { endedAt: null, expiresAt: earlier }, 'overdue'],
    ['ended is ended, even before its expiry', { endedAt: earlier, expiresAt: later }, 'ended'],
  ])('%s', (_case, session, state) => {
    expect(sessionState(session, now)).toBe(state);
  });
});

describe('sessionStatus', () => {
  it.each([
    ['a live session has no end yet', { endedAt: null, endReason: null, expiresAt: later }, { state: 'live', endedAt: null, endReason: null }],
    ['an overdue session has ended by timeout at its expiry', { endedAt: null, endReason: null, expiresAt: earlier }, { state: 'ended', endedAt: earlier, endReason: 'timeout' }],
    ['an ended session keeps its end and reason', { endedAt: earlier, endReason: 'admin' as const, expiresAt: later }, { state: 'ended', endedAt: earlier, endReason: 'admin' }],
  ])('%s', (_case, session, status) => {
    expect(sessionStatus(session, now)).toEqual(status);
  });
});

describe('sessionEndReason', () => {
  const tenantUser = (roles: ('owner' | 'system_admin' | 'license_manager' | 'member')[], userId: string | null = null): Principal => ({ kind: 'tenant', tenantId: 'ten_a', roles, actor: 'x', userId });
  it.each<[string, Principal, 'admin' | 'logout']>([
    ['the vendor admin ends as admin', { kind: 'vendor_admin', actor: 'admin-token' }, 'admin'],
    ['an owner key ends as admin', tenantUser(['owner']), 'admin'],
    ['a system admin logged in to the console ends as admin', tenantUser(['system_admin'], 'usr_1'), 'admin'],
    ['a member ends as logout', tenantUser(['member']), 'logout'],
    ['an app key ends as logout', { kind: 'app', tenantId: 'ten_a', actor: 'key_1' }, 'logout'],
  ])('%s', (_case, principal, reason) => {
    expect(sessionEndReason(principal, 'ten_a')).toBe(reason);
  });
});

const seat = (quantity: number, liveSessions: number, inGrace = false, extra: Partial<ConcurrentSeat['license']> = {}): ConcurrentSeat => ({
  license: { id: 'lic_conc', code: 'conc', quantity, unlimited: false, suspended: false, validFrom: '2024-01-01T00:00:00.000Z', validUntil: null, ...extra },
  liveSessions,
  inGrace,
});

describe('admitToModule', () => {
  it.each([
    ['room on the module admits', [seat(2, 1)], { admitted: true, code: 'licensed', licenseId: 'lic_conc' }],
    ['a full module refuses', [seat(2, 2)], { admitted: false, code: 'concurrency_limit', licenseId: 'lic_conc' }],
    [
      'a full module in its grace period admits as excess, with the numbers to log',
      [seat(2, 3, true)],
      { admitted: true, code: 'grace_excess', licenseId: 'lic_conc', excess: { licenseId: 'lic_conc', licenseCode: 'conc', excessUsers: 2, licensedMaximum: 2 } },
    ],
    ['a suspended license refuses with its status', [seat(2, 0, false, { suspended: true })], { admitted: false, code: 'suspended', licenseId: 'lic_conc' }],
    ['an expired license refuses with its status', [seat(2, 0, false, { validUntil: earlier })], { admitted: false, code: 'expired', licenseId: 'lic_conc' }],
  ])('%s', (_case, seats, admission) => {
    expect(admitToModule(seats, now)).toEqual(admission);
  });
});

describe('admissionBound', () => {
  const license = (id: string, quantity: number | null, extra: Partial<ConcurrentSeat['license']> = {}): ConcurrentSeat['license'] => ({
    id,
    code: id,
    quantity,
    unlimited: quantity === null,
    suspended: false,
    validFrom: '2024-01-01T00:00:00.000Z',
    validUntil: null,
    ...extra,
  });
  it.each([
    ['one license: below its quantity', [license('a', 5)], { licenseId: 'a', below: 5 }],
    ['an unlimited license has no bound', [license('a', null)], { licenseId: 'a', below: null }],
    ['the first license in force, whatever comes after it', [license('a', 2), license('b', 9)], { licenseId: 'a', below: 2 }],
    ['a license of 0 can hold nobody: the next one', [license('a', 0), license('b', 3)], { licenseId: 'b', below: 3 }],
    ['a suspended license is passed over', [license('a', 4, { suspended: true }), license('b', 3)], { licenseId: 'b', below: 3 }],
    ['an expired license is passed over', [license('a', 4, { validUntil: earlier }), license('b', 3)], { licenseId: 'b', below: 3 }],
    ['a license not yet in force is passed over', [license('a', 4, { validFrom: later }), license('b', 3)], { licenseId: 'b', below: 3 }],
    ['none can hold a session', [license('a', 0), license('b', 4, { suspended: true })], null],
    ['no license', [], null],
  ])('%s', (_case, licenses, bound) => {
    expect(admissionBound(licenses, now)).toEqual(bound);
  });

  it('below its bound, the license is the one admitToModule admits to, whatever the other counts', () => {
    const arbitraryLicense = fc.record({
      quantity: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
      suspended: fc.boolean(),
      validUntil: fc.constantFrom(null, earlier, later),
    });
    const arbitrarySeats = fc.array(fc.record({ license: arbitraryLicense, liveSessions: fc.integer({ min: 0, max: 6 }), inGrace: fc.boolean() }), { maxLength: 4 });
    fc.assert(
      fc.property(arbitrarySeats, (drawn) => {
        const seats: ConcurrentSeat[] = drawn.map((s, i) => ({ ...s, license: license(`l${i}`, s.license.quantity, { suspended: s.license.suspended, validUntil: s.license.validUntil }) }));
        const bound = admissionBound(seats.map((s) => s.license), now);
        const bounded = seats.find((s) => s.license.id === bound?.licenseId);
        if (bound === null || bounded === undefined) {
          // Nothing can be admitted without a grace period: no license in force has room.
          expect(admitToModule(seats, now).code).not.toBe('licensed');
          return;
        }
        const admission = admitToModule(seats, now);
        if (bound.below === null || bounded.liveSessions < bound.below) expect(admission).toEqual({ admitted: true, code: 'licensed', licenseId: bound.licenseId });
        else expect(admission).not.toEqual({ admitted: true, code: 'licensed', licenseId: bound.licenseId });
      }),
    );
  });
});

const grace = (code: string, startsAt: string, endsAt: string, license: Partial<ProductGrace['license']> = {}): ProductGrace => ({
  license: { id: `lic_${code}`, code, suspended: false, validFrom: '2024-01-01T00:00:00.000Z', validUntil: null, ...license },
  grace: { startsAt, endsAt },
});

describe('unlicensedExcess', () => {
  it.each([
    ['no grace period: nothing to log', [], null],
    ['a grace period in force: one user beyond a maximum of none', [grace('fm', earlier, later)], { licenseId: 'lic_fm', licenseCode: 'fm', excessUsers: 1, licensedMaximum: 0 }],
    ['a grace period not yet begun does not apply', [grace('fm', later, '2024-07-01T00:00:00.000Z')], null],
    ['a grace period over does not apply', [grace('fm', '2024-05-01T00:00:00.000Z', now)], null],
    ['the grace period of a suspended license does not apply', [grace('fm', earlier, later, { suspended: true })], null],
    ['the earliest to start applies, then by code', [grace('zz', earlier, later), grace('bb', '2024-05-01T00:00:00.000Z', later), grace('aa', '2024-05-01T00:00:00.000Z', later)], { licenseId: 'lic_aa', licenseCode: 'aa', excessUsers: 1, licensedMaximum: 0 }],
  ])('%s', (_case, graces, excess) => {
    expect(unlicensedExcess(graces, now)).toEqual(excess);
  });
});


describe('decideAccess and the excess-usage log', () => {
  it('carries the admission’s excess numbers with grace_excess', () => {
    expect(decideAccess(facts({ licenses: [covering('concurrent', { id: 'lic_conc' })], concurrent: [seat(1, 1, true)] }))).toEqual({
      allowed: true,
      code: 'grace_excess',
      licenseId: 'lic_conc',
      excess: { licenseId: 'lic_conc', licenseCode: 'conc', excessUsers: 1, licensedMaximum: 1 },
    });
  });

  it.each([
    ['an unlicensed module during a grace period of the product is refused and logged', facts({ productGraces: [grace('fm', earlier, later)] }), { licenseId: 'lic_fm', licenseCode: 'fm', excessUsers: 1, licensedMaximum: 0 }],
    ['an unlicensed module without a grace period is only refused', facts({ productGraces: [] }), undefined],
    ['a module covered by a license the user holds no seat of is no unlicensed module', facts({ licenses: [covering('named')], productGraces: [grace('fm', earlier, later)] }), undefined],
  ])('%s', (_case, input, excess) => {
    const decision = decideAccess(input);
    expect(decision).toMatchObject({ allowed: false, code: 'not_licensed' });
    expect(decision.excess).toEqual(excess);
  });
});

describe('decideSessionModule', () => {
  it.each<[string, Partial<AccessFacts>, string, boolean, string | null]>([
    ['a seat grants the module without counting', { licenses: [covering('named', {}, true), covering('concurrent', { id: 'lic_conc' })], concurrent: [seat(1, 1)] }, 'licensed', true, 'lic_named'],
    ['a server license grants it', { licenses: [covering('server')] }, 'server_license', true, 'lic_server'],
    ['an active-user link grants it', { licenses: [covering('active_user')], activeUser: { linked: true, licenseId: 'lic_active_user' } }, 'active_user', true, 'lic_active_user'],
    ['a full active-user pool refuses with seat_limit', { licenses: [covering('active_user')], activeUser: { linked: false, licenseId: 'lic_active_user' } }, 'seat_limit', false, 'lic_active_user'],
    ['a concurrent license with room grants it', { licenses: [covering('concurrent', { id: 'lic_conc' })], concurrent: [seat(1, 0)] }, 'licensed', true, 'lic_conc'],
    ['hits are never held by a session', { licenses: [covering('hits')], hitQuota: { left: true, licenseId: 'lic_hits' } }, 'not_licensed', false, null],
    [
      'a suspended concurrent license refuses with its status even beside a seat license of others',
      { licenses: [covering('named'), covering('concurrent', { id: 'lic_conc', suspended: true })], concurrent: [seat(1, 0, false, { suspended: true })] },
      'suspended',
      false,
      'lic_conc',
    ],
  ])('%s', (_case, overrides, code, allowed, licenseId) => {
    expect(decideSessionModule(facts(overrides))).toMatchObject({ code, allowed, licenseId });
  });
});

describe('usageRefusal', () => {
  it.each<[string, { suspended: boolean; validUntil: string | null }, string | null]>([
    ['an active license takes usage', { suspended: false, validUntil: null }, null],
    ['a suspended one refuses as suspended', { suspended: true, validUntil: null }, 'suspended'],
    ['an expired one refuses as expired', { suspended: false, validUntil: now }, 'expired'],
  ])('%s', (_case, license, refusal) => {
    expect(usageRefusal(license, now)).toBe(refusal);
  });
});
