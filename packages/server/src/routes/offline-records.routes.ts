import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, IdParams } from '../schemas/common.js';
import { LicenseRequestDetail, LicenseRequestRecord, OfflineRecordFilters, UsageReportDetail, UsageReportRecord } from '../schemas/offline-records.schema.js';
import { getLicenseRequest, getUsageReport, listLicenseRequests, listUsageReports } from '../services/offline-records.service.js';

const tags = ['license files'];

/** The vendor's records of what offline installations sent in. */
export function offlineRecordRoutes(app: App, deps: AppDeps): void {
  listRoute(app, {
    url: '/v1/license-requests',
    permission: 'vendor.manage',
    tags,
    summary: 'Imported license requests, newest first (vendor)',
    filters: OfflineRecordFilters,
    item: LicenseRequestRecord,
    csvName: 'license-requests',
    page: (request, filter, page) => listLicenseRequests(contextOf(request, deps), filter, page),
  });
  app.get(
    '/v1/license-requests/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'One imported license request with its content (vendor)', params: IdParams, response: { 200: LicenseRequestDetail, ...errorResponses } } },
    async (request) => getLicenseRequest(contextOf(request, deps), request.params.id),
  );
  listRoute(app, {
    url: '/v1/usage-reports',
    permission: 'vendor.manage',
    tags,
    summary: 'Stored usage reports, newest first (vendor)',
    filters: OfflineRecordFilters,
    item: UsageReportRecord,
    csvName: 'usage-reports',
    page: (request, filter, page) => listUsageReports(contextOf(request, deps), filter, page),
  });
  app.get(
    '/v1/usage-reports/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'One stored usage report with its content (vendor)', params: IdParams, response: { 200: UsageReportDetail, ...errorResponses } } },
    async (request) => getUsageReport(contextOf(request, deps), request.params.id),
  );
}
