import { eventTypes } from './events.js';

/** A webhook subscribes to the outbox's event types (SPEC 7): a typo is a 400, not silence. */
export const webhookEventTypes = eventTypes;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The type of the test event `POST .../webhooks/{id}/ping` sends to one webhook, whatever it subscribes to. */
export const webhookPingType = 'ping';

/** The JSON body every delivery posts: the event as the API shows it. */
export interface WebhookEventBody {
  id: string;
  type: string;
  tenantId: string | null;
  createdAt: string;
  data: Record<string, unknown>;
}

/**
 * Whether a webhook receives an event: a vendor webhook (`tenantId` null) hears every tenant, a
 * tenant's only its own; either only the types it subscribes to.
 *
 * @example
 * webhookWants({ tenantId: null, events: ['license.expired'] }, { tenantId: 'ten_a', type: 'license.expired' }) // true
 */
export function webhookWants(
  webhook: { tenantId: string | null; events: readonly string[] },
  event: { tenantId: string | null; type: string },
): boolean {
  if (webhook.tenantId !== null && webhook.tenantId !== event.tenantId) return false;
  return webhook.events.includes(event.type);
}
