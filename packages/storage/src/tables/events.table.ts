/** Domain events (`license.threshold_reached`, …) waiting for the notification channels. */
export interface EventsTable {
  id: string;
  tenant_id: string | null;
  type: string;
  payload: string;
  at: string;
  recorded_at: string;
}
