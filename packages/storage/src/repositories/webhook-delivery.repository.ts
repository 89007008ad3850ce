import type { Page } from '@allot/core';
import { sql, type Selectable } from 'kysely';
import type { Db, Dialect } from '../database.js';
import { newId } from '../ids.js';
import type { WebhookDeliveriesTable } from '../tables/webhooks.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One line of a webhook's delivery log. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  type: string;
  attempt: number;
  status: WebhookDeliveryStatus;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    type: row.event_type,
    attempt: Number(row.attempt),
    status: row.status as WebhookDeliveryStatus,
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    error: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// ---- Fan-out: the outbox read by cursor ----

const channel = 'webhooks';

/** The last event id the webhook channel has fanned out ('' before the first). */
export async function readWebhookCursor(db: Db): Promise<string> {
  const row = await db.selectFrom('webhook_cursor').select('last_event_id').where('channel', '=', channel).executeTakeFirst();
  return row?.last_event_id ?? '';
}

/** Moves the cursor forward to `lastEventId`, never back. */
export async function moveWebhookCursor(db: Db, lastEventId: string, at: string): Promise<void> {
  await db
    .insertInto('webhook_cursor')
    .values({ channel, last_event_id: lastEventId, updated_at: at })
    .onConflict((oc) => oc.column('channel').doUpdateSet({ last_event_id: lastEventId, updated_at: at }).where('webhook_cursor.last_event_id', '<', lastEventId))
    .execute();
}

/** An event of the outbox as the webhook channel reads it. */
export interface OutboxEvent {
  id: string;
  tenantId: string | null;
  type: string;
  data: Record<string, unknown>;
  /** The tenant's time of the change. */
  createdAt: string;
  /** The real time it was written. */
  recordedAt: string;
}

/** Events after `afterId`, in id order. */
export async function outboxEventsAfter(db: Db, afterId: string, limit: number): Promise<OutboxEvent[]> {
  const rows = await db.selectFrom('events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, type: r.type, data: JSON.parse(r.payload) as Record<string, unknown>, createdAt: r.at, recordedAt: r.recorded_at }));
}

/** What fan-out needs of a webhook. */
export interface WebhookSubscription {
  id: string;
  tenantId: string | null;
  events: string[];
  createdAt: string;
}

/** The enabled webhooks that may hear events of these tenants: theirs and the vendor's. */
export async function enabledWebhooksFor(db: Db, tenantIds: readonly string[]): Promise<WebhookSubscription[]> {
  const rows = await db
    .selectFrom('webhooks')
    .select(['id', 'tenant_id', 'events', 'created_at'])
    .where('enabled', '=', 1)
    .where((eb) => (tenantIds.length === 0 ? eb('tenant_id', 'is', null) : eb.or([eb('tenant_id', 'is', null), eb('tenant_id', 'in', [...tenantIds])])))
    .execute();
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, events: JSON.parse(r.events) as string[], createdAt: r.created_at }));
}

/** Which of these events already have a delivery, as `<webhook id> <event id>` keys. */
export async function existingDeliveryKeys(db: Db, eventIds: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let i = 0; i < eventIds.length; i += 500) {
    const rows = await db
      .selectFrom('webhook_deliveries')
      .select(['webhook_id', 'event_id'])
      .where('event_id', 'in', eventIds.slice(i, i + 500))
      .execute();
    for (const row of rows) keys.add(`${row.webhook_id} ${row.event_id}`);
  }
  return keys;
}

export interface NewWebhookDelivery {
  webhookId: string;
  eventId: string;
  type: string;
  body: string;
}

/**
 * Queues deliveries, due at `at`; one already queued for the same webhook and event is left as it
 * is (the unique key), so that reading an event twice sends it once. Answers how many were new.
 */
