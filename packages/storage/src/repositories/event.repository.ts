import type { Db } from '../database.js';

export interface DomainEvent {
  id: string;
  tenantId: string | null;
  type: string;
  payload: Record<string, unknown>;
  at: string;
}

/** Records an event in the transaction of the change that caused it. */
export async function insertEvent(db: Db, event: DomainEvent, recordedAt: string): Promise<void> {
  await db
    .insertInto('events')
    .values({ id: event.id, tenant_id: event.tenantId, type: event.type, payload: JSON.stringify(event.payload), at: event.at, recorded_at: recordedAt })
    .execute();
}

export async function listEvents(db: Db, tenantId: string, type?: string): Promise<DomainEvent[]> {
  let query = db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId).orderBy('id');
  if (type !== undefined) query = query.where('type', '=', type);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, type: r.type, payload: JSON.parse(r.payload) as Record<string, unknown>, at: r.at }));
}
