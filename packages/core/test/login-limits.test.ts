import { describe, expect, it } from 'vitest';
import { attemptLimits, attemptWindowStart, retryAfterSeconds } from '../src/login-limits.js';

describe('the window of password checks', () => {
  it('is fifteen minutes long', () => {
    expect(attemptLimits.windowMinutes).toBe(15);
  });

  it.each([
    ['in UTC', '2026-03-01T10:00:00.000Z', '2026-03-01T09:45:00.000Z'],
    ['across midnight and a month', '2026-03-01T00:10:30.250Z', '2026-02-28T23:55:30.250Z'],
    ['from another offset, canonical', '2026-03-01T11:00:00+01:00', '2026-03-01T09:45:00.000Z'],
    ['across a leap day', '2024-03-01T00:05:00.000Z', '2024-02-29T23:50:00.000Z'],
  ])('begins fifteen minutes before now, %s', (_case, now, start) => {
    expect(attemptWindowStart(now)).toBe(start);
  });

  it.each<[string, string | null, string, number]>([
    ['the window has five minutes to run', '2026-03-01T09:50:00.000Z', '2026-03-01T10:00:00.000Z', 300],
    ['a part of a second counts as a whole one', '2026-03-01T09:45:00.400Z', '2026-03-01T10:00:00.000Z', 1],
    ['just begun: the whole window', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', 900],
    ['already over: at least one second', '2026-03-01T09:00:00.000Z', '2026-03-01T10:00:00.000Z', 1],
    ['no counted check left: one second', null, '2026-03-01T10:00:00.000Z', 1],
    ['the window began at another offset', '2026-03-01T10:50:00+01:00', '2026-03-01T10:00:00.000Z', 300],
  ])('lets a refused subject try again once it has passed: %s', (_case, started, now, seconds) => {
    expect(retryAfterSeconds(started, now)).toBe(seconds);
  });

  it('refuses what is no instant rather than answering a wrong time', () => {
    expect(() => attemptWindowStart('2026-02-30T10:00:00Z')).toThrow(TypeError);
    expect(() => retryAfterSeconds('yesterday', '2026-03-01T10:00:00.000Z')).toThrow(TypeError);
  });
});
