import { describe, expect, it } from 'vitest';
import { audienceOf, eventTypes, expiryDaysLeft, expiryMarkAt, expiryNoticeDue, lastValidDay, notifiedEventTypes, recipientsOf, type ExpiryMark } from '../src/events.js';
import { describeEvent, notificationReader } from '../src/notifications.js';
import type { Principal } from '../src/rbac.js';

// A license valid through 2025-01-30 in Berlin: its term ends at 2025-01-31T00:00 Berlin time.
const until = '2025-01-30T23:00:00.000Z';
const berlin = 'Europe/Berlin';

describe('expiry marks', () => {
  it.each<[ExpiryMark, string]>([
    [30, '2024-12-31T23:00:00.000Z'],
    [7, '2025-01-23T23:00:00.000Z'],
    [1, '2025-01-29T23:00:00.000Z'],
    [0, until],
  ])('%i days before the end falls on the tenant calendar day', (mark, at) => {
    expect(expiryMarkAt(until, mark, berlin)).toBe(at);
  });

  it('counts calendar days across a daylight-saving change, not 24-hour blocks', () => {
    // Berlin moves to summer time on 2025-03-30: 7 days before 2025-04-02 00:00 is 2025-03-26 00:00 (winter time).
    expect(expiryMarkAt('2025-04-01T22:00:00.000Z', 7, berlin)).toBe('2025-03-25T23:00:00.000Z');
  });

  it.each([
    ['at the 30-day mark', '2024-12-31T23:00:00.000Z', 30],
    ['later that day', '2025-01-01T22:59:59.999Z', 30],
    ['at the 7-day mark', '2025-01-23T23:00:00.000Z', 7],
    ['5 days ahead, between marks', '2025-01-26T08:00:00.000Z', 5],
    ['on the last day', '2025-01-30T22:00:00.000Z', 1],
    ['after the end', '2025-02-02T00:00:00.000Z', 0],
  ])('counts the days left %s', (_name, now, days) => {
    expect(expiryDaysLeft(until, now, berlin)).toBe(days);
  });

  it('names the last valid day in the tenant zone', () => {
    expect(lastValidDay(until, berlin)).toBe('2025-01-30');
    expect(lastValidDay('2025-01-31T00:00:00.000Z', 'UTC')).toBe('2025-01-30');
  });
});

describe('expiryNoticeDue', () => {
  it.each<[string, string, ExpiryMark[], ReturnType<typeof expiryNoticeDue>]>([
    ['nothing before the 30-day mark', '2024-12-31T22:59:59.999Z', [], null],
    ['the 30-day mark at its first instant', '2024-12-31T23:00:00.000Z', [], { type: 'license.expiring', mark: 30, settles: [30] }],
    ['the 30-day mark only once', '2025-01-10T00:00:00.000Z', [30], null],
    ['then the 7-day mark', '2025-01-24T00:00:00.000Z', [30], { type: 'license.expiring', mark: 7, settles: [7] }],
    ['then the 1-day mark', '2025-01-30T08:00:00.000Z', [30, 7], { type: 'license.expiring', mark: 1, settles: [1] }],
    ['then the expiry, once', until, [30, 7, 1], { type: 'license.expired', mark: 0, settles: [0] }],
    ['and nothing after it', '2025-03-01T00:00:00.000Z', [30, 7, 1, 0], null],
    ['created 5 days before its end: only the 7-day mark, the 30-day one settled with it', '2025-01-26T00:00:00.000Z', [], { type: 'license.expiring', mark: 7, settles: [30, 7] }],
    ['a clock moved past the end: only the expiry, every mark settled', '2025-02-10T00:00:00.000Z', [30], { type: 'license.expired', mark: 0, settles: [7, 1, 0] }],
    ['a nearer mark settled already: an older one is never sent after it', '2025-01-26T00:00:00.000Z', [7], null],
  ])('%s', (_name, now, settled, expected) => {
    expect(expiryNoticeDue(until, now, berlin, settled)).toEqual(expected);
  });
});

describe('audiences', () => {
  it.each([
    ['license.threshold_reached', 'roles'],
    ['license.expiring', 'roles'],
    ['license.expired', 'roles'],
    ['license_file.loaded', 'roles'],
    ['upgrade.requested', 'requester'],
    ['upgrade.approved', 'requester'],
    ['upgrade.rejected', 'requester'],
    ['purchase.completed', 'requester'],
    ['access.denied', 'none'],
  ] as const)('%s goes to %s', (type, kind) => {
    expect(audienceOf(type).kind).toBe(kind);
  });

  it('covers every event type, and the channels for people read all but access.denied', () => {
    expect(eventTypes).toHaveLength(9);
    expect(notifiedEventTypes).toEqual(eventTypes.filter((t) => t !== 'access.denied'));
  });

  const users = [
    { id: 'usr_owner', roles: ['owner'] as const },
    { id: 'usr_lm', roles: ['license_manager', 'member'] as const },
    { id: 'usr_sys', roles: ['system_admin'] as const },
    { id: 'usr_aud', roles: ['auditor'] as const },
    { id: 'usr_mem', roles: ['member'] as const },
  ];

  it.each<[string, Record<string, unknown>, string[]]>([
    ['license.expiring', {}, ['usr_owner', 'usr_lm', 'usr_sys']],
    ['license_file.loaded', {}, ['usr_owner', 'usr_lm', 'usr_sys']],
    ['upgrade.approved', { requestedBy: 'usr_mem' }, ['usr_mem']],
    ['purchase.completed', { requestedBy: 'usr_owner' }, ['usr_owner']],
    ['upgrade.rejected', { requestedBy: 'usr_gone' }, []],
    ['upgrade.requested', {}, []],
    ['access.denied', { userId: 'usr_mem' }, []],
  ])('%s %j reaches %j', (type, data, expected) => {
    expect(recipientsOf(type as never, data, users)).toEqual(expected);
  });
});

