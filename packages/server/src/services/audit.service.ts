import { instantFilter, type AuditEvent, type Page } from '@allot/core';
import { listAuditEvents, type AuditFilter, type PageRequest } from '@allot/storage';
import type { ServiceContext } from './context.js';

export function listAudit(ctx: ServiceContext, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>> {
  return listAuditEvents(ctx.store.db, { ...filter, from: instantFilter(filter.from, 'from'), to: instantFilter(filter.to, 'to') }, page);
}
