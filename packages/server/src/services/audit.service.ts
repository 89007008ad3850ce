import { AllotError, formatInstant, parseInstant, type AuditEvent, type Page } from '@allot/core';
import { listAuditEvents, type AuditFilter, type PageRequest } from '@allot/storage';
import type { ServiceContext } from './context.js';

export const auditCsvColumns = ['id', 'at', 'actor', 'action', 'targetType', 'targetId', 'before', 'after', 'requestId', 'tenantId'] as const;

/** `from`/`to` in any offset, as the canonical UTC text the log is stored in. */
function canonical(instant: string | undefined, field: string): string | undefined {
  if (instant === undefined) return undefined;
  const parsed = parseInstant(instant);
  if (parsed === null) throw new AllotError('invalid_request', `${field} must be an ISO 8601 instant.`, { field });
  return formatInstant(parsed);
}

export function listAudit(ctx: ServiceContext, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>> {
  return listAuditEvents(ctx.store.db, { ...filter, from: canonical(filter.from, 'from'), to: canonical(filter.to, 'to') }, page);
}