describe('describeEvent', () => {
  it.each<[string, Record<string, unknown>, string, RegExp, string]>([
    ['license.threshold_reached', { licenseId: 'lic_1', licenseCode: 'CRM-N', thresholdPercent: 80, percentUsed: 80, used: 8, quantity: 10 }, 'License CRM-N is 80% used', /threshold of 80%: 8 of 10 in use/, '/tenants/ten_1/licenses/lic_1'],
    ['license.expiring', { licenseId: 'lic_1', licenseCode: 'CRM-N', licenseName: 'CRM users', daysBefore: 7, lastDay: '2025-01-30' }, 'License CRM-N expires in 7 days', /CRM users \(CRM-N\) is valid through 2025-01-30\. Renew it/, '/tenants/ten_1/licenses/lic_1'],
    ['license.expiring', { licenseId: 'lic_1', licenseCode: 'CRM-N', daysBefore: 1, lastDay: '2025-01-30' }, 'License CRM-N expires in 1 day', /^CRM-N is valid through/, '/tenants/ten_1/licenses/lic_1'],
    ['license.expiring', { licenseId: 'lic_1', licenseCode: 'CRM-N', daysBefore: 7, daysLeft: 5, lastDay: '2025-01-30' }, 'License CRM-N expires in 5 days', /valid through 2025-01-30/, '/tenants/ten_1/licenses/lic_1'],
    ['license.expired', { licenseId: 'lic_1', licenseCode: 'CRM-N', lastDay: '2025-01-30' }, 'License CRM-N has expired', /refused with "expired"/, '/tenants/ten_1/licenses/lic_1'],
    ['license_file.loaded', { version: 3, licenses: 4 }, 'License file version 3 loaded', /version 3, 4 licenses/, '/tenants/ten_1/licenses'],
    ['upgrade.rejected', { product: 'crm', requestedBy: 'usr_1', reason: 'no budget' }, 'Upgrade of crm rejected', /rejected: no budget\./, '/tenants/ten_1/licenses'],
    ['access.denied', { userId: 'usr_1', module: 'crm:core', code: 'seat_limit' }, 'Access to crm:core denied', /\(seat_limit\)/, '/tenants/ten_1/denied-access'],
  ])('%s reads %j', (type, data, title, body, path) => {
    const message = describeEvent(type, 'ten_1', data);
    expect(message.title).toBe(title);
    expect(message.body).toMatch(body);
    expect(message.path).toBe(path);
  });

  it('still reads an event written without the fields it expects', () => {
    expect(describeEvent('license.expired', 'ten_1', {})).toMatchObject({ title: 'License a license has expired', licenseId: null, path: '/tenants/ten_1/licenses' });
  });
});

describe('notificationReader', () => {
  const person: Principal = { kind: 'tenant', tenantId: 'ten_1', roles: ['owner'], actor: 'user:usr_1', userId: 'usr_1' };
  const key: Principal = { kind: 'tenant', tenantId: 'ten_1', roles: ['owner'], actor: 'key:key_1', userId: null };
  const vendor: Principal = { kind: 'vendor_admin', actor: 'admin-token' };
  it.each<[string, Principal, string | undefined, ReturnType<typeof notificationReader>]>([
    ['a person reads their own', person, undefined, { ok: true, userId: 'usr_1' }],
    ['a person may name themselves', person, 'usr_1', { ok: true, userId: 'usr_1' }],
    ["a person may not read another's", person, 'usr_2', { ok: false, reason: 'other_user' }],
    ['a key names the user', key, 'usr_2', { ok: true, userId: 'usr_2' }],
    ['a key must name the user', key, undefined, { ok: false, reason: 'user_required' }],
    ['a vendor admin names the user', vendor, 'usr_2', { ok: true, userId: 'usr_2' }],
    ['a vendor admin must name the user too', vendor, undefined, { ok: false, reason: 'user_required' }],
  ])('%s', (_name, principal, userId, expected) => {
    expect(notificationReader(principal, userId)).toEqual(expected);
  });
});
