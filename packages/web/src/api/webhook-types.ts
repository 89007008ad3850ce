// Webhooks as the API answers them (packages/server/src/schemas/webhook.schema.ts).

/** The event types a webhook may subscribe to (SPEC 7), with what each means. */
export const webhookEventTypes = [
  ['license.threshold_reached', 'a license crossed its usage threshold'],
  ['license.expiring', 'a license expires in 30, 7 or 1 days'],
  ['license.expired', 'a license expired'],
  ['access.denied', 'an access check was refused'],
  ['upgrade.requested', 'an upgrade was requested'],
  ['upgrade.approved', 'an upgrade was approved'],
  ['upgrade.rejected', 'an upgrade was rejected'],
  ['purchase.completed', 'a purchase was completed'],
  ['license_file.loaded', 'a license file was loaded'],
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number][0];

export interface Webhook {
  id: string;
  /** null: the vendor's, hearing every tenant. */
  tenantId: string | null;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** As created: the only time the secret is shown. */
export interface IssuedWebhook extends Webhook {
  secret: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

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
