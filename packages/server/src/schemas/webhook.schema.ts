import { webhookEventTypes, webhookUrlMaxLength } from '@allot/core';
import Type from 'typebox';
import { Nullable, Timestamp } from './common.js';

export const WebhookEventType = Type.Enum([...webhookEventTypes]);

const WebhookUrl = Type.String({
  minLength: 1,
  maxLength: webhookUrlMaxLength,
  description: "http or https, no user name or password; a tenant's admins may only point it at public addresses",
});
const WebhookEvents = Type.Array(WebhookEventType, { minItems: 1, maxItems: webhookEventTypes.length, uniqueItems: true, description: 'the event types it receives' });

export const Webhook = Type.Object({
  id: Type.String(),
  tenantId: Nullable(Type.String({ description: "null: the vendor's, which receives the events of every tenant" })),
  url: Type.String(),
  events: Type.Array(WebhookEventType),
  enabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const IssuedWebhook = Type.Object({
  ...Webhook.properties,
  secret: Type.String({ description: 'the signing secret of Allot-Signature: shown once, store it now' }),
});

export const NewWebhook = Type.Object({ url: WebhookUrl, events: WebhookEvents }, { additionalProperties: false });

export const WebhookChange = Type.Object(
  { url: Type.Optional(WebhookUrl), events: Type.Optional(WebhookEvents), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const WebhookDeliveryStatus = Type.Enum(['pending', 'delivered', 'failed']);

export const WebhookDelivery = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  eventId: Type.String({ description: 'the Allot-Event-Id header: the same on every attempt' }),
  type: Type.String(),
  attempt: Type.Integer({ description: 'attempts started so far' }),
  status: WebhookDeliveryStatus,
  responseStatus: Nullable(Type.Integer({ description: "the receiver's last HTTP status" })),
  error: Nullable(Type.String({ description: 'why the last attempt failed' })),
  nextAttemptAt: Nullable(Type.String({ format: 'date-time', description: 'when a pending delivery is tried next' })),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const DeliveryFilters = { status: Type.Optional(WebhookDeliveryStatus) };

export const WebhookDeliveryParams = Type.Object({ id: Type.String(), deliveryId: Type.String() });
export const TenantWebhookDeliveryParams = Type.Object({ t: Type.String(), id: Type.String(), deliveryId: Type.String() });
