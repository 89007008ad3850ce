import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, deliveryDue, deliveryLease, deliveryLeaseSeconds, deliveryPruneBefore, retryDelaySeconds, retryPolicy } from '../src/delivery.js';

const at = '2026-01-01T00:00:00.000Z';

describe('retry schedule', () => {
  it.each([
    [1, 0.5, 5],
    [2, 0.5, 15],
    [3, 0.5, 45],
    [4, 0.5, 135],
    [8, 0.5, 10935],
    [9, 0.5, 28800],
    [12, 0.5, 28800],
    [1, 0, 4],
    [1, 0.999999, 6],
    [12, 0, 23040],
    [12, 0.999999, 34560],
  ])('after failed attempt %i with jitter %d waits %i s', (attempt, random, seconds) => {
    expect(retryDelaySeconds(attempt, random)).toBe(seconds);
  });

  it('keeps a random outside [0, 1) within the band', () => {
    expect(retryDelaySeconds(2, -1)).toBe(12);
    expect(retryDelaySeconds(2, 7)).toBe(18);
  });

  it('makes at least 8 attempts spread over at least 24 hours, however the jitter falls', () => {
    expect(retryPolicy.maxAttempts).toBeGreaterThanOrEqual(8);
    for (const random of [0, 0.5, 0.999999]) {
      let now = at;
      let attempts = 1;
      for (;;) {
        const next = afterFailedAttempt(attempts, now, random);
        if (next.status === 'failed') break;
        now = next.nextAttemptAt;
        attempts++;
      }
      expect(attempts).toBe(retryPolicy.maxAttempts);
      const hours = (Date.parse(now) - Date.parse(at)) / 3_600_000;
      expect(hours).toBeGreaterThanOrEqual(24);
      expect(hours).toBeLessThan(48);
    }
  });

  it.each([
    [1, { status: 'pending', nextAttemptAt: '2026-01-01T00:00:05.000Z' }],
    [12, { status: 'pending', nextAttemptAt: '2026-01-01T08:00:00.000Z' }],
    [13, { status: 'failed' }],
    [14, { status: 'failed' }],
  ] as const)('after failed attempt %i: %j', (attempt, expected) => {
    expect(afterFailedAttempt(attempt, at, 0.5)).toEqual(expected);
  });
});

describe('leases', () => {
  it.each([
    ['a webhook (10 s to answer)', 10, 25],
    ['a webhook with a 2 s timeout', 2, 17],
    ['e-mail (105 s of SMTP timeouts)', 105, 120],
    ['a fraction of a second rounds up', 0.4, 16],
  ])('holds %s for the send and a margin', (_name, sendSeconds, lease) => {
    expect(deliveryLeaseSeconds(sendSeconds)).toBe(lease);
  });

  it('moves a claimed delivery to the end of its lease', () => {
    expect(deliveryLease(at, 120)).toBe('2026-01-01T00:02:00.000Z');
    expect(deliveryLease(at, 2.5)).toBe('2026-01-01T00:00:03.000Z');
  });

  it.each([
    ['a pending delivery at its time', { status: 'pending', nextAttemptAt: at }, true],
    ['a pending delivery whose lease ran out', { status: 'pending', nextAttemptAt: '2025-12-31T23:59:00.000Z' }, true],
    ['a claimed delivery within its lease', { status: 'pending', nextAttemptAt: deliveryLease(at, 120) }, false],
    ['a delivered one', { status: 'delivered', nextAttemptAt: at }, false],
    ['a failed one', { status: 'failed', nextAttemptAt: at }, false],
  ] as const)('%s is due: %s', (_name, delivery, due) => {
    expect(deliveryDue(delivery, at)).toBe(due);
  });
});

describe('retention', () => {
  it.each([
    ['30 days back', '2026-03-31T12:00:00.000Z', '2026-03-01T12:00:00.000Z'],
    ['across a year', '2026-01-10T00:00:00.000Z', '2025-12-11T00:00:00.000Z'],
    ['30 × 24 h, whatever a zone does with its clocks', '2026-04-15T01:30:00.000Z', '2026-03-16T01:30:00.000Z'],
  ])('prunes settled deliveries older than %s', (_name, now, before) => {
    expect(deliveryPruneBefore(now)).toBe(before);
  });
});
