import { addSeconds, formatInstant, Temporal } from './time.js';

/** Where a delivery of an event to one recipient stands. */
export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * How every channel that sends (e-mail, webhooks) retries: the first retry soon (a refused
 * connection, a greylisting 451 or a receiver restarting often clears in seconds), then three times
 * longer each time up to 8 hours, each delay moved by up to ±20 % so that many failed deliveries do
 * not come back at one instant. With 13 attempts the last comes at least 29 hours after the first
 * (SPEC 7: at least 8 over 24 h).
 */
export const retryPolicy = {
  maxAttempts: 13,
  firstDelaySeconds: 5,
  factor: 3,
  maxDelaySeconds: 8 * 3600,
  jitter: 0.2,
} as const;

/** What a lease adds to the longest a send may take: the lookups before it and the recording after. */
export const leaseMarginSeconds = 15;

/**
 * How long a claimed delivery stays with the node that claimed it: longer than its channel's send
 * may take (`sendSeconds`, the channel's own timeouts), so that no other node sends it meanwhile;
 * when the node dies, the lease runs out and the delivery is sent again (at least once).
 *
 * @example
 * deliveryLeaseSeconds(10) // 25 (a webhook: 10 s to answer)
 */
export function deliveryLeaseSeconds(sendSeconds: number): number {
  return Math.ceil(sendSeconds) + leaseMarginSeconds;
}

/**
 * Seconds to wait after failed attempt `attempt` (1 for the first), with `random` in [0, 1)
 * placing it within the jitter band.
 *
 * @example
 * retryDelaySeconds(1, 0.5) // 5
 * retryDelaySeconds(3, 0.5) // 45
 * retryDelaySeconds(12, 0) // 23040 (8 h less 20 %)
 */
export function retryDelaySeconds(attempt: number, random: number): number {
  const { firstDelaySeconds, factor, maxDelaySeconds, jitter } = retryPolicy;
  const base = Math.min(maxDelaySeconds, firstDelaySeconds * factor ** Math.max(0, attempt - 1));
  const spread = 1 - jitter + 2 * jitter * Math.min(Math.max(random, 0), 1);
  return Math.max(1, Math.round(base * spread));
}

/** What becomes of a delivery after a failed attempt. */
export type AfterFailure = { status: 'pending'; nextAttemptAt: string } | { status: 'failed' };

/**
 * The state after failed attempt `attempt` at `now`: retried later, or `failed` once the last
 * attempt has failed.
 *
 * @example
 * afterFailedAttempt(1, '2026-01-01T00:00:00.000Z', 0.5) // { status: 'pending', nextAttemptAt: '2026-01-01T00:00:05.000Z' }
 * afterFailedAttempt(13, '2026-01-01T00:00:00.000Z', 0.5) // { status: 'failed' }
 */
export function afterFailedAttempt(attempt: number, now: string, random: number): AfterFailure {
  if (attempt >= retryPolicy.maxAttempts) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: addSeconds(now, retryDelaySeconds(attempt, random)) };
}

/**
 * Until when a delivery claimed at `now` is the claimer's, for a lease of `seconds`
 * (`deliveryLeaseSeconds`): its `next_attempt_at` is moved there, so that it is due again, for any
 * node, only if the claimer never records an outcome.
 *
 * @example
 * deliveryLease('2026-01-01T00:00:00.000Z', 120) // '2026-01-01T00:02:00.000Z'
 */
export function deliveryLease(now: string, seconds: number): string {
  return addSeconds(now, Math.ceil(seconds));
}

/**
 * True when a pending delivery may be claimed at `now`: never tried, due for a retry, or its lease
 * ran out. The claim's query (`dueDeliveryIds`) asks the same in SQL.
 *
 * @example
 * deliveryDue({ status: 'pending', nextAttemptAt: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z') // true
 * deliveryDue({ status: 'failed', nextAttemptAt: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z') // false
 */
export function deliveryDue(delivery: { status: DeliveryStatus; nextAttemptAt: string }, now: string): boolean {
  return delivery.status === 'pending' && delivery.nextAttemptAt <= now;
}

/**
 * How long a settled delivery (delivered or failed) stays in the delivery log. Pending ones stay
 * until they settle; the log answers what happened in the last month, and the table does not grow
 * without end.
 */
export const deliveryRetentionDays = 30;

/**
 * The instant before which settled deliveries are pruned at `now`: `deliveryRetentionDays` of
 * 24 hours back on the time line (a retention is elapsed time, not a tenant's calendar).
 *
 * @example
 * deliveryPruneBefore('2026-03-31T12:00:00.000Z') // '2026-03-01T12:00:00.000Z'
 */
export function deliveryPruneBefore(now: string): string {
  return formatInstant(Temporal.Instant.from(now).subtract({ hours: 24 * deliveryRetentionDays }));
}
