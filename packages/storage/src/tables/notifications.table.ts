/** An expiry mark settled for one term of a license (30, 7, 1 days before `valid_until`; 0 the end). */
export interface LicenseExpiryNoticesTable {
  license_id: string;
  valid_until: string;
  mark: number;
  /** The event sent for this mark; null for a mark settled by a nearer one's event. */
  event_id: string | null;
  at: string;
}

/** How far a channel has fanned out the outbox: every event with `id <= position` is done. */
export interface OutboxCursorsTable {
  channel: string;
  position: string;
  updated_at: string;
}

/** An in-app notification: one event for one user. */
export interface NotificationsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  event_id: string;
  type: string;
  /** The event's time (the tenant's). */
  created_at: string;
  read_at: string | null;
}

/** One event sent by one channel to one recipient (an e-mail to a user, a webhook call). */
export interface DeliveriesTable {
  id: string;
  channel: string;
  /** The event it carries; a webhook's `ping` is an event of its delivery alone, not in `events`. */
  event_id: string;
  /** The event's type, for the delivery log. */
  type: string;
  tenant_id: string | null;
  /** Whom it is for within the channel: a user id (e-mail), a webhook id. */
  recipient: string;
  /** Where it goes when the channel fixes that at fan-out (an e-mail address); else null. */
  address: string | null;
  /** What is sent when the channel fixes it at fan-out (a webhook's JSON, the same bytes every attempt); else null. */
  body: string | null;
  status: string;
  /** Attempts started; a claim counts as one. */
  attempt: number;
  /** When it may be claimed next: its first try, its retry, or the end of a claimer's lease. */
  next_attempt_at: string;
  last_error: string | null;
  response_status: number | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}
