import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { sendCsv } from '../http/csv.js';
import { AuditEvent, AuditQuery } from '../schemas/audit.schema.js';
import { errorResponses, Page, TenantParams } from '../schemas/common.js';
import { auditCsvColumns, listAudit } from '../services/audit.service.js';

const tags = ['audit'];

export function auditRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/v1/tenants/:t/audit',
    {
      config: { permission: 'audit.read' },
      schema: { tags, summary: "A tenant's audit log, newest first (CSV with format=csv)", params: TenantParams, querystring: AuditQuery, response: { 200: Page(AuditEvent), ...errorResponses } },
    },
    async (request, reply) => {
      const { cursor, limit, format, tenantId: _ignored, ...filter } = request.query;
      const list = (from: string | undefined) => listAudit(contextOf(request, deps), { ...filter, tenantId: tenantOf(request).id }, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'audit', auditCsvColumns, list) : list(cursor);
    },
  );

  app.get(
    '/v1/audit',
    {
      config: { permission: 'vendor.manage' },
      schema: { tags, summary: 'Every audit event of every tenant and the vendor (CSV with format=csv)', querystring: AuditQuery, response: { 200: Page(AuditEvent), ...errorResponses } },
    },
    async (request, reply) => {
      const { cursor, limit, format, ...filter } = request.query;
      const list = (from: string | undefined) => listAudit(contextOf(request, deps), filter, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'audit', auditCsvColumns, list) : list(cursor);
    },
  );
}
