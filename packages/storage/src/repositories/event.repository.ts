import type { OutboxEvent, Page } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { EventsTable } from '../tables/events.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface DomainEvent {
  id: string;
  tenantId: string | null;
  type: string;
  payload: Record<string, unknown>;
  at: string;
}

/** An event as the outbox's fan-out reads it: with the time it was written (`at` is the tenant's time of the change). */
export interface RecordedEvent extends DomainEvent {
  recordedAt: string;
}

function toDomainEvent(row: Selectable<EventsTable>): DomainEvent {
  return { id: row.id, tenantId: row.tenant_id, type: row.type, payload: JSON.parse(row.payload) as Record<string, unknown>, at: row.at };
}

/** An event as the API answers it. */
export function toOutboxEvent(event: DomainEvent): OutboxEvent {
  return { id: event.id, type: event.type, tenantId: event.tenantId, createdAt: event.at, data: event.payload };
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
  return (await query.execute()).map(toDomainEvent);
}

export async function findEvent(db: Db, id: string): Promise<DomainEvent | null> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toDomainEvent(row);
}

export interface EventFilter {
  type?: string | undefined;
  /** Events at or after this instant (the tenant's time of the change). */
  from?: string | undefined;
  /** Events before this instant. */
  to?: string | undefined;
}

/** A tenant's events, newest first. */
export async function listEventsPage(db: Db, tenantId: string, filter: EventFilter, page: PageRequest): Promise<Page<OutboxEvent>> {
  let query = db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  return toPage((await query.execute()).map((row) => toOutboxEvent(toDomainEvent(row))), page.limit);
}

/** Events of every tenant after `after` in id order, of the given types only when `types` is set: what a channel fans out. */
export async function eventsAfter(db: Db, after: string, types: readonly string[] | null, limit: number): Promise<RecordedEvent[]> {
  let query = db.selectFrom('events').selectAll().where('id', '>', after).orderBy('id').limit(limit);
  if (types !== null) query = query.where('type', 'in', [...types]);
  return (await query.execute()).map((row) => ({ ...toDomainEvent(row), recordedAt: row.recorded_at }));
}
