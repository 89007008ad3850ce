import { afterFailedAttempt, deliveryLease } from '@allot/core';
import { dueDeliveryIds, leaseDeliveries, recordDeliveryOutcome, type Delivery, type Store } from '@allot/storage';
import { inTransaction, type Clock } from './context.js';
import type { DeliveryChannel, SendResult } from './outbox.js';

// One delivery machinery for every channel that sends: claims with a lease, sends outside any
// transaction, outcomes recorded only by the claimer of the attempt, retries by core's schedule.

export interface ClaimRequest {
  limit: number;
  /** At most this many deliveries to one recipient at once, those in `busy` included. */
  perRecipient: number;
  /** Deliveries this process sends already, per recipient. */
  busy: ReadonlyMap<string, number>;
}

/**
 * Claims a channel's due deliveries in a short transaction: on PostgreSQL the rows are locked
 * `FOR UPDATE SKIP LOCKED`, so that nodes claiming at once take different rows; each claimed row
 * counts its attempt and moves `next_attempt_at` to the end of the lease, so that it is due again,
 * for any node, only if its claimer never records an outcome (a killed process: at least once).
 */
export async function claimDeliveries(store: Store, channel: DeliveryChannel, now: string, request: ClaimRequest): Promise<Delivery[]> {
  if (request.limit <= 0) return [];
  return inTransaction({ store }, async (trx) => {
    const ids = await dueDeliveryIds(trx, {
      channel: channel.name,
      now,
      limit: request.limit,
      skipLocked: store.dialect === 'postgres',
      perRecipient: request.perRecipient,
      busy: request.busy,
    });
    return leaseDeliveries(trx, ids, deliveryLease(now, channel.leaseSeconds), now);
  });
}

/** What became of one attempt; `interrupted`: the process stopped mid-send, the lease decides; `stale`: the lease ran out meanwhile and another claim owns the delivery. */
export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'interrupted' | 'stale';

/**
 * Sends one claimed delivery and records what it came to: delivered, due again by core's retry
 * schedule, or failed after the last attempt; guarded by the claimed attempt. `random` places the
 * retry's jitter.
 */
export async function attemptDelivery(store: Store, channel: DeliveryChannel, delivery: Delivery, clock: Clock, random: () => number, signal: AbortSignal): Promise<AttemptOutcome> {
  let result: SendResult;
  try {
    result = await channel.send(delivery, signal);
  } catch (error) {
    // Whatever went wrong is this attempt's failure, retried on the schedule, never a delivery stuck in its lease.
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  // A failure because a stop cut the send off is left to the lease: another attempt follows, as
  // after a crash. A send that got through is recorded even so.
  if (signal.aborted && !result.ok) return 'interrupted';
  const at = clock.now();
  const responseStatus = result.responseStatus ?? null;
  if (result.ok) return (await recordDeliveryOutcome(store.db, delivery.id, delivery.attempt, { status: 'delivered', at, responseStatus })) ? 'delivered' : 'stale';
  const next = afterFailedAttempt(delivery.attempt, at, random());
  if (!(await recordDeliveryOutcome(store.db, delivery.id, delivery.attempt, { ...next, at, error: result.error, responseStatus }))) return 'stale';
  return next.status === 'failed' ? 'failed' : 'retrying';
}
