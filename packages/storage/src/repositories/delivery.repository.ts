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
  tenantId: string | null;
  recipient: string;
  address: string | null;
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
    tenantId: row.tenant_id,
    recipient: row.recipient,
    address: row.address,
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
  tenantId: string | null;
  recipient: string;
  address: string | null;
}

/** Adds pending deliveries due at `at`; one already there for the same channel, event and recipient is kept as it is. */
export async function insertDeliveries(db: Db, rows: readonly NewDelivery[], at: string): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('deliveries')
    .values(
      rows.map((d) => ({
        id: d.id,
        channel: d.channel,
        event_id: d.eventId,
        tenant_id: d.tenantId,
        recipient: d.recipient,
        address: d.address,
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
    .execute();
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
}

/** The ids of a channel's pending deliveries due at `now`, oldest due first; call it in the claiming transaction. */
export async function dueDeliveryIds(trx: Db, request: DueRequest): Promise<string[]> {
  let due = trx
    .selectFrom('deliveries')
    .select('id')
    .where('channel', '=', request.channel)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', request.now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(request.limit);
  if (request.skipLocked) due = due.forUpdate().skipLocked();
  return (await due.execute()).map((row) => row.id);
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

/** Makes a delivery due now whatever became of it (a retry asked for by hand); false when there is none. */
export async function scheduleDeliveryNow(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('deliveries').set({ status: 'pending', next_attempt_at: now, updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
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
