import type { Page, WebhookEventType } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { WebhooksTable } from '../tables/webhooks.table.js';
import { deleteDeliveriesTo } from './delivery.repository.js';
import { cursorId, toPage, type PageRequest } from './page.js';
import { webhookChannelName } from './webhook-delivery.repository.js';

/** A webhook as the API shows it: never its secret. */
export interface Webhook {
  id: string;
  /** Null for a vendor webhook, which hears every tenant. */
  tenantId: string | null;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** Set by a tenant's admin: public addresses only, checked at every delivery. */
  publicOnly: boolean;
  createdAt: string;
  updatedAt: string;
}

function toWebhook(row: Selectable<WebhooksTable>): Webhook {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    enabled: Number(row.enabled) === 1,
    publicOnly: Number(row.public_only) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertWebhook(db: Db, webhook: Webhook, secret: string): Promise<void> {
  await db
    .insertInto('webhooks')
    .values({
      id: webhook.id,
      tenant_id: webhook.tenantId,
      url: webhook.url,
      events: JSON.stringify(webhook.events),
      secret,
      enabled: webhook.enabled ? 1 : 0,
      public_only: webhook.publicOnly ? 1 : 0,
      created_at: webhook.createdAt,
      updated_at: webhook.updatedAt,
    })
    .execute();
}

/** A webhook of the tenant (or, with `tenantId` null, of the vendor). */
export async function findWebhook(db: Db, tenantId: string | null, id: string): Promise<Webhook | null> {
  let query = db.selectFrom('webhooks').selectAll().where('id', '=', id);
  query = tenantId === null ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', tenantId);
  const row = await query.executeTakeFirst();
  return row ? toWebhook(row) : null;
}

export async function listWebhooks(db: Db, tenantId: string | null, page: PageRequest): Promise<Page<Webhook>> {
  let query = db.selectFrom('webhooks').selectAll().orderBy('id').limit(page.limit + 1);
  query = tenantId === null ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', tenantId);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  return toPage((await query.execute()).map(toWebhook), page.limit);
}

export async function updateWebhook(db: Db, webhook: Webhook): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({
      url: webhook.url,
      events: JSON.stringify(webhook.events),
      enabled: webhook.enabled ? 1 : 0,
      public_only: webhook.publicOnly ? 1 : 0,
      updated_at: webhook.updatedAt,
    })
    .where('id', '=', webhook.id)
    .execute();
}

/** Deletes a webhook and, with it, its delivery log; call it in a transaction. */
export async function deleteWebhook(db: Db, id: string): Promise<boolean> {
  await deleteDeliveriesTo(db, webhookChannelName, id);
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
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

/** What sending to a webhook needs: where, the sealed secret, and whether only public addresses may be reached. */
export interface WebhookTarget {
  id: string;
  url: string;
  sealedSecret: string;
  publicOnly: boolean;
  enabled: boolean;
}

export async function findWebhookTarget(db: Db, id: string): Promise<WebhookTarget | null> {
  const row = await db.selectFrom('webhooks').select(['id', 'url', 'secret', 'public_only', 'enabled']).where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : { id: row.id, url: row.url, sealedSecret: row.secret, publicOnly: Number(row.public_only) === 1, enabled: Number(row.enabled) === 1 };
}

/** Every webhook's stored (sealed) signing secret, for start-up to seal them again under a new secret key. */
export async function webhookSecrets(db: Db): Promise<{ id: string; secret: string }[]> {
  return db.selectFrom('webhooks').select(['id', 'secret']).orderBy('id').execute();
}

/**
 * Replaces a webhook's stored secret, only while it is still `from` (several nodes may seal it at
 * once at start-up). Answers whether this call changed it.
 */
export async function replaceWebhookSecret(db: Db, id: string, from: string, to: string): Promise<boolean> {
  const result = await db.updateTable('webhooks').set({ secret: to }).where('id', '=', id).where('secret', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
