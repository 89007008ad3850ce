import type { DeliveryStatus, Page } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { DeliveriesTable } from '../tables/notifications.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

/** The webhook channel's name: its row of `outbox_cursors` and the `channel` of its deliveries (whose recipient is the webhook's id). */
export const webhookChannelName = 'webhooks';

/** One line of a webhook's delivery log (SPEC 7): a row of `deliveries` as the API shows it. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  type: string;
  attempt: number;
  status: DeliveryStatus;
  responseStatus: number | null;
  error: string | null;
  /** When a pending delivery is tried next (or its sender's lease ends); null once it settled. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function toWebhookDelivery(row: Selectable<DeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.recipient,
    eventId: row.event_id,
    type: row.type,
    attempt: Number(row.attempt),
    status: row.status as DeliveryStatus,
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    error: row.last_error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const ofWebhook = (db: Db, webhookId: string) => db.selectFrom('deliveries').selectAll().where('channel', '=', webhookChannelName).where('recipient', '=', webhookId);

/** A webhook's delivery log, newest first. */
export async function queryWebhookDeliveries(db: Db, webhookId: string, filter: { status?: DeliveryStatus | undefined }, page: PageRequest): Promise<Page<WebhookDelivery>> {
  let query = ofWebhook(db, webhookId).orderBy('id', 'desc').limit(page.limit + 1);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  return toPage((await query.execute()).map(toWebhookDelivery), page.limit);
}

export async function findWebhookDelivery(db: Db, webhookId: string, id: string): Promise<WebhookDelivery | null> {
  const row = await ofWebhook(db, webhookId).where('id', '=', id).executeTakeFirst();
  return row ? toWebhookDelivery(row) : null;
}

export async function findDeliveryOfEvent(db: Db, webhookId: string, eventId: string): Promise<WebhookDelivery | null> {
  const row = await ofWebhook(db, webhookId).where('event_id', '=', eventId).executeTakeFirst();
  return row ? toWebhookDelivery(row) : null;
}
