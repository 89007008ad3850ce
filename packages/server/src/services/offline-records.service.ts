import { notFound, type Page } from '@allot/core';
import {
  findLicenseRequest,
  findUsageReport,
  listLicenseRequests as queryLicenseRequests,
  listUsageReports as queryUsageReports,
  type LicenseRequestRecord,
  type OfflineRecordFilter,
  type PageRequest,
  type UsageReportRecord,
} from '@allot/storage';
import type { ServiceContext } from './context.js';

// The vendor's records of what offline installations sent: imported license requests and verified
// usage reports. Lists carry the facts; one record also carries its content.

export type LicenseRequestSummary = Omit<LicenseRequestRecord, 'content'>;
export type UsageReportSummary = Omit<UsageReportRecord, 'content'>;

/** Content stored by Allot itself after parsing it, so it parses again. */
function parsed(content: string): unknown {
  return JSON.parse(content) as unknown;
}

export async function listLicenseRequests(ctx: ServiceContext, filter: OfflineRecordFilter, page: PageRequest): Promise<Page<LicenseRequestSummary>> {
  const found = await queryLicenseRequests(ctx.store.db, filter, page);
  return { items: found.items.map(({ content: _content, ...summary }) => summary), nextCursor: found.nextCursor };
}

export async function getLicenseRequest(ctx: ServiceContext, id: string): Promise<LicenseRequestSummary & { request: unknown }> {
  const found = await findLicenseRequest(ctx.store.db, id);
  if (found === null) throw notFound('license request', id);
  const { content, ...summary } = found;
  return { ...summary, request: parsed(content) };
}

export async function listUsageReports(ctx: ServiceContext, filter: OfflineRecordFilter, page: PageRequest): Promise<Page<UsageReportSummary>> {
  const found = await queryUsageReports(ctx.store.db, filter, page);
  return { items: found.items.map(({ content: _content, ...summary }) => summary), nextCursor: found.nextCursor };
}

export async function getUsageReport(ctx: ServiceContext, id: string): Promise<UsageReportSummary & { report: unknown }> {
  const found = await findUsageReport(ctx.store.db, id);
  if (found === null) throw notFound('usage report', id);
  const { content, ...summary } = found;
  return { ...summary, report: parsed(content) };
}
