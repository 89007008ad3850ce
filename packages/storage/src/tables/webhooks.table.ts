/** Webhook subscriptions: a tenant's (its own events) or the vendor's (`tenant_id` null: every tenant's). */
export interface WebhooksTable {
  id: string;
  tenant_id: string | null;
  url: string;
  /** JSON array of the event types it receives. */
  events: string;
  /**
   * The signing secret (`whsec_…`). Kept readable, since every delivery is signed with it; it is
   * shown to the API once, at creation.
   */
  secret: string;
  enabled: number;
  /** 1 when a tenant's admin set the URL: it may reach public addresses only, checked at every delivery. */
  public_only: number;
  created_at: string;
  updated_at: string;
}

/** One event for one webhook: the delivery log and the retry queue. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  /** The exact JSON posted, fixed at fan-out, so every attempt sends the same bytes. */
  body: string;
  /** `pending`, `delivered` or `failed`. */
  status: string;
  /** Attempts started so far (a claim counts one). */
  attempt: number;
  /** When a pending delivery is due; while one is being sent, the end of its lease. */
  next_attempt_at: string | null;
  response_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** How far the webhook channel has fanned out the outbox (`events`): one row per channel. */
export interface WebhookCursorTable {
  channel: string;
  last_event_id: string;
  updated_at: string;
}
