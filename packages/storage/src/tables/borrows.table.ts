/** A live session borrowed for offline work (SPEC 11): it holds its licenses until `until` or its return. */
export interface BorrowsTable {
  id: string;
  tenant_id: string;
  session_id: string;
  user_id: string;
  /** The modules of the session, as a JSON array of `product:module`. */
  modules: string;
  starts_at: string;
  until: string;
  returned_at: string | null;
}
