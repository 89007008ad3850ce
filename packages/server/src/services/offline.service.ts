import { sign, verify } from 'node:crypto';
import { AllotError, canonicalJson, instantFilter, keyIdOf, parseInstant, publicKeyFrom, tenantNow, type Tenant } from '@allot/core';
import { allLicenses, findTenantByCustomerCode, insertLicenseRequest, insertUsageReport, newId } from '@allot/storage';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { installationIdOf } from './license-file.service.js';
import { keyRing } from './signing-keys.service.js';
import { usedUnits } from './usage.service.js';

function armour(kind: string, content: string, signature?: string): string {
  const body = Buffer.from(content).toString('base64').match(/.{1,64}/g)?.join('\n') ?? '';
  return [`-----BEGIN ALLOT ${kind}-----`, body, ...(signature === undefined ? [] : [`=${signature}`]), `-----END ALLOT ${kind}-----`, ''].join('\n');
}

function unarmour(kind: string, text: string): { content: string; signature: string | null } {
  const lines = text.replace(/\r\n/g, '\n').trim().split('\n');
  if (lines[0] !== `-----BEGIN ALLOT ${kind}-----` || lines[lines.length - 1] !== `-----END ALLOT ${kind}-----`) {
    throw new AllotError('invalid_request', `This is not an Allot ${kind.toLowerCase()} (or it is cut off).`);
  }
  const inner = lines.slice(1, -1);
  const signature = inner[inner.length - 1]?.startsWith('=') === true ? (inner.pop() ?? '').slice(1) : null;
  const body = inner.join('');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new AllotError('invalid_request', 'The body is not base64.');
  return { content: Buffer.from(body, 'base64').toString('utf8'), signature };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AllotError('invalid_request', 'The content is not the JSON Allot writes.');
}

/**
 * A license request (Creatio's `.tlr`): names this installation, the customer, the company id and
 * the version to license, with a summary of the licenses and their use, for the vendor to answer
 * with a license file bound to this installation.
 */
export async function createLicenseRequest(ctx: ServiceContext, tenant: Tenant, input: { companyId: string; targetVersion?: string | undefined }): Promise<{ request: string; installationId: string }> {
  const now = tenantNow(tenant, ctx.clock.now());
  const installationId = await installationIdOf(ctx.store, ctx.clock.now());
  const licenses = await allLicenses(ctx.store.db, tenant.id);
  const used = await usedUnits(ctx.store.db, licenses, now, tenant.timeZone);
  const content = canonicalJson({
    format: 'allot-license-request/1',
    installationId,
    customerCode: tenant.customerCode,
    customerName: tenant.name,
    companyId: input.companyId,
    targetVersion: input.targetVersion ?? null,
    createdAt: now,
    licenses: licenses.map((l) => ({ code: l.code, model: l.model, quantity: l.quantity, used: used.get(l.id) ?? 0, validUntil: l.validUntil })),
  });
  return { request: armour('LICENSE REQUEST', content), installationId };
}

/** The vendor imports a license request: stored, and matched to the tenant with its customer code. */
export async function importLicenseRequest(ctx: ServiceContext, text: string): Promise<{ id: string; installationId: string; customerCode: string; companyId: string; targetVersion: string | null; tenantId: string | null; licenses: unknown }> {
  const { content } = unarmour('LICENSE REQUEST', text);
  const request = parseJson(content);
  const { installationId, customerCode, companyId, targetVersion } = request;
  if (request.format !== 'allot-license-request/1' || typeof installationId !== 'string' || typeof customerCode !== 'string' || typeof companyId !== 'string') {
    throw new AllotError('invalid_request', 'The request lacks its installation, customer or company.');
  }
  const tenant = await findTenantByCustomerCode(ctx.store.db, customerCode);
  const id = newId('lrq');
  const now = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    await insertLicenseRequest(trx, { id, installationId, customerCode, companyId, targetVersion: typeof targetVersion === 'string' ? targetVersion : null, content, importedAt: now });
    await audit(ctx, trx, { tenantId: tenant?.id ?? null, action: 'license_request.imported', targetType: 'license_request', targetId: id, after: { installationId, customerCode, companyId }, at: now });
  });
  return { id, installationId, customerCode, companyId, targetVersion: typeof targetVersion === 'string' ? targetVersion : null, tenantId: tenant?.id ?? null, licenses: request.licenses ?? [] };
}

interface PeriodRow {
  started_at: string;
  ended_at: string | null;
  expires_at: string;
}

/** The most sessions live at one moment in a period (a sweep over starts and ends). */
function peakOf(rows: readonly PeriodRow[], from: string, to: string): number {
  const moments: [string, number][] = [];
  for (const r of rows) {
    const end = r.ended_at ?? r.expires_at;
    if (end <= from || r.started_at >= to) continue;
    moments.push([r.started_at < from ? from : r.started_at, 1], [end, -1]);
  }
  moments.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  let live = 0;
  let peak = 0;
  for (const [, delta] of moments) {
    live += delta;
    peak = Math.max(peak, live);
  }
  return peak;
}

