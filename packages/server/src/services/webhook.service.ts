import { AllotError, checkWebhookUrl, notFound, tenantNow, webhookPingType, type DeliveryStatus, type Page, type Tenant, type WebhookEventBody, type WebhookEventType } from '@allot/core';
import {
  deleteWebhook as removeWebhook,
  findWebhookDelivery,
  findDeliveryOfEvent,
  findWebhook,
  insertDeliveries,
  insertWebhook,
  queryWebhookDeliveries,
  listWebhooks as queryWebhooks,
  newId,
  scheduleDeliveryNow,
  updateWebhook as saveWebhook,
  webhookChannelName,
  type Db,
  type PageRequest,
  type Webhook,
  type WebhookDelivery,
} from '@allot/storage';
import { webhookSecretLabel } from '../security/secret-key.js';
import { randomToken } from '../security/secrets.js';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { checkWebhookTarget, systemResolver, type HostResolver } from './webhook-target.service.js';

/**
 * Webhooks of a tenant (`tenant` given) or of the vendor (`tenant` null, every tenant's events).
 * Who may point a webhook where is decided by who sets its URL: a tenant's own admins only at
 * public addresses (checked here and again at every delivery), the vendor admin anywhere.
 */
type Scope = Tenant | null;

export interface IssuedWebhook extends Webhook {
  /** The signing secret: shown once, here. */
  secret: string;
}

const scopeId = (scope: Scope) => scope?.id ?? null;
const auditTime = (ctx: ServiceContext, scope: Scope) => (scope === null ? ctx.clock.now() : tenantNow(scope, ctx.clock.now()));

/** What the API and the audit log show of a webhook. */
function shown(webhook: Webhook): Omit<Webhook, 'publicOnly'> {
  const { publicOnly: _publicOnly, ...rest } = webhook;
  return rest;
}

/** The URL, checked for its shape and, for a tenant's admin, for where it leads (400 naming `url`). */
async function checkedUrl(ctx: ServiceContext, text: string, resolve: HostResolver): Promise<{ url: string; publicOnly: boolean }> {
  const checked = checkWebhookUrl(text);
  if (!checked.ok) throw new AllotError('invalid_request', checked.detail, { field: 'url' });
  const publicOnly = ctx.principal.kind !== 'vendor_admin';
  const target = await checkWebhookTarget(checked.url, publicOnly, resolve);
  if (!target.ok) throw new AllotError('invalid_request', target.detail, { field: 'url' });
  return { url: checked.url.href, publicOnly };
}

async function webhookIn(db: Db, scope: Scope, id: string): Promise<Webhook> {
  const webhook = await findWebhook(db, scopeId(scope), id);
  if (webhook === null) throw notFound('webhook', id);
  return webhook;
}

export async function createWebhook(
  ctx: ServiceContext,
  scope: Scope,
  input: { url: string; events: WebhookEventType[] },
  resolve: HostResolver = systemResolver,
): Promise<IssuedWebhook> {
  const { url, publicOnly } = await checkedUrl(ctx, input.url, resolve);
  const now = ctx.clock.now();
  const webhook: Webhook = { id: newId('whk'), tenantId: scopeId(scope), url, events: [...new Set(input.events)], enabled: true, publicOnly, createdAt: now, updatedAt: now };
  const secret = `whsec_${randomToken(32)}`;
  await inTransaction(ctx, async (trx) => {
    // Stored sealed under the secret key, like the private signing keys: the server must read it back to sign.
    await insertWebhook(trx, webhook, ctx.secretKey.seal(secret, webhookSecretLabel(webhook.id)));
    await audit(ctx, trx, { tenantId: webhook.tenantId, action: 'webhook.created', targetType: 'webhook', targetId: webhook.id, after: shown(webhook), at: auditTime(ctx, scope) });
  });
  return { ...webhook, secret };
}

export async function getWebhook(ctx: ServiceContext, scope: Scope, id: string): Promise<Webhook> {
  return webhookIn(ctx.store.db, scope, id);
}

