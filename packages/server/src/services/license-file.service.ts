import { randomBytes, randomUUID } from 'node:crypto';
import {
  AllotError,
  buildLicense,
  codeKey,
  modelSpec,
  readLicenseFile,
  tenantNow,
  writeLicenseFile,
  type FileLicense,
  type License,
  type LicenseFilePayload,
  type Tenant,
} from '@allot/core';
import {
  allLicenses,
  deleteLicense,
  findLicenseFileLoad,
  findTenant,
  findTenantByCustomerCode,
  insertEvent,
  insertGrace,
  insertInstallation,
  insertLicense,
  installationId as storedInstallationId,
  newId,
  recordLicenseFileLoad,
  updateLicense,
  updateTenant,
  type Db,
  type Store,
} from '@allot/storage';
import { inCatalogSpelling } from './catalog.service.js';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { quantityBelowUsageError } from './license.service.js';
import { lockTenantLicensing } from './seats.js';
import { withUsage } from './usage.service.js';
import { keyRing, trustedKeys } from './signing-keys.service.js';

/** What an installation trusts and decrypts with (from its configuration). */
export interface FileTrust {
  vendorPublicKeys: string | undefined;
  /** `ALLOT_LICENSE_FILE_KEY`: base64 of 32 bytes, for encrypted license files. */
  licenseFileKey: string | undefined;
}

/** This installation's stable id, made once. */
export async function installationIdOf(store: Store, now: string): Promise<string> {
  const existing = await storedInstallationId(store.db);
  if (existing !== null) return existing;
  await insertInstallation(store.db, `ins_${randomUUID().replaceAll('-', '')}`, now);
  return (await storedInstallationId(store.db)) ?? '';
}

const fileLicenseOf = (l: License): FileLicense => ({
  code: l.code,
  name: l.name,
  model: l.model,
  product: l.product,
  modules: l.modules,
  solution: l.solution,
  quantity: l.quantity,
  unlimited: l.unlimited,
  validFrom: l.validFrom,
  validUntil: l.validUntil,
  package: l.package,
  thresholdPercent: l.thresholdPercent,
  role: l.role,
  heartbeatSeconds: l.heartbeatSeconds,
  bundle: l.bundle,
  retentionDays: l.retentionDays,
  objectKind: l.objectKind,
  countedStatuses: l.countedStatuses,
});

function fileKey(base64: string | undefined, field: string): Buffer | undefined {
  if (base64 === undefined) return undefined;
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new AllotError('invalid_request', `${field} must be 32 bytes, base64-encoded.`, { field });
  return key;
}

export interface IssueFile {
  version: number;
  expiresAt: string;
  partnerId?: string | undefined;
  orderNumber?: string | undefined;
  installationId?: string | undefined;
  grace?: { licenseCode: string; startsAt: string; endsAt: string; orderNumber: string } | undefined;
  encryptionKey?: string | undefined;
}

/** Signs a license file of the tenant's licenses (vendor), optionally bound to one installation and encrypted. */
export async function issueLicenseFile(ctx: ServiceContext, tenant: Tenant, input: IssueFile): Promise<{ file: string; keyId: string; payload: LicenseFilePayload }> {
  const now = tenantNow(tenant, ctx.clock.now());
  const licenses = await allLicenses(ctx.store.db, tenant.id);
  if (input.grace !== undefined && !licenses.some((l) => l.code === input.grace?.licenseCode && modelSpec(l.model).grace)) {
    throw new AllotError('invalid_request', 'The grace key names no license of the tenant that takes a grace period (a concurrent license).', { field: 'grace' });
  }
  const payload: LicenseFilePayload = {
    format: 'allot-license/1',
    customerCode: tenant.customerCode,
    customerName: tenant.name,
    partnerId: input.partnerId ?? null,
    orderNumber: input.orderNumber ?? null,
    version: input.version,
    issuedAt: now,
    expiresAt: input.expiresAt,
    installationId: input.installationId ?? null,
    licenses: licenses.map(fileLicenseOf),
    grace: input.grace ?? null,
  };
  const { current } = await keyRing(ctx.store, ctx.clock, 'vendor');
  const encryptionKey = fileKey(input.encryptionKey, 'encryptionKey');
  const file = writeLicenseFile(payload, current.privateKey, current.publicKey, encryptionKey === undefined ? undefined : { key: encryptionKey, iv: randomBytes(12) });
  await inTransaction(ctx, (trx) => audit(ctx, trx, { tenantId: tenant.id, action: 'license_file.issued', targetType: 'tenant', targetId: tenant.id, after: { version: payload.version, installationId: payload.installationId, licenses: payload.licenses.length }, at: now }));
  return { file, keyId: current.keyId, payload };
}

const refused = (detail: string, context: Record<string, unknown> = {}) => new AllotError('license_file_refused', detail, context);

/**
 * Loads a license file into the tenant with its customer code: checked (signature, trusted key,
 * installation, customer, a higher version, not expired, no hit quota below this year's use), then
 * the tenant's file-sourced licenses are replaced in one transaction — by code, so that seats and
 * usage of licenses that stay are kept. Any refusal changes nothing.
 */
