import { describe, expect, it } from 'vitest';
import { deviceDaysLeft, deviceExpiringThrough, deviceExpiry, licenseKeyState, remainingDaysOnDetach } from '../src/device.js';

describe('device license terms', () => {
  it.each([
    // validUntil, now, zone, days from today to the last day
    ['2025-01-30', '2024-01-31T09:00:00Z', 'Europe/Berlin', 365],
    ['2025-01-30', '2025-01-01T10:00:00Z', 'Europe/Berlin', 29],
    ['2025-01-30', '2025-01-30T10:00:00Z', 'UTC', 0],
    ['2025-01-30', '2025-01-31T00:00:00Z', 'UTC', -1],
    ['2025-01-30', '2025-01-30T23:30:00Z', 'Europe/Berlin', -1],
    ['2025-01-30', '2025-01-30T23:30:00Z', 'America/New_York', 0],
    ['2024-03-31', '2024-03-30T12:00:00Z', 'Europe/Berlin', 1],
    ['2024-02-01', '2024-03-01T10:00:00Z', 'UTC', -29],
  ])('a license valid until %s has, at %s in %s, %i days left', (validUntil, now, zone, days) => {
    expect(deviceDaysLeft(validUntil, now, zone)).toBe(days);
  });

  it('a device without a license has no days left to count', () => {
    expect(deviceDaysLeft(null, '2025-01-01T00:00:00Z', 'UTC')).toBeNull();
  });

  it.each([
    [null, 'none'],
    [365, 'valid'],
    [31, 'valid'],
    [30, 'expiring'],
    [1, 'expiring'],
    [0, 'expiring'],
    [-1, 'expired'],
    [-30, 'expired'],
  ] as const)('%s days left read as %s', (days, level) => {
    expect(deviceExpiry(days)).toBe(level);
  });

  it.each([
    ['2024-03-06', '2024-04-05'],
    ['2024-02-15', '2024-03-16'],
    ['2024-12-20', '2025-01-19'],
  ])('seen from %s, licenses ending through %s are running out, and the next day is not', (today, through) => {
    const now = `${today}T12:00:00Z`;
    expect(deviceExpiringThrough(today)).toBe(through);
    expect(deviceExpiry(deviceDaysLeft(through, now, 'UTC'))).toBe('expiring');
    expect(deviceExpiry(deviceDaysLeft(today, now, 'UTC'))).toBe('expiring');
    const after = new Date(Date.parse(`${through}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(deviceExpiry(deviceDaysLeft(after, now, 'UTC'))).toBe('valid');
  });

  it.each([
    [{ available: 2, running: 0 }, 'active'],
    [{ available: 0, running: 1 }, 'active'],
    [{ available: 1, running: 3 }, 'active'],
    [{ available: 0, running: 0 }, 'expired'],
  ] as const)('a key with %o is %s', (key, state) => {
    expect(licenseKeyState(key)).toBe(state);
  });

  it.each([
    ['2024-03-06', '2025-01-30', 327],
    ['2025-01-29', '2025-01-30', 0],
    ['2025-02-10', '2025-01-30', 0],
  ])('detached on %s, a license valid until %s brings back %i days', (on, until, days) => {
    expect(remainingDaysOnDetach(on, until)).toBe(days);
  });
});
