import { instantFilter, type EventType, type OutboxEvent, type Page, type Tenant } from '@allot/core';
import { insertEvent, listEventsPage, newId, type Db, type EventFilter, type PageRequest } from '@allot/storage';
import type { Clock, ServiceContext } from './context.js';

/**
 * Writes an event to the outbox; call it with the transaction of the change that causes it, so
 * that the event exists exactly when the change committed. Answers the event's id.
 */
export async function recordEvent(clock: Clock, trx: Db, event: { tenantId: string | null; type: EventType; data: Record<string, unknown>; at: string }): Promise<string> {
  const id = newId('evt');
  await insertEvent(trx, { id, tenantId: event.tenantId, type: event.type, payload: event.data, at: event.at }, clock.now());
  return id;
}

/** A tenant's events, newest first. */
export function listEvents(ctx: ServiceContext, tenant: Tenant, filter: EventFilter, page: PageRequest): Promise<Page<OutboxEvent>> {
  return listEventsPage(ctx.store.db, tenant.id, { ...filter, from: instantFilter(filter.from, 'from'), to: instantFilter(filter.to, 'to') }, page);
}