export async function loadLicenseFile(ctx: ServiceContext, tenant: Tenant | null, text: string, trust: FileTrust): Promise<{ tenant: Tenant; version: number; licenses: number }> {
  const realNow = ctx.clock.now();
  const check = readLicenseFile(text, await trustedKeys(ctx.store, ctx.clock, trust.vendorPublicKeys), fileKey(trust.licenseFileKey, 'ALLOT_LICENSE_FILE_KEY'));
  if (!check.valid) throw refused(check.detail, { reason: check.reason });
  const { payload } = check;
  const target = tenant ?? (await findTenantByCustomerCode(ctx.store.db, payload.customerCode));
  if (target === null) throw refused(`No tenant here has customer code ${payload.customerCode}.`, { reason: 'customer' });
  if (payload.customerCode !== target.customerCode) throw refused(`The file is for customer ${payload.customerCode}, not ${target.customerCode}.`, { reason: 'customer' });
  const here = await installationIdOf(ctx.store, realNow);
  if (payload.installationId !== null && payload.installationId !== here) throw refused('The file is bound to another installation.', { reason: 'installation', installationId: payload.installationId });
  const now = tenantNow(target, realNow);
  if (payload.expiresAt <= now) throw refused(`The file expired at ${payload.expiresAt}.`, { reason: 'expired' });
  return inTransaction(ctx, async (trx) => {
    await lockTenantLicensing(ctx, trx, target.id);
    const loaded = await findLicenseFileLoad(trx, target.id);
    if (loaded !== null && payload.version <= loaded.version) {
      throw refused(`The file has version ${payload.version}; version ${loaded.version} is loaded. Only a higher version replaces it.`, { reason: 'version', loaded: loaded.version });
    }
    await replaceFileLicenses(trx, target, payload, now);
    await recordLicenseFileLoad(trx, { tenantId: target.id, version: payload.version, keyId: check.keyId, orderNumber: payload.orderNumber, expiresAt: payload.expiresAt, loadedAt: now });
    if (target.status !== 'licensed') await updateTenant(trx, target.id, { status: 'licensed' }, realNow);
    await audit(ctx, trx, { tenantId: target.id, action: 'license_file.loaded', targetType: 'tenant', targetId: target.id, before: loaded, after: { version: payload.version, keyId: check.keyId, licenses: payload.licenses.map((l) => l.code) }, at: now });
    await insertEvent(trx, { id: newId('evt'), tenantId: target.id, type: 'license_file.loaded', payload: { version: payload.version, licenses: payload.licenses.length }, at: now }, realNow);
    const after = await findTenant(trx, target.id);
    return { tenant: after ?? target, version: payload.version, licenses: payload.licenses.length };
  });
}

async function replaceFileLicenses(trx: Db, tenant: Tenant, payload: LicenseFilePayload, now: string): Promise<void> {
  const existing = await withUsage(trx, await allLicenses(trx, tenant.id), now, tenant.timeZone);
  // License codes are unique in the tenant ignoring case: `crm-n` in a file replaces `CRM-N`.
  const byCode = new Map(existing.map((l) => [codeKey(l.code), l]));
  const named = new Set<string>();
  for (const incoming of payload.licenses) {
    if (named.has(codeKey(incoming.code))) throw refused(`The file names license ${incoming.code} twice.`, { reason: 'malformed', code: incoming.code });
    named.add(codeKey(incoming.code));
    const current = byCode.get(codeKey(incoming.code));
    if (current !== undefined && current.source !== 'license_file') {
      throw refused(`License ${incoming.code} exists here as a ${current.source} license; the file cannot replace it.`, { reason: 'conflict', code: incoming.code });
    }
    const built = buildLicense(incoming, { id: current?.id ?? newId('lic'), tenantId: tenant.id, now, timeZone: tenant.timeZone, source: 'license_file' });
    if (!built.ok) throw refused(`License ${incoming.code}: ${built.problem.detail}`, { reason: 'malformed', code: incoming.code, field: built.problem.field });
    // A license that stays keeps its identity, its use and whether an admin suspended it.
    const spelled: License = { ...built.license, ...(await inCatalogSpelling(trx, built.license)) };
    const merged: License = current === undefined ? spelled : { ...spelled, createdAt: current.createdAt, used: current.used, suspended: current.suspended, thresholdReached: current.thresholdReached };
    const below = current === undefined ? null : await quantityBelowUsageError(trx, merged, current.used);
    if (below !== null) throw refused(`The file cannot replace license ${incoming.code}: ${below.message}`, { reason: 'quantity_below_usage', code: incoming.code, ...below.context });
    if (current === undefined) await insertLicense(trx, merged);
    else await updateLicense(trx, merged);
  }
  for (const old of existing) {
    if (old.source === 'license_file' && !named.has(codeKey(old.code))) await deleteLicense(trx, tenant.id, old.id);
  }
  if (payload.grace !== null) {
    const graceCode = codeKey(payload.grace.licenseCode);
    const graceLicense = (await allLicenses(trx, tenant.id)).find((l) => codeKey(l.code) === graceCode);
    if (graceLicense !== undefined) {
      await insertGrace(trx, { id: newId('grc'), tenantId: tenant.id, licenseId: graceLicense.id, startsAt: payload.grace.startsAt, endsAt: payload.grace.endsAt, orderNumber: payload.grace.orderNumber, createdAt: now });
    }
  }
}

/** Removes every license of the tenant: it goes to demo mode, where access checks answer `demo_mode`. */
export async function deleteAllLicenses(ctx: ServiceContext, tenant: Tenant): Promise<{ removed: number }> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    await lockTenantLicensing(ctx, trx, tenant.id);
    const licenses = await allLicenses(trx, tenant.id);
    for (const license of licenses) await deleteLicense(trx, tenant.id, license.id);
    await updateTenant(trx, tenant.id, { status: 'demo' }, ctx.clock.now());
    await trx.deleteFrom('license_file_loads').where('tenant_id', '=', tenant.id).execute();
    await audit(ctx, trx, { tenantId: tenant.id, action: 'licenses.deleted_all', targetType: 'tenant', targetId: tenant.id, before: { licenses: licenses.map((l) => l.code) }, after: { status: 'demo' }, at: now });
    return { removed: licenses.length };
  });
}