export async function insertWebhookDeliveries(db: Db, deliveries: readonly NewWebhookDelivery[], at: string): Promise<number> {
  let added = 0;
  // A few hundred rows per statement keeps within both databases' parameter limits.
  for (let i = 0; i < deliveries.length; i += 200) {
    const chunk = deliveries.slice(i, i + 200);
    const result = await db
      .insertInto('webhook_deliveries')
      .values(
        chunk.map((d) => ({
          id: newId('whd'),
          webhook_id: d.webhookId,
          event_id: d.eventId,
          event_type: d.type,
          body: d.body,
          status: 'pending',
          attempt: 0,
          next_attempt_at: at,
          response_status: null,
          last_error: null,
          delivered_at: null,
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'webhook_id']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

// ---- Delivery: claims with a lease, outcomes guarded by the attempt ----

/** A delivery claimed for sending, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  /** The attempt this claim is; its outcome is recorded only while the row is still at it. */
  attempt: number;
  body: string;
  url: string;
  secret: string;
  publicOnly: boolean;
}

/**
 * Claims up to `limit` pending deliveries of enabled webhooks that are due at `now`, at most
 * `perWebhook` of any one webhook (so that one receiver that hangs cannot take every slot), in one
 * statement: each
 * one's attempt is counted and its `next_attempt_at` moved to `leaseUntil`, so that no one else
 * takes it while it is sent, and a process that dies while sending leaves it to be taken again
 * when the lease runs out. On PostgreSQL the rows are locked `FOR UPDATE SKIP LOCKED`, so nodes
 * claiming at once take different rows; SQLite has one process. `skipWebhookIds`: webhooks this
 * process is busy enough with.
 */
export async function claimDueDeliveries(
  db: Db,
  dialect: Dialect,
  options: { now: string; leaseUntil: string; limit: number; perWebhook: number; skipWebhookIds?: readonly string[] },
): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  const skip = options.skipWebhookIds ?? [];
  // Due rows are locked first (on PostgreSQL skipping those another node holds), a few times as
  // many as wanted so that the cap per webhook still leaves a full claim; of those, the first of
  // each webhook are claimed. (Row locks and window functions cannot share one query level.)
  const claimed = await db
    .with('due', (qb) => {
      let due = qb
        .selectFrom('webhook_deliveries as d')
        .select(['d.id', 'd.webhook_id', 'd.next_attempt_at'])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', options.now)
        .where((eb) => eb.exists(eb.selectFrom('webhooks as w').select('w.id').whereRef('w.id', '=', 'd.webhook_id').where('w.enabled', '=', 1)))
        .orderBy('d.next_attempt_at')
        .limit(options.limit * 4);
      if (skip.length > 0) due = due.where('d.webhook_id', 'not in', [...skip]);
      return dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
    })
    .with('ranked', (qb) =>
      qb.selectFrom('due').select(['due.id', 'due.next_attempt_at', sql<number>`row_number() over (partition by due.webhook_id order by due.next_attempt_at, due.id)`.as('rank')]),
    )
    .updateTable('webhook_deliveries')
    .set((eb) => ({ attempt: eb('attempt', '+', 1), next_attempt_at: options.leaseUntil, updated_at: options.now }))
    .where('id', 'in', (eb) => eb.selectFrom('ranked').select('ranked.id').where('ranked.rank', '<=', options.perWebhook).orderBy('ranked.next_attempt_at').limit(options.limit))
    .where('status', '=', 'pending')
    .returning(['id', 'webhook_id', 'event_id', 'attempt', 'body'])
    .execute();
  if (claimed.length === 0) return [];
  const hooks = await db
    .selectFrom('webhooks')
    .select(['id', 'url', 'secret', 'public_only'])
    .where('id', 'in', [...new Set(claimed.map((c) => c.webhook_id))])
    .execute();
  const byId = new Map(hooks.map((h) => [h.id, h]));
  const out: ClaimedDelivery[] = [];
  for (const row of claimed) {
    const hook = byId.get(row.webhook_id);
    // Deleted between the claim and this read: its deliveries went with it.
    if (hook === undefined) continue;
    out.push({
      id: row.id,
      webhookId: row.webhook_id,
      eventId: row.event_id,
      attempt: Number(row.attempt),
      body: row.body,
      url: hook.url,
      secret: hook.secret,
      publicOnly: Number(hook.public_only) === 1,
    });
  }
  return out;
}

/** The outcome of one attempt. `nextAttemptAt` null for a failure means given up (`failed`). */
export type WebhookDeliveryOutcome =
  | { delivered: true; responseStatus: number; at: string }
  | { delivered: false; responseStatus: number | null; error: string; nextAttemptAt: string | null; at: string };

/**
 * Records what an attempt came to, if the delivery is still at that attempt: a claim that outlived
 * its lease, or a delivery sent again meanwhile, records nothing. Answers whether it recorded.
 */
export async function recordWebhookDeliveryOutcome(db: Db, claim: { id: string; attempt: number }, outcome: WebhookDeliveryOutcome): Promise<boolean> {
  const changes = outcome.delivered
    ? { status: 'delivered', response_status: outcome.responseStatus, last_error: null, next_attempt_at: null, delivered_at: outcome.at, updated_at: outcome.at }
    : {
        status: outcome.nextAttemptAt === null ? 'failed' : 'pending',
        response_status: outcome.responseStatus,
        last_error: outcome.error,
        next_attempt_at: outcome.nextAttemptAt,
        updated_at: outcome.at,
      };
  const result = await db
    .updateTable('webhook_deliveries')
    .set(changes)
    .where('id', '=', claim.id)
    .where('attempt', '=', claim.attempt)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// ---- The delivery log ----

export async function queryWebhookDeliveries(db: Db, webhookId: string, filter: { status?: WebhookDeliveryStatus | undefined }, page: PageRequest): Promise<Page<WebhookDelivery>> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(page.limit + 1);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  return toPage((await query.execute()).map(toDelivery), page.limit);
}

export async function findWebhookDelivery(db: Db, webhookId: string, id: string): Promise<WebhookDelivery | null> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).where('id', '=', id).executeTakeFirst();
  return row ? toDelivery(row) : null;
}

export async function findDeliveryOfEvent(db: Db, webhookId: string, eventId: string): Promise<WebhookDelivery | null> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).where('webhook_id', '=', webhookId).executeTakeFirst();
  return row ? toDelivery(row) : null;
}

/** Makes a delivery due now, whatever it came to before: it is sent again with the same event id and body. */
export async function makeDeliveryDue(db: Db, webhookId: string, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, delivered_at: null, updated_at: now })
    .where('webhook_id', '=', webhookId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