export function listWebhooks(ctx: ServiceContext, scope: Scope, page: PageRequest): Promise<Page<Webhook>> {
  return queryWebhooks(ctx.store.db, scopeId(scope), page);
}

export async function updateWebhook(
  ctx: ServiceContext,
  scope: Scope,
  id: string,
  change: { url?: string | undefined; events?: WebhookEventType[] | undefined; enabled?: boolean | undefined },
  resolve: HostResolver = systemResolver,
): Promise<Webhook> {
  // Resolved before the transaction: a slow DNS answer holds no lock.
  const target = change.url === undefined ? null : await checkedUrl(ctx, change.url, resolve);
  return inTransaction(ctx, async (trx) => {
    const before = await webhookIn(trx, scope, id);
    const after: Webhook = {
      ...before,
      ...(target === null ? {} : target),
      events: change.events === undefined ? before.events : [...new Set(change.events)],
      enabled: change.enabled ?? before.enabled,
      updatedAt: ctx.clock.now(),
    };
    await saveWebhook(trx, after);
    await audit(ctx, trx, { tenantId: after.tenantId, action: 'webhook.updated', targetType: 'webhook', targetId: id, before: shown(before), after: shown(after), at: auditTime(ctx, scope) });
    return after;
  });
}

export async function deleteWebhook(ctx: ServiceContext, scope: Scope, id: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const before = await webhookIn(trx, scope, id);
    await removeWebhook(trx, id);
    await audit(ctx, trx, { tenantId: before.tenantId, action: 'webhook.deleted', targetType: 'webhook', targetId: id, before: shown(before), at: auditTime(ctx, scope) });
  });
}

function refuseDisabled(webhook: Webhook): void {
  if (!webhook.enabled) throw new AllotError('conflict', `Webhook ${webhook.id} is disabled; enable it first.`);
}

/** Queues a `ping` event for this webhook only, whatever it subscribes to; answers its delivery. */
export async function pingWebhook(ctx: ServiceContext, scope: Scope, id: string): Promise<WebhookDelivery> {
  return inTransaction(ctx, async (trx) => {
    const webhook = await webhookIn(trx, scope, id);
    refuseDisabled(webhook);
    const now = ctx.clock.now();
    const event: WebhookEventBody = {
      id: newId('evt'),
      type: webhookPingType,
      tenantId: webhook.tenantId,
      createdAt: scope === null ? now : tenantNow(scope, now),
      data: { webhookId: webhook.id },
    };
    // An event of this delivery alone: not in the outbox, so no other channel or webhook hears it.
    await insertDeliveries(
      trx,
      [{ id: newId('whd'), channel: webhookChannelName, eventId: event.id, type: event.type, tenantId: webhook.tenantId, recipient: webhook.id, address: null, body: JSON.stringify(event) }],
      now,
    );
    const delivery = await findDeliveryOfEvent(trx, webhook.id, event.id);
    if (delivery === null) throw new Error('the ping was not queued');
    return delivery;
  });
}

export async function listWebhookDeliveries(
  ctx: ServiceContext,
  scope: Scope,
  id: string,
  filter: { status?: DeliveryStatus | undefined },
  page: PageRequest,
): Promise<Page<WebhookDelivery>> {
  const webhook = await webhookIn(ctx.store.db, scope, id);
  return queryWebhookDeliveries(ctx.store.db, webhook.id, filter, page);
}

/** Sends a delivery again now (the next round of the delivery dispatcher), with the same event id and body. */
export async function retryWebhookDelivery(ctx: ServiceContext, scope: Scope, id: string, deliveryId: string): Promise<WebhookDelivery> {
  return inTransaction(ctx, async (trx) => {
    const webhook = await webhookIn(trx, scope, id);
    if ((await findWebhookDelivery(trx, webhook.id, deliveryId)) === null) throw notFound('webhook delivery', deliveryId);
    refuseDisabled(webhook);
    await scheduleDeliveryNow(trx, deliveryId, ctx.clock.now());
    const delivery = await findWebhookDelivery(trx, webhook.id, deliveryId);
    if (delivery === null) throw notFound('webhook delivery', deliveryId);
    return delivery;
  });
}
