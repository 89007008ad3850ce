/** A wait for a full module (SPEC 11): first come, first served, per module. */
export interface SessionQueueTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** The modules asked for, as a JSON array of `product:module`. */
  modules: string;
  /** The order of the queue, numbered under the tenant's licensing lock. */
  seq: number;
  requested_at: string;
  claim_seconds: number;
  /** `waiting`, `offered` or `claimed`. */
  state: string;
  /** While waiting: dropped at this moment unless the waiter asks again. */
  expires_at: string;
  /** The session offered; it holds the licenses until claimed or `claim_seconds` pass. */
  session_id: string | null;
  offered_at: string | null;
}
