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
