import { describe, expect, it } from 'vitest';
import { webhookRetryDelaySeconds, webhookRetryPolicy } from '../src/webhook-retry.js';

describe('webhookRetryDelaySeconds', () => {
  it.each<[number, number, number | null]>([
    [1, 0, 60],
    [2, 0, 240],
    [3, 0, 960],
    [4, 0, 3840],
    [5, 0, 15360],
    [6, 0, 21600],
    [7, 0, 21600],
    [8, 0, 21600],
    [9, 0, 21600],
    [10, 0, null],
    [11, 0, null],
    [1, 0.5, 66],
    [2, 0.5, 264],
    [6, 0.999, 21600 * 1.1998],
  ])('after failed attempt %i with draw %f waits %s s', (attempt, random, expected) => {
    const delay = webhookRetryDelaySeconds(attempt, random);
    if (expected === null) expect(delay).toBeNull();
    else expect(delay).toBeCloseTo(expected, 6);
  });

  it('makes at least 8 attempts over at least 24 hours, whatever the jitter draws', () => {
    for (const draw of [0, 0.5, 0.999]) {
      let waited = 0;
      let attempts = 1;
      for (let delay = webhookRetryDelaySeconds(attempts, draw); delay !== null; delay = webhookRetryDelaySeconds(attempts, draw)) {
        waited += delay;
        attempts += 1;
      }
      expect(attempts).toBe(webhookRetryPolicy.maxAttempts);
      expect(attempts).toBeGreaterThanOrEqual(8);
      expect(waited).toBeGreaterThanOrEqual(24 * 3600);
      // ...and gives up within a day and a half, with the jitter's most.
      expect(waited).toBeLessThanOrEqual(36 * 3600 * 1.2);
    }
  });

  it('adds jitter only upwards, at most the policy fraction', () => {
    for (let attempt = 1; attempt < webhookRetryPolicy.maxAttempts; attempt++) {
      const low = webhookRetryDelaySeconds(attempt, 0) ?? 0;
      const high = webhookRetryDelaySeconds(attempt, 0.9999) ?? 0;
      expect(high).toBeGreaterThan(low);
      expect(high).toBeLessThan(low * (1 + webhookRetryPolicy.jitter) + 1e-9);
    }
  });

  it('scales with a shorter base, as tests configure it', () => {
    expect(webhookRetryDelaySeconds(3, 0, { ...webhookRetryPolicy, baseSeconds: 0.1 })).toBeCloseTo(1.6, 9);
  });

  it('refuses an attempt number that is not a positive integer', () => {
    expect(() => webhookRetryDelaySeconds(0, 0)).toThrow(RangeError);
    expect(() => webhookRetryDelaySeconds(1.5, 0)).toThrow(RangeError);
  });
});
