import type { DeliveryStatus, Page } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { DeliveriesTable } from '../tables/notifications.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

/** One event sent (or to be sent) by one channel to one recipient. */
export interface Delivery {
  id: string;
  channel: string;
  eventId: string;
  /** The event's type. */
  type: string;
  tenantId: string | null;
  recipient: string;
  address: string | null;
  /** What is sent, when the channel fixed it at fan-out (a webhook's JSON); else null. */
  body: string | null;
  status: DeliveryStatus;
  attempt: number;
  nextAttemptAt: string;
  lastError: string | null;
  responseStatus: number | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    channel: row.channel,
    eventId: row.event_id,
    type: row.type,
    tenantId: row.tenant_id,
    recipient: row.recipient,
    address: row.address,
    body: row.body,
    status: row.status as DeliveryStatus,
    attempt: Number(row.attempt),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewDelivery {
  id: string;
  channel: string;
  eventId: string;
  type: string;
  tenantId: string | null;
  recipient: string;
  address: string | null;
  body: string | null;
}

/**
 * Adds pending deliveries due at `at`; one already there for the same channel, event and recipient
 * is kept as it is (so that an event fanned out twice is sent once). Answers how many were new.
 */
export async function insertDeliveries(db: Db, rows: readonly NewDelivery[], at: string): Promise<number> {
  let added = 0;
  // A few hundred rows per statement keeps within both databases' parameter limits.
  for (let i = 0; i < rows.length; i += 200) {
    const result = await db
      .insertInto('deliveries')
      .values(
        rows.slice(i, i + 200).map((d) => ({
          id: d.id,
          channel: d.channel,
          event_id: d.eventId,
          type: d.type,
          tenant_id: d.tenantId,
          recipient: d.recipient,
          address: d.address,
          body: d.body,
          status: 'pending',
          attempt: 0,
          next_attempt_at: at,
          last_error: null,
          response_status: null,
          delivered_at: null,
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['channel', 'event_id', 'recipient']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

export interface DueRequest {
  channel: string;
  now: string;
  limit: number;
  /**
   * PostgreSQL: lock the rows with `FOR UPDATE SKIP LOCKED`, so that nodes claiming at once take
   * different rows without waiting. SQLite has no row locks; its transactions hold the whole
   * database (BEGIN IMMEDIATE) and one process owns it.
   */
  skipLocked: boolean;
  /** At most this many of one recipient, counting `busy`: a receiver that hangs holds few slots. */
  perRecipient?: number;
  /** Deliveries the claimer is sending already, per recipient. */
  busy?: ReadonlyMap<string, number>;
}

/**
 * The ids of a channel's pending deliveries due at `now`, oldest due first, at most `perRecipient`
 * of one recipient; call it in the claiming transaction. Deliveries to a disabled webhook wait
 * (they are the only recipients that can be paused; a user id never names a webhook).
 */
export async function dueDeliveryIds(trx: Db, request: DueRequest): Promise<string[]> {
  const cap = request.perRecipient ?? Number.POSITIVE_INFINITY;
  const busy = request.busy ?? new Map<string, number>();
  // Row locks and window functions cannot share one query level: a few times as many rows as
  // wanted are locked, and the cap per recipient is applied to them here. The rows not taken
  // are unlocked when the claim's short transaction ends.
  let due = trx
    .selectFrom('deliveries')
    .select(['id', 'recipient'])
    .where('channel', '=', request.channel)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', request.now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('webhooks').select('webhooks.id').whereRef('webhooks.id', '=', 'deliveries.recipient').where('webhooks.enabled', '=', 0))))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(Number.isFinite(cap) ? request.limit * 4 : request.limit);
  if (request.skipLocked) due = due.forUpdate().skipLocked();
  const taken = new Map(busy);
  const ids: string[] = [];
  for (const row of await due.execute()) {
    if (ids.length >= request.limit) break;
    const count = taken.get(row.recipient) ?? 0;
    if (count >= cap) continue;
    taken.set(row.recipient, count + 1);
    ids.push(row.id);
  }
  return ids;
}

/**
 * Claims deliveries (from `dueDeliveryIds`, in the same transaction): counts the attempt and moves
 * `next_attempt_at` to the end of the lease. Send them outside any transaction, then record the
 * outcome with the attempt they were claimed at.
 */
export async function leaseDeliveries(trx: Db, ids: readonly string[], leaseUntil: string, now: string): Promise<Delivery[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .updateTable('deliveries')
    .set((eb) => ({ attempt: eb('attempt', '+', 1), next_attempt_at: leaseUntil, updated_at: now }))
    .where('id', 'in', [...ids])
    .where('status', '=', 'pending')
    .returningAll()
    .execute();
  return rows.map(toDelivery).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export type DeliveryOutcome =
  | { status: 'delivered'; at: string; responseStatus: number | null }
  | { status: 'pending'; at: string; nextAttemptAt: string; error: string; responseStatus: number | null }
  | { status: 'failed'; at: string; error: string; responseStatus: number | null };

/**
 * Records what became of the attempt `attempt` of a delivery. Only the claimer of that attempt
 * may: a claimer whose lease ran out, and whose delivery another node claimed again, changes
 * nothing (false).
 */
export async function recordDeliveryOutcome(db: Db, id: string, attempt: number, outcome: DeliveryOutcome): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: outcome.status,
      response_status: outcome.responseStatus,
      updated_at: outcome.at,
      ...(outcome.status === 'delivered' ? { delivered_at: outcome.at, last_error: null } : { last_error: outcome.error.slice(0, 2000) }),
      ...(outcome.status === 'pending' ? { next_attempt_at: outcome.nextAttemptAt } : {}),
    })
    .where('id', '=', id)
    .where('attempt', '=', attempt)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Makes a delivery due now whatever became of it (a retry asked for by hand): it is sent again with
 * the same event id and body. False when there is none.
 */
export async function scheduleDeliveryNow(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('deliveries').set({ status: 'pending', next_attempt_at: now, delivered_at: null, updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes the deliveries that settled (delivered or failed) before `before`; answers how many. */
export async function pruneSettledDeliveries(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('deliveries').where('status', '<>', 'pending').where('updated_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes every delivery of a channel to one recipient (a webhook deleted with its log). */
export async function deleteDeliveriesTo(db: Db, channel: string, recipient: string): Promise<void> {
  await db.deleteFrom('deliveries').where('channel', '=', channel).where('recipient', '=', recipient).execute();
}

export async function findDelivery(db: Db, id: string): Promise<Delivery | null> {
  const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toDelivery(row);
}

export interface DeliveryFilter {
  channel: string;
  recipient?: string | undefined;
  tenantId?: string | undefined;
  eventId?: string | undefined;
  status?: DeliveryStatus | undefined;
}

/** A channel's deliveries, newest first. */
export async function listDeliveries(db: Db, filter: DeliveryFilter, page: PageRequest): Promise<Page<Delivery>> {
  let query = db.selectFrom('deliveries').selectAll().where('channel', '=', filter.channel).orderBy('id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.recipient !== undefined) query = query.where('recipient', '=', filter.recipient);
  if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.eventId !== undefined) query = query.where('event_id', '=', filter.eventId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return toPage((await query.execute()).map(toDelivery), page.limit);
}
