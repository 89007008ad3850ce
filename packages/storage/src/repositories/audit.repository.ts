import type { AuditEvent, Page } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { AuditEventsTable } from '../tables/audit-events.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actor: row.actor,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: parseJson(row.before),
    after: parseJson(row.after),
    at: row.at,
    requestId: row.request_id,
  };
}

/** Writes one audit event; call it in the transaction of the change it records. */
export async function insertAuditEvent(db: Db, event: AuditEvent, recordedAt: string): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: event.id,
      tenant_id: event.tenantId,
      actor: event.actor,
      action: event.action,
      target_type: event.targetType,
      target_id: event.targetId,
      before: event.before === null || event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === null || event.after === undefined ? null : JSON.stringify(event.after),
      at: event.at,
      recorded_at: recordedAt,
      request_id: event.requestId,
    })
    .execute();
}

export interface AuditFilter {
  /** A tenant's events; null for vendor-wide events only; undefined for every event. */
  tenantId?: string | null | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Newest first. */
export async function listAuditEvents(db: Db, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(page.limit + 1);
  if (filter.tenantId === null) query = query.where('tenant_id', 'is', null);
  else if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.action !== undefined) {
    // `user.` lists every user action; `user.created` only that one.
    query = filter.action.endsWith('.')
      ? query.where('action', 'like', `${filter.action}%`)
      : query.where('action', '=', filter.action);
  }
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.targetType !== undefined) query = query.where('target_type', '=', filter.targetType);
  if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  return toPage((await query.execute()).map(toAuditEvent), page.limit);
}
