export interface AuditEventsTable {
  /** Time-ordered id: newest first is `ORDER BY id DESC`. */
  id: string;
  /** Null for vendor-wide changes (catalog, tenants, vendor keys). */
  tenant_id: string | null;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  before: string | null;
  after: string | null;
  /** The tenant's time (its test clock in a sandbox). */
  at: string;
  recorded_at: string;
  request_id: string | null;
}
