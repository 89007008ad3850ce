import { createHash } from 'node:crypto';
import {
  AllotError,
  canonicalJson,
  countsBy,
  dataTicks,
  dateIn,
  instantFilter,
  peakSessions,
  publicKeyFrom,
  readLicenseRequest,
  readUsageReport,
  signedBlockKeyId,
  tenantNow,
  writeLicenseRequest,
  writeUsageReport,
  type LicenseRequestPayload,
  type Tenant,
  type UsageReportPayload,
  type UsageSource,
} from '@allot/core';
import {
  addKnownInstallationCustomer,
  allLicenses,
  denialCounts,
  findTenantByCustomerCode,
  hitDays,
  insertLicenseRequest,
  insertUsageReportOnce,
  isKnownInstallationCustomer,
  knownInstallationsWithKey,
  learnInstallationKey,
  newId,
  sessionSpans,
  totalKilobytes,
} from '@allot/storage';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { signingKey, thisInstallationId } from './signing-keys.service.js';
import { usedUnits } from './usage.service.js';

/**
 * A license request (Creatio's `.tlr`): names this installation and its public key, the customer,
 * the company id and the version to license, with a summary of the licenses and their use, signed
 * with the installation key, for the vendor to answer with a license file bound to this installation.
 */
export async function createLicenseRequest(ctx: ServiceContext, tenant: Tenant, input: { companyId: string; targetVersion?: string | undefined }): Promise<{ request: string; installationId: string }> {
  const db = ctx.store.db;
  const now = tenantNow(tenant, ctx.clock.now());
  const installationId = await thisInstallationId(db);
  const current = await signingKey(db, 'installation', ctx.secretKey);
  const licenses = await allLicenses(db, tenant.id);
  const used = await usedUnits(db, licenses, now, tenant.timeZone);
  const payload: LicenseRequestPayload = {
    format: 'allot-license-request/2',
    installationId,
    publicKeyPem: current.publicPem,
    customerCode: tenant.customerCode,
    customerName: tenant.name,
    companyId: input.companyId,
    targetVersion: input.targetVersion ?? null,
    createdAt: now,
    licenses: licenses.map((l) => ({ code: l.code, model: l.model, quantity: l.quantity, used: used.get(l.id) ?? 0, validUntil: l.validUntil })),
  };
  return { request: writeLicenseRequest(payload, current.privateKey, current.publicKey), installationId };
}

const untrusted = (detail: string, context: Record<string, unknown>) => new AllotError('untrusted_installation', detail, context);

/**
 * The vendor imports a license request: stored, matched to the tenant with its customer code, and
 * the installation's key learned, so that its usage reports are trusted from then on. An
 * installation known with another key is refused: one installation has one key.
 */
export async function importLicenseRequest(ctx: ServiceContext, text: string): Promise<{ id: string; installationId: string; customerCode: string; companyId: string; targetVersion: string | null; tenantId: string | null; licenses: unknown }> {
  const check = readLicenseRequest(text);
  if (!check.valid) throw new AllotError('invalid_request', check.detail, { reason: check.reason });
  const { payload, keyId } = check;
  const { installationId, customerCode, companyId, targetVersion } = payload;
  const tenant = await findTenantByCustomerCode(ctx.store.db, customerCode);
  const id = newId('lrq');
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    const known = await learnInstallationKey(trx, { installationId, keyId, publicPem: payload.publicKeyPem, learnedAt: now });
    if (known.keyId !== keyId) {
      throw untrusted(`Installation ${installationId} is known here with key ${known.keyId}; this request is signed with key ${keyId}.`, { installationId, keyId });
    }
    await addKnownInstallationCustomer(trx, { installationId, customerCode, learnedFrom: 'license_request', learnedAt: now });
    await insertLicenseRequest(trx, { id, installationId, customerCode, companyId, targetVersion, content: canonicalJson(payload), importedAt: now });
    await audit(ctx, trx, { tenantId: tenant?.id ?? null, action: 'license_request.imported', targetType: 'license_request', targetId: id, after: { installationId, keyId, customerCode, companyId }, at: now });
  });
  return { id, installationId, customerCode, companyId, targetVersion, tenantId: tenant?.id ?? null, licenses: payload.licenses };
}

/**
 * A usage report of a period, signed with this installation's key, for an offline installation to
 * send to its vendor: hits per license (tenant days), data ticks, peak concurrent sessions and
 * denials by code.
 */
