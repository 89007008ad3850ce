import {
  checkWebhookUrl,
  deliveryLeaseSeconds,
  signWebhookBody,
  webhookEventIdHeader,
  webhookEventTypes,
  webhookSignatureHeader,
  webhookWants,
  type WebhookEventBody,
} from '@allot/core';
import { enabledWebhooksFor, findWebhookTarget, insertDeliveries, newId, webhookChannelName, type NewDelivery, type Store } from '@allot/storage';
import { openSealed, webhookSecretLabel, type SecretKeys } from '../security/secret-key.js';
import type { Clock } from './context.js';
import type { SendingChannel, SendResult } from './outbox.js';
import { postWebhook } from './webhook-sender.js';
import { checkWebhookTarget, systemResolver, type HostResolver } from './webhook-target.service.js';

export interface WebhookSettings {
  /** A delivery not answered within this is a failed attempt (SPEC 7: 10 s). */
  timeoutMs: number;
  /** How long a claim keeps a delivery from other senders; unset: core's lease of the timeout and the host's lookup (up to 5 s). */
  leaseMs?: number;
  resolve: HostResolver;
}

export const defaultWebhookSettings: WebhookSettings = { timeoutMs: 10_000, resolve: systemResolver };

/** The longest a host's lookup may take before the POST, which the lease must cover too. */
const lookupSeconds = 5;

/**
 * Webhooks (SPEC 7): fan-out makes a delivery per event and enabled webhook that wants it (a
 * webhook hears what happens after it was made), with the exact JSON to post, so every attempt
 * sends the same bytes and event id; a send checks the URL and where its host leads again, signs
 * the body with the webhook's secret and POSTs it, never following a redirect.
 */
export function webhookChannel(store: Store, clock: Clock, secrets: Pick<SecretKeys, 'current' | 'previous'>, settings: Partial<WebhookSettings> = {}): SendingChannel {
  const { timeoutMs, leaseMs, resolve } = { ...defaultWebhookSettings, ...settings };
  return {
    name: webhookChannelName,
    types: webhookEventTypes,
    leaseSeconds: leaseMs === undefined ? deliveryLeaseSeconds(timeoutMs / 1000 + lookupSeconds) : leaseMs / 1000,

    async write(trx, events, at) {
      const tenantIds = [...new Set(events.map((e) => e.tenantId).filter((id): id is string => id !== null))];
      const hooks = await enabledWebhooksFor(trx, tenantIds);
      const rows: NewDelivery[] = [];
      for (const event of events) {
        let body: string | null = null;
        for (const hook of hooks) {
          if (hook.createdAt > event.recordedAt || !webhookWants(hook, event)) continue;
          const shown: WebhookEventBody = { id: event.id, type: event.type, tenantId: event.tenantId, createdAt: event.at, data: event.payload };
          body ??= JSON.stringify(shown);
          rows.push({ id: newId('whd'), channel: webhookChannelName, eventId: event.id, type: event.type, tenantId: event.tenantId, recipient: hook.id, address: null, body });
        }
      }
      await insertDeliveries(trx, rows, at);
    },

    async send(delivery, signal): Promise<SendResult> {
      const hook = await findWebhookTarget(store.db, delivery.recipient);
      if (hook === null || delivery.body === null) return { ok: false, error: 'The webhook is gone.' };
      const checked = checkWebhookUrl(hook.url);
      if (!checked.ok) return { ok: false, error: checked.detail };
      // Checked again at every attempt: what the host resolves to may have changed since it was saved.
      const target = await checkWebhookTarget(checked.url, hook.publicOnly, resolve);
      if (!target.ok) return { ok: false, error: target.detail };
      const secret = openSealed(hook.sealedSecret, webhookSecretLabel(hook.id), secrets);
      if (secret === null) return { ok: false, error: "the webhook's secret does not open with this node's secret key" };
      const timestamp = Math.floor(Date.parse(clock.now()) / 1000);
      const posted = await postWebhook({
        url: checked.url,
        pinned: target.pinned,
        body: delivery.body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Allot-Webhooks/1',
          [webhookEventIdHeader]: delivery.eventId,
          [webhookSignatureHeader]: signWebhookBody(delivery.body, secret, timestamp),
        },
        timeoutMs,
        signal,
      });
      return posted.delivered ? { ok: true, responseStatus: posted.status } : { ok: false, error: posted.error, responseStatus: posted.status };
    },
  };
}
