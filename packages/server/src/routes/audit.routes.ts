import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { AuditEvent, AuditFilters, VendorAuditFilters } from '../schemas/audit.schema.js';
import { TenantParams } from '../schemas/common.js';
import { listAudit } from '../services/audit.service.js';

const tags = ['audit'];

export function auditRoutes(app: App, deps: AppDeps): void {
  listRoute(app, {
    url: '/v1/tenants/:t/audit',
    permission: 'audit.read',
    tags,
    summary: "A tenant's audit log, newest first",
    params: TenantParams,
    filters: AuditFilters,
    item: AuditEvent,
    csvName: 'audit',
    page: (request, filter, page) => listAudit(contextOf(request, deps), { ...filter, tenantId: tenantOf(request).id }, page),
  });

  listRoute(app, {
    url: '/v1/audit',
    permission: 'vendor.manage',
    tags,
    summary: 'Every audit event of every tenant and the vendor',
    filters: VendorAuditFilters,
    item: AuditEvent,
    csvName: 'audit',
    page: (request, filter, page) => listAudit(contextOf(request, deps), filter, page),
  });
}
