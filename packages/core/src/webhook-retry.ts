/** How failed webhook deliveries are retried: exponential backoff with jitter, then given up. */
export interface WebhookRetryPolicy {
  /** Attempts in all, the first included; after the last failure the delivery is `failed`. */
  maxAttempts: number;
  /** The wait after the first failure. */
  baseSeconds: number;
  /** Each further wait is this many times the one before... */
  factor: number;
  /** ...up to this. */
  capSeconds: number;
  /** Up to this fraction is added to each wait at random, so that receivers coming back are not hit all at once. */
  jitter: number;
}

/**
 * 10 attempts over about 30 hours: waits of 1 min, 4 min, 16 min, 64 min, 4 h 16 min and then
 * 6 h four times (each plus up to 20 %).
 */
export const webhookRetryPolicy: WebhookRetryPolicy = { maxAttempts: 10, baseSeconds: 60, factor: 4, capSeconds: 6 * 3600, jitter: 0.2 };

/**
 * The wait, in seconds, before the attempt after failed attempt number `attempt` (1 for the
 * first), or null when that was the last one. `random` is in [0, 1) (the jitter's draw), passed in
 * so that the schedule is a pure function.
 *
 * @example
 * webhookRetryDelaySeconds(1, 0) // 60
 * webhookRetryDelaySeconds(2, 0.5) // 264 (240 plus 10 %)
 * webhookRetryDelaySeconds(10, 0) // null: given up
 */
export function webhookRetryDelaySeconds(attempt: number, random: number, policy: WebhookRetryPolicy = webhookRetryPolicy): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, not ${attempt}`);
  if (attempt >= policy.maxAttempts) return null;
  const nominal = Math.min(policy.baseSeconds * policy.factor ** (attempt - 1), policy.capSeconds);
  const draw = Math.min(Math.max(random, 0), 1);
  return nominal * (1 + policy.jitter * draw);
}
