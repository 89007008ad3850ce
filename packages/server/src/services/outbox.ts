import { afterFailedAttempt, deliveryLease, deliveryLeaseSeconds } from '@allot/core';
import {
  dueDeliveryIds,
  eventsAfter,
  idFloor,
  leaseDeliveries,
  moveOutboxPosition,
  outboxPosition,
  recordDeliveryOutcome,
  type Db,
  type Delivery,
  type DomainEvent,
  type Store,
} from '@allot/storage';
import type { Clock } from './context.js';

// The machinery every notification channel shares (in-app, e-mail, webhooks): fan-out of the
// outbox by cursor, and delivery of what a channel sends out with leases and retries. What a
// channel writes and how it sends lives in its own file (`*.channel.ts`).

/** A channel as the fan-out sees it. */
export interface FanOutChannel {
  /** Its name: the row of `outbox_cursors`, and the `channel` of its deliveries. */
  name: string;
  /** The event types it carries; null for every type. */
  types: readonly string[] | null;
  /**
   * Writes the channel's rows for these events in the fan-out's transaction. An event may be
   * handed over again (see `fanOut`), so every row needs a unique key per event and recipient
   * that makes a second write a no-op.
   */
  write(trx: Db, events: readonly DomainEvent[], now: string): Promise<void>;
}

export interface FanOutSettings {
  /** Events per transaction. */
  batch: number;
  /**
   * Event ids are made from each node's clock before the transaction that writes them commits,
   * so an event can appear behind the cursor a little later (a slow transaction, another node's
   * clock a little behind). The cursor therefore never passes events younger than this: they are
   * read again on the next runs until they are this old, and the unique keys of the channel's
   * rows make that harmless.
   */
  settleSeconds: number;
  /**
   * A channel that reads only some types would otherwise keep its cursor at its last event of
   * those types and walk every later event of other types (`access.denied` of a busy installation)
   * on each run. Once its cursor is this much older than the settled time, a run that has read all
   * it had to moves the cursor up to the settled time: one write a minute at most.
   */
  catchUpSeconds: number;
}

export const fanOutSettings: FanOutSettings = { batch: 200, settleSeconds: 10, catchUpSeconds: 60 };

/**
 * Fans the outbox out to one channel: reads the events after the channel's cursor in id order,
 * lets the channel write its rows and moves the cursor, in one transaction per batch. Run it
 * under the channel's advisory lock (one node at a time). `now` is the real time. Answers how many
 * events it handed to the channel.
 */
export async function fanOut(store: Store, channel: FanOutChannel, now: string, settings: FanOutSettings = fanOutSettings): Promise<number> {
  const settled = idFloor('evt', Date.parse(now) - settings.settleSeconds * 1000);
  let position = await outboxPosition(store.db, channel.name);
  let after = position;
  let handed = 0;
  for (;;) {
    const events = await eventsAfter(store.db, after, channel.types, settings.batch);
    const last = events[events.length - 1];
    if (last === undefined) break;
    // Everything up to the last event read is done, but the cursor stops short of unsettled ids.
    const next = last.id < settled ? last.id : settled;
    await store.db.transaction().execute(async (trx) => {
      await channel.write(trx, events, now);
      if (next > position) await moveOutboxPosition(trx, channel.name, next, now);
    });
    if (next > position) position = next;
    after = last.id;
    handed += events.length;
    if (events.length < settings.batch) break;
  }
  // Every event of the channel's types up to `settled` has been handed over by now.
  if (settled > position && position < idFloor('evt', Date.parse(now) - settings.catchUpSeconds * 1000)) await moveOutboxPosition(store.db, channel.name, settled, now);
  return handed;
}

/** What one send came to. A channel's `send` answers it and throws only for a bug. */
export type SendResult = { ok: true; responseStatus?: number | null } | { ok: false; error: string; responseStatus?: number | null };

/** A channel as the delivery sees it. */
export interface DeliveryChannel {
  name: string;
  /** Sends one delivery, outside any transaction. */
  send(delivery: Delivery): Promise<SendResult>;
}

export interface DeliverySettings {
  /** Deliveries claimed at once and sent side by side. */
  batch: number;
  /** Claims no more batches after this many seconds of a run, so that other jobs get their turn. */
  runSeconds: number;
  leaseSeconds: number;
}

export const deliverySettings: DeliverySettings = { batch: 5, runSeconds: 20, leaseSeconds: deliveryLeaseSeconds };

export interface DeliveryRun {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends a channel's due deliveries: claims a batch with a lease in a short transaction (on
 * PostgreSQL `FOR UPDATE SKIP LOCKED`, so that nodes never claim the same row), sends each outside
 * any transaction, and records each outcome: delivered, retried later by core's schedule, or
 * failed after the last attempt. A node that dies while sending leaves its deliveries pending
 * until the lease runs out; then they are sent again. `random` places the retries' jitter.
 */
export async function deliverDue(store: Store, channel: DeliveryChannel, clock: Clock, settings: DeliverySettings = deliverySettings, random: () => number = Math.random): Promise<DeliveryRun> {
  const run: DeliveryRun = { delivered: 0, retrying: 0, failed: 0 };
  const stopClaimingAt = Date.parse(clock.now()) + settings.runSeconds * 1000;
  for (;;) {
    const now = clock.now();
    const claimed = await store.db.transaction().execute(async (trx) => {
      const ids = await dueDeliveryIds(trx, { channel: channel.name, now, limit: settings.batch, skipLocked: store.dialect === 'postgres' });
      return leaseDeliveries(trx, ids, deliveryLease(now, settings.leaseSeconds), now);
    });
    await Promise.all(
      claimed.map(async (delivery) => {
        let result: SendResult;
        try {
          result = await channel.send(delivery);
        } catch (error) {
          result = { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
        const at = clock.now();
        const responseStatus = result.responseStatus ?? null;
        if (result.ok) {
          await recordDeliveryOutcome(store.db, delivery.id, delivery.attempt, { status: 'delivered', at, responseStatus });
          run.delivered++;
          return;
        }
        const next = afterFailedAttempt(delivery.attempt, at, random());
        await recordDeliveryOutcome(store.db, delivery.id, delivery.attempt, { ...next, at, error: result.error, responseStatus });
        if (next.status === 'failed') run.failed++;
        else run.retrying++;
      }),
    );
    if (claimed.length < settings.batch || Date.parse(clock.now()) >= stopClaimingAt) break;
  }
  return run;
}
