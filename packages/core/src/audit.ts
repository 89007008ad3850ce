/** One recorded change: who did what to which thing, with the state before and after. */
export interface AuditEvent {
  id: string;
  tenantId: string | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  at: string;
  requestId: string | null;
}

/** The page shape every list answers with. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
