import type { Page } from '@allot/core';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';

// What the vendor's server received from offline installations: imported license requests and
// verified usage reports. Each names its customer by code; `tenantId` is the tenant with that code
// on this server, if any.

export interface OfflineRecordFilter {
  customerCode?: string | undefined;
  installationId?: string | undefined;
}

export interface LicenseRequestRecord {
  id: string;
  installationId: string;
  customerCode: string;
  companyId: string;
  targetVersion: string | null;
  tenantId: string | null;
  importedAt: string;
  /** The request's canonical JSON, as imported. */
  content: string;
}

function selectLicenseRequests(db: Db) {
  return db
    .selectFrom('license_requests')
    .leftJoin('tenants', 'tenants.customer_code', 'license_requests.customer_code')
    .select([
      'license_requests.id as id',
      'license_requests.installation_id as installationId',
      'license_requests.customer_code as customerCode',
      'license_requests.company_id as companyId',
      'license_requests.target_version as targetVersion',
      'tenants.id as tenantId',
      'license_requests.imported_at as importedAt',
      'license_requests.content as content',
    ]);
}

/** Imported license requests, newest first. */
export async function listLicenseRequests(db: Db, filter: OfflineRecordFilter, page: PageRequest): Promise<Page<LicenseRequestRecord>> {
  let query = selectLicenseRequests(db).orderBy('license_requests.id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('license_requests.id', '<', before);
  if (filter.customerCode !== undefined) query = query.where('license_requests.customer_code', '=', filter.customerCode);
  if (filter.installationId !== undefined) query = query.where('license_requests.installation_id', '=', filter.installationId);
  return toPage(await query.execute(), page.limit);
}

export async function findLicenseRequest(db: Db, id: string): Promise<LicenseRequestRecord | null> {
  return (await selectLicenseRequests(db).where('license_requests.id', '=', id).executeTakeFirst()) ?? null;
}

export interface UsageReportRecord {
  id: string;
  installationId: string;
  customerCode: string;
  tenantId: string | null;
  from: string;
  to: string;
  receivedAt: string;
  /** The report's canonical JSON, as verified. */
  content: string;
}

function selectUsageReports(db: Db) {
  return db
    .selectFrom('usage_reports')
    .leftJoin('tenants', 'tenants.customer_code', 'usage_reports.customer_code')
    .select([
      'usage_reports.id as id',
      'usage_reports.installation_id as installationId',
      'usage_reports.customer_code as customerCode',
      'tenants.id as tenantId',
      'usage_reports.period_from as from',
      'usage_reports.period_to as to',
      'usage_reports.received_at as receivedAt',
      'usage_reports.content as content',
    ]);
}

/** Stored usage reports, newest first. */
export async function listUsageReports(db: Db, filter: OfflineRecordFilter, page: PageRequest): Promise<Page<UsageReportRecord>> {
  let query = selectUsageReports(db).orderBy('usage_reports.id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('usage_reports.id', '<', before);
  if (filter.customerCode !== undefined) query = query.where('usage_reports.customer_code', '=', filter.customerCode);
  if (filter.installationId !== undefined) query = query.where('usage_reports.installation_id', '=', filter.installationId);
  return toPage(await query.execute(), page.limit);
}

export async function findUsageReport(db: Db, id: string): Promise<UsageReportRecord | null> {
  return (await selectUsageReports(db).where('usage_reports.id', '=', id).executeTakeFirst()) ?? null;
}
