import { eventsAfter, idFloor, moveOutboxPosition, outboxPosition, type Db, type Delivery, type RecordedEvent, type Store } from '@allot/storage';
import { inTransaction } from './context.js';

// What every notification channel (in-app, e-mail, webhooks) shares: fan-out of the outbox by
// cursor here, delivery with leases and retries in `delivery.ts` and the dispatcher. What a channel
// writes and how it sends lives in its own file (`*.channel.ts`).

/** A channel as the fan-out sees it. */
export interface FanOutChannel {
  /** Its name: the row of `outbox_cursors`, and the `channel` of its deliveries. */
  name: string;
  /** The event types it carries; null for every type. */
  types: readonly string[] | null;
  /**
   * Writes the channel's rows for these events in the fan-out's transaction. An event may be
   * handed over again (see `fanOut`), so every row needs a unique key per event and recipient
   * that makes a second write a no-op. `at` is when its rows are made (and its deliveries due).
   */
  write(trx: Db, events: readonly RecordedEvent[], at: string): Promise<void>;
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
 * under the channel's advisory lock (one node at a time). `now` is the real time, which event ids
 * are made from; `at` the server's clock for the rows (the same but in tests). Answers how many
 * events it handed to the channel.
 */
export async function fanOut(store: Store, channel: FanOutChannel, now: string, settings: FanOutSettings = fanOutSettings, at: string = now): Promise<number> {
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
    await inTransaction({ store }, async (trx) => {
      await channel.write(trx, events, at);
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
  /** How long a claim keeps a delivery from other senders: core's `deliveryLeaseSeconds` of the channel's longest send. */
  leaseSeconds: number;
  /** Sends one delivery, outside any transaction; gives up when `signal` aborts (the process stops). */
  send(delivery: Delivery, signal: AbortSignal): Promise<SendResult>;
}

/** A channel that sends: it fans events out to deliveries and sends them. */
export type SendingChannel = FanOutChannel & DeliveryChannel;