export async function createUsageReport(ctx: ServiceContext, tenant: Tenant, input: { from: string; to: string }): Promise<{ report: string; installationId: string }> {
  const from = instantFilter(input.from, 'from') ?? '';
  const to = instantFilter(input.to, 'to') ?? '';
  if (to <= from) throw new AllotError('invalid_request', 'to must lie after from.', { field: 'to' });
  const db = ctx.store.db;
  const now = tenantNow(tenant, ctx.clock.now());
  const licenses = await allLicenses(db, tenant.id);
  const countedBy = (source: UsageSource) => licenses.filter((l) => countsBy(l, source));
  const dayFrom = dateIn(from, tenant.timeZone).toString();
  const dayTo = dateIn(to, tenant.timeZone).toString();
  const hits = await Promise.all(
    countedBy('hits_this_year').map(async (l) => ({ licenseCode: l.code, hits: (await hitDays(db, l.id, dayFrom, dayTo)).reduce((sum, d) => sum + d.hits, 0) })),
  );
  const kilobytes = await totalKilobytes(db, countedBy('data_ticks').map((l) => l.id));
  const data = countedBy('data_ticks').map((l) => ({ licenseCode: l.code, totalTicks: dataTicks(0, kilobytes.get(l.id) ?? 0, null).totalTicks }));
  const concurrent = countedBy('live_sessions');
  const spans = await sessionSpans(db, tenant.id, concurrent.map((l) => l.id), to);
  // Concurrent users are counted per module (Planon): a license's peak is that of its busiest module.
  const peakOf = (licenseId: string) => {
    const own = spans.filter((s) => s.licenseId === licenseId);
    return Math.max(0, ...[...new Set(own.map((s) => s.module))].map((module) => peakSessions(own.filter((s) => s.module === module), from, to)));
  };
  const sessions = concurrent.map((l) => ({ licenseCode: l.code, peakSessions: peakOf(l.id), licensedMaximum: l.quantity }));
  const denials = await denialCounts(db, tenant.id, from, to);
  const installationId = await thisInstallationId(db);
  const current = await signingKey(db, 'installation', ctx.secretKey);
  const payload: UsageReportPayload = {
    format: 'allot-usage-report/2',
    installationId,
    customerCode: tenant.customerCode,
    from,
    to,
    createdAt: now,
    hits,
    data,
    sessions,
    denials: Object.fromEntries(denials),
  };
  return { report: writeUsageReport(payload, current.privateKey, current.publicKey), installationId };
}

export interface ReceivedUsageReport {
  id: string;
  installationId: string;
  customerCode: string;
  from: string;
  to: string;
  keyId: string;
  /** True when this very report was received before: it is stored once, and this is that one. */
  duplicate: boolean;
  report: UsageReportPayload;
}

/**
 * The vendor verifies a usage report against the installation keys it learned from license
 * requests (never a key the report could bring along), for a customer that installation asked
 * licenses for, and stores it once: the same report sent again answers the stored one.
 */
export async function receiveUsageReport(ctx: ServiceContext, text: string): Promise<ReceivedUsageReport> {
  const db = ctx.store.db;
  const keyId = signedBlockKeyId(text, 'USAGE REPORT');
  const candidates = keyId === null ? [] : await knownInstallationsWithKey(db, keyId);
  const check = readUsageReport(text, new Map(candidates.map((c) => [c.keyId, publicKeyFrom(c.publicPem)])));
  if (!check.valid) {
    if (check.reason === 'unknown_key') {
      throw untrusted(`The report is signed with key ${keyId ?? '?'}, which is no installation key this vendor knows: import a license request from the installation first.`, { keyId });
    }
    throw new AllotError('invalid_request', check.detail, { reason: check.reason });
  }
  const { payload } = check;
  const { installationId, customerCode } = payload;
  if (!candidates.some((c) => c.installationId === installationId)) {
    throw untrusted(`The report claims installation ${installationId}, which signs with another key.`, { installationId, keyId: check.keyId });
  }
  if (!(await isKnownInstallationCustomer(db, installationId, customerCode))) {
    throw untrusted(`Installation ${installationId} never asked for licenses of customer ${customerCode}.`, { installationId, customerCode });
  }
  const content = canonicalJson(payload);
  const digest = createHash('sha256').update(content).digest('hex');
  const now = ctx.clock.now();
  const tenant = await findTenantByCustomerCode(db, customerCode);
  const stored = await inTransaction(ctx, async (trx) => {
    const outcome = await insertUsageReportOnce(trx, { id: newId('urp'), installationId, customerCode, from: payload.from, to: payload.to, keyId: check.keyId, content, digest, receivedAt: now });
    if (!outcome.duplicate) {
      await audit(ctx, trx, { tenantId: tenant?.id ?? null, action: 'usage_report.received', targetType: 'usage_report', targetId: outcome.report.id, after: { installationId, customerCode, from: payload.from, to: payload.to, keyId: check.keyId }, at: now });
    }
    return outcome;
  });
  return { id: stored.report.id, installationId, customerCode, from: payload.from, to: payload.to, keyId: check.keyId, duplicate: stored.duplicate, report: payload };
}
