import { instantMillis } from './time.js';

/**
 * The password-guessing limits (SPEC: login, and the purchase password check). `perWindow`
 * password checks that did not succeed per subject in a window, held across nodes by the
 * database; `atOnce` password checks running at once per subject in one process, so that a flood
 * cannot queue up the hashing of everyone else.
 */
export const attemptLimits = {
  windowMinutes: 15,
  account: { perWindow: 5, atOnce: 5 },
  address: { perWindow: 30, atOnce: 8 },
} as const;

const windowMillis = attemptLimits.windowMinutes * 60_000;

/**
 * Where the window of password checks counted at `now` begins: checks before it count no more.
 *
 * @example
 * attemptWindowStart('2026-03-01T10:00:00.000Z') // '2026-03-01T09:45:00.000Z'
 */
export function attemptWindowStart(now: string): string {
  // toISOString is the canonical form of an instant (UTC, milliseconds; see `formatInstant`).
  return new Date(requiredMillis(now) - windowMillis).toISOString();
}

/**
 * Whole seconds until a refused subject may try again: until the window that began with its
 * oldest counted check (`windowStartedAt`; null when none is left) has passed, at least 1.
 *
 * @example
 * retryAfterSeconds('2026-03-01T09:50:00.000Z', '2026-03-01T10:00:00.000Z') // 300
 */
export function retryAfterSeconds(windowStartedAt: string | null, now: string): number {
  if (windowStartedAt === null) return 1;
  return Math.max(1, Math.ceil((requiredMillis(windowStartedAt) + windowMillis - requiredMillis(now)) / 1000));
}

function requiredMillis(instant: string): number {
  const millis = instantMillis(instant);
  if (millis === null) throw new TypeError(`not an instant: ${instant}`);
  return millis;
}