/**
 * A usage report of a period, signed with this installation's key, for an offline installation to
 * send to its vendor: hits per license, data ticks, peak concurrent sessions and denials by code.
 */
export async function createUsageReport(ctx: ServiceContext, tenant: Tenant, input: { from: string; to: string }): Promise<{ report: string; installationId: string }> {
  const from = instantFilter(input.from, 'from') ?? '';
  const to = instantFilter(input.to, 'to') ?? '';
  if (to <= from) throw new AllotError('invalid_request', 'to must lie after from.', { field: 'to' });
  const db = ctx.store.db;
  const now = tenantNow(tenant, ctx.clock.now());
  const licenses = await allLicenses(db, tenant.id);
  const dayFrom = from.slice(0, 10);
  const dayTo = to.slice(0, 10);
  const hits = await Promise.all(
    licenses.filter((l) => l.model === 'hits').map(async (l) => {
      const rows = await db.selectFrom('hit_days').select(['hits']).where('license_id', '=', l.id).where('day', '>=', dayFrom).where('day', '<=', dayTo).execute();
      return { licenseCode: l.code, hits: rows.reduce((sum, r) => sum + Number(r.hits), 0) };
    }),
  );
  const data = await Promise.all(
    licenses.filter((l) => l.model === 'data').map(async (l) => {
      const row = await db.selectFrom('data_usage').select('total_kilobytes').where('license_id', '=', l.id).executeTakeFirst();
      return { licenseCode: l.code, totalTicks: Math.floor(Number(row?.total_kilobytes ?? 0) / 1000) };
    }),
  );
  const peaks = await Promise.all(
    licenses.filter((l) => l.model === 'concurrent').map(async (l) => {
      const rows = await db
        .selectFrom('session_modules')
        .innerJoin('sessions', 'sessions.id', 'session_modules.session_id')
        .select(['sessions.started_at', 'sessions.ended_at', 'sessions.expires_at'])
        .where('session_modules.license_id', '=', l.id)
        .where('sessions.started_at', '<', to)
        .execute();
      return { licenseCode: l.code, peakSessions: peakOf(rows, from, to), licensedMaximum: l.quantity };
    }),
  );
  const denials = await db
    .selectFrom('denied_access')
    .select(['code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenant.id)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy('code')
    .execute();
  const installationId = await installationIdOf(ctx.store, ctx.clock.now());
  const { current } = await keyRing(ctx.store, ctx.clock, 'installation');
  const content = canonicalJson({
    format: 'allot-usage-report/1',
    installationId,
    customerCode: tenant.customerCode,
    from,
    to,
    createdAt: now,
    publicKeyPem: current.publicPem,
    hits,
    data,
    sessions: peaks,
    denials: Object.fromEntries(denials.map((d) => [d.code, Number(d.n)])),
  });
  const signature = sign(null, Buffer.from(content), current.privateKey).toString('base64');
  return { report: armour('USAGE REPORT', content, signature), installationId };
}

/** The vendor verifies a usage report (signed by the installation key inside it) and stores it. */
export async function receiveUsageReport(ctx: ServiceContext, text: string): Promise<{ id: string; installationId: string; customerCode: string; from: string; to: string; keyId: string; report: Record<string, unknown> }> {
  const { content, signature } = unarmour('USAGE REPORT', text);
  if (signature === null) throw new AllotError('invalid_request', 'The report carries no signature.');
  const report = parseJson(content);
  const { installationId, customerCode, from, to, publicKeyPem } = report;
  if (report.format !== 'allot-usage-report/1' || typeof installationId !== 'string' || typeof customerCode !== 'string' || typeof from !== 'string' || typeof to !== 'string' || typeof publicKeyPem !== 'string') {
    throw new AllotError('invalid_request', 'The report lacks its installation, customer, period or key.');
  }
  let key;
  try {
    key = publicKeyFrom(publicKeyPem);
  } catch {
    throw new AllotError('invalid_request', 'The report names no valid public key.');
  }
  if (canonicalJson(report) !== content || !verify(null, Buffer.from(content), key, Buffer.from(signature, 'base64'))) {
    throw new AllotError('invalid_request', 'The report signature does not match its content.', { reason: 'bad_signature' });
  }
  if (parseInstant(from) === null || parseInstant(to) === null) throw new AllotError('invalid_request', 'The report period is not valid.');
  const id = newId('urp');
  const now = ctx.clock.now();
  const tenant = await findTenantByCustomerCode(ctx.store.db, customerCode);
  await inTransaction(ctx, async (trx) => {
    await insertUsageReport(trx, { id, installationId, customerCode, from, to, content, receivedAt: now });
    await audit(ctx, trx, { tenantId: tenant?.id ?? null, action: 'usage_report.received', targetType: 'usage_report', targetId: id, after: { installationId, customerCode, from, to }, at: now });
  });
  return { id, installationId, customerCode, from, to, keyId: keyIdOf(key), report };
}

