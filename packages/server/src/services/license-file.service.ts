import { randomBytes } from 'node:crypto';
import {
  AllotError,
  buildLicense,
  codeKey,
  fileCatalog,
  grantOf,
  instantFilter,
  licenseFileDiff,
  licenseFileExpired,
  modelSpec,
  parseModuleRef,
  readLicenseFile,
  tenantNow,
  writeLicenseFile,
  type FileCatalog,
  type FileLicense,
  type FileProduct,
  type FileSolution,
  type License,
  type LicenseFileDiff,
  type LicenseFilePayload,
  type Tenant,
} from '@allot/core';
import {
  addKnownInstallationCustomer,
  allLicenses,
  deleteLicense,
  findKnownInstallation,
  findLicenseFileLoad,
  findProductByCode,
  findSolutionByCode,
  findTenant,
  findTenantByCustomerCode,
  insertEvent,
  insertGrace,
  insertLicense,
  insertModules,
  insertProduct,
  insertSolution,
  isUniqueViolation,
  newId,
  recordLicenseFileLoad,
  resolveModuleRefs,
  setSolutionModules,
  updateLicense,
  updateProductName,
  updateSolutionName,
  updateTenant,
  type Db,
  type LicenseFileLoad,
} from '@allot/storage';
import { inCatalogSpelling } from './catalog.service.js';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { quantityBelowUsageError } from './license.service.js';
import { runOrDryRun } from './seats.js';
import { withUsage } from './usage.service.js';
import { signingKey, thisInstallationId, trustedKeys } from './signing-keys.service.js';

/** What an installation trusts and decrypts with (from its configuration). */
export interface FileTrust {
  vendorPublicKeys: string | undefined;
  /** `ALLOT_LICENSE_FILE_KEY`: base64 of 32 bytes, for encrypted license files. */
  licenseFileKey: string | undefined;
}

const fileLicenseOf = (l: License): FileLicense => ({
  ...grantOf(l),
  package: l.package,
  thresholdPercent: l.thresholdPercent,
  role: l.role,
  heartbeatSeconds: l.heartbeatSeconds,
  maxBorrowDays: l.maxBorrowDays,
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
  /** Defaults to the tenant's; when sent, it must be the tenant's. */
  customerCode?: string | undefined;
  /** Defaults to the tenant's name. */
  customerName?: string | undefined;
  partnerId?: string | undefined;
  orderNumber?: string | undefined;
  installationId?: string | undefined;
  grace?: { licenseCode: string; startsAt: string; endsAt: string; orderNumber: string } | undefined;
  encryptionKey?: string | undefined;
}

/** The catalog entries the licenses name, as the vendor's catalog has them, to travel with the file. */
async function catalogOf(db: Db, licenses: readonly License[]): Promise<FileCatalog> {
  const solutionCodes = [...new Set(licenses.flatMap((l) => (l.solution === null ? [] : [l.solution])))];
  const solutions: FileSolution[] = [];
  for (const code of solutionCodes) {
    const solution = await findSolutionByCode(db, code);
    if (solution !== null) solutions.push({ code: solution.code, name: solution.name, modules: solution.modules });
  }
  const productCodes = [...new Set([...licenses.flatMap((l) => (l.product === null ? [] : [l.product])), ...solutions.flatMap((s) => s.modules.flatMap((ref) => parseModuleRef(ref)?.product ?? []))])];
  const products: FileProduct[] = [];
  for (const code of productCodes) {
    const product = await findProductByCode(db, code);
    if (product !== null) products.push({ code: product.code, name: product.name, modules: product.modules });
  }
  return fileCatalog(licenses, products, solutions);
}

/**
 * Signs a license file of the tenant's licenses (vendor), with the catalog entries they name,
 * optionally bound to one installation and encrypted. A file already expired at the tenant's now
 * is refused. Binding a file to an installation whose key the vendor knows lets that installation
 * report usage for this customer.
 */
export async function issueLicenseFile(ctx: ServiceContext, tenant: Tenant, input: IssueFile): Promise<{ file: string; keyId: string; payload: LicenseFilePayload }> {
  const now = tenantNow(tenant, ctx.clock.now());
  const expiresAt = instantFilter(input.expiresAt, 'expiresAt') ?? '';
  if (licenseFileExpired(expiresAt, now)) {
    throw new AllotError('invalid_request', `expiresAt ${input.expiresAt} is not after the tenant's now (${now}): the file would be expired when issued.`, { field: 'expiresAt' });
  }
  if (input.customerCode !== undefined && input.customerCode !== tenant.customerCode) {
    throw new AllotError('invalid_request', `customerCode ${input.customerCode} is not the tenant's (${tenant.customerCode}); a file is issued for its own tenant only.`, { field: 'customerCode' });
  }
  const db = ctx.store.db;
  const licenses = await allLicenses(db, tenant.id);
  const graceCode = input.grace === undefined ? null : codeKey(input.grace.licenseCode);
  if (graceCode !== null && !licenses.some((l) => codeKey(l.code) === graceCode && modelSpec(l.model).grace)) {
    throw new AllotError('invalid_request', 'The grace key names no license of the tenant that takes a grace period (a concurrent license).', { field: 'grace' });
  }
  const payload: LicenseFilePayload = {
    format: 'allot-license/1',
    customerCode: tenant.customerCode,
    customerName: input.customerName ?? tenant.name,
    partnerId: input.partnerId ?? null,
    orderNumber: input.orderNumber ?? null,
    version: input.version,
    issuedAt: now,
    expiresAt,
    installationId: input.installationId ?? null,
    licenses: licenses.map(fileLicenseOf),
    grace: input.grace ?? null,
    catalog: await catalogOf(db, licenses),
  };
  const current = await signingKey(db, 'vendor', ctx.secretKey);
  const encryptionKey = fileKey(input.encryptionKey, 'encryptionKey');
  const file = writeLicenseFile(payload, current.privateKey, current.publicKey, encryptionKey === undefined ? undefined : { key: encryptionKey, iv: randomBytes(12) });
  await inTransaction(ctx, async (trx) => {
    const bound = payload.installationId === null ? null : await findKnownInstallation(trx, payload.installationId);
    if (bound !== null) await addKnownInstallationCustomer(trx, { installationId: bound.installationId, customerCode: tenant.customerCode, learnedFrom: 'license_file', learnedAt: ctx.clock.now() });
    await audit(ctx, trx, { tenantId: tenant.id, action: 'license_file.issued', targetType: 'tenant', targetId: tenant.id, after: { version: payload.version, installationId: payload.installationId, licenses: payload.licenses.length }, at: now });
  });
  return { file, keyId: current.keyId, payload };
}

const refused = (detail: string, context: Record<string, unknown> = {}) => new AllotError('license_file_refused', detail, context);

/** The header of a license file as loaded: who and what it is for, and the key that signed it. */
export type LicenseFileHeader = Omit<LicenseFileLoad, 'tenantId' | 'loadedAt'>;

/** What a load did, or for a dry run would do: the file, the tenant after it, and the licenses added, changed and removed. */
export interface LicenseFileLoadOutcome {
  tenant: Tenant;
  version: number;
  licenses: number;
  dryRun: boolean;
  file: LicenseFileHeader;
  changes: LicenseFileDiff;
}

const fileLicensesOf = (licenses: readonly License[]) => licenses.filter((l) => l.source === 'license_file').map(fileLicenseOf);

/**
 * Loads a license file into the tenant with its customer code: checked (signature, trusted key,
 * installation, customer, a higher version, not expired, no hit quota below this year's use), then
 * the catalog entries it carries are added to this installation's catalog and the tenant's
 * file-sourced licenses are replaced, in one transaction — by code, so that seats and usage of
 * licenses that stay are kept. Any refusal changes nothing. A dry run is the same load rolled back:
 * it answers the same refusals and the same changes, and stores nothing.
 */
export async function loadLicenseFile(ctx: ServiceContext, tenant: Tenant | null, text: string, trust: FileTrust, dryRun: boolean): Promise<LicenseFileLoadOutcome> {
  const realNow = ctx.clock.now();
  const check = readLicenseFile(text, await trustedKeys(ctx.store.db, trust.vendorPublicKeys), fileKey(trust.licenseFileKey, 'ALLOT_LICENSE_FILE_KEY'));
  if (!check.valid) throw refused(check.detail, { reason: check.reason });
  const { payload } = check;
  const target = tenant ?? (await findTenantByCustomerCode(ctx.store.db, payload.customerCode));
  if (target === null) throw refused(`No tenant here has customer code ${payload.customerCode}.`, { reason: 'customer' });
  if (payload.customerCode !== target.customerCode) throw refused(`The file is for customer ${payload.customerCode}, not ${target.customerCode}.`, { reason: 'customer' });
  const here = await thisInstallationId(ctx.store.db);
  if (payload.installationId !== null && payload.installationId !== here) throw refused('The file is bound to another installation.', { reason: 'installation', installationId: payload.installationId });
  const now = tenantNow(target, realNow);
  if (licenseFileExpired(payload.expiresAt, now)) throw refused(`The file expired at ${payload.expiresAt}.`, { reason: 'expired' });
  const file: LicenseFileHeader = {
    version: payload.version,
    keyId: check.keyId,
    orderNumber: payload.orderNumber,
    expiresAt: payload.expiresAt,
    customerCode: payload.customerCode,
    customerName: payload.customerName,
    partnerId: payload.partnerId,
    issuedAt: payload.issuedAt,
    installationId: payload.installationId,
    grace: payload.grace,
  };
  // Two files bringing the same new product at once: the second finds it on its next try.
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOrDryRun(ctx, dryRun, async (trx) => {
        await ctx.store.lockTenant(trx, target.id);
        const loaded = await findLicenseFileLoad(trx, target.id);
        if (loaded !== null && payload.version <= loaded.version) {
          throw refused(`The file has version ${payload.version}; version ${loaded.version} is loaded. Only a higher version replaces it.`, { reason: 'version', loaded: loaded.version });
        }
        const before = fileLicensesOf(await allLicenses(trx, target.id));
        if (payload.catalog !== undefined) await mergeFileCatalog(ctx, trx, payload.catalog, realNow);
        await replaceFileLicenses(trx, target, payload, now);
        const changes = licenseFileDiff(before, fileLicensesOf(await allLicenses(trx, target.id)));
        await recordLicenseFileLoad(trx, { tenantId: target.id, ...file, loadedAt: now });
        if (target.status !== 'licensed') await updateTenant(trx, target.id, { status: 'licensed' }, realNow);
        await audit(ctx, trx, { tenantId: target.id, action: 'license_file.loaded', targetType: 'tenant', targetId: target.id, before: loaded, after: { version: payload.version, keyId: check.keyId, licenses: payload.licenses.map((l) => l.code) }, at: now });
        await insertEvent(trx, { id: newId('evt'), tenantId: target.id, type: 'license_file.loaded', payload: { version: payload.version, licenses: payload.licenses.length }, at: now }, realNow);
        const after = await findTenant(trx, target.id);
        return { tenant: after ?? target, version: payload.version, licenses: payload.licenses.length, dryRun, file, changes };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt >= 3) throw refused('The catalog entries of the file clash with this installation\'s catalog.', { reason: 'catalog' });
    }
  }
}

/**
 * Adds the file's catalog entries to this installation's catalog, or brings them up to date: a
 * product's name and any module it lacks (modules are never removed: other licenses may name
 * them), a solution's name and modules. Written to the vendor-wide audit log like any catalog change.
 */
async function mergeFileCatalog(ctx: ServiceContext, trx: Db, catalog: FileCatalog, now: string): Promise<void> {
  for (const entry of catalog.products) {
    const before = await findProductByCode(trx, entry.code);
    if (before === null) {
      const id = newId('prd');
      await insertProduct(trx, { id, code: entry.code, name: entry.name, modules: entry.modules, createdAt: now, updatedAt: now }, entry.modules.map(() => newId('mod')));
      await audit(ctx, trx, { tenantId: null, action: 'product.created', targetType: 'product', targetId: id, after: { ...entry, source: 'license_file' }, at: now });
      continue;
    }
    const added = entry.modules.filter((m) => !before.modules.some((have) => codeKey(have.code) === codeKey(m.code)));
    if (added.length === 0 && before.name === entry.name) continue;
    if (before.name !== entry.name) await updateProductName(trx, before.id, entry.name, now);
    await insertModules(trx, before.id, added, added.map(() => newId('mod')), now);
    await audit(ctx, trx, { tenantId: null, action: 'product.updated', targetType: 'product', targetId: before.id, before, after: { name: entry.name, addedModules: added, source: 'license_file' }, at: now });
  }
  for (const entry of catalog.solutions) {
    const resolved = await resolveModuleRefs(trx, entry.modules);
    const missing = entry.modules.filter((ref) => !resolved.has(ref));
    if (missing.length > 0) throw refused(`Solution ${entry.code} names modules the file does not bring: ${missing.join(', ')}.`, { reason: 'catalog', modules: missing });
    const moduleIds = [...new Set(entry.modules.map((ref) => resolved.get(ref)?.id ?? ''))];
    const before = await findSolutionByCode(trx, entry.code);
    if (before === null) {
      const id = newId('sol');
      await insertSolution(trx, { id, code: entry.code, name: entry.name, createdAt: now, updatedAt: now }, moduleIds);
      await audit(ctx, trx, { tenantId: null, action: 'solution.created', targetType: 'solution', targetId: id, after: { ...entry, source: 'license_file' }, at: now });
      continue;
    }
    const sameModules = before.modules.length === entry.modules.length && before.modules.map(codeKey).sort().join() === entry.modules.map(codeKey).sort().join();
    if (sameModules && before.name === entry.name) continue;
    if (before.name !== entry.name) await updateSolutionName(trx, before.id, entry.name, now);
    if (!sameModules) await setSolutionModules(trx, before.id, moduleIds);
    await audit(ctx, trx, { tenantId: null, action: 'solution.updated', targetType: 'solution', targetId: before.id, before, after: { name: entry.name, modules: entry.modules, source: 'license_file' }, at: now });
  }
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
    await ctx.store.lockTenant(trx, tenant.id);
    const licenses = await allLicenses(trx, tenant.id);
    for (const license of licenses) await deleteLicense(trx, tenant.id, license.id);
    await updateTenant(trx, tenant.id, { status: 'demo' }, ctx.clock.now());
    // The loaded file's version stays the floor: a customer admin cannot roll back to an older file.
    await audit(ctx, trx, { tenantId: tenant.id, action: 'licenses.deleted_all', targetType: 'tenant', targetId: tenant.id, before: { licenses: licenses.map((l) => l.code) }, after: { status: 'demo' }, at: now });
    return { removed: licenses.length };
  });
}

/** The license file loaded into the tenant (if any) and this installation's id. */
export async function licenseFileInfo(ctx: ServiceContext, tenant: Tenant): Promise<{ installationId: string; loaded: LicenseFileLoad | null }> {
  const [installationId, loaded] = await Promise.all([thisInstallationId(ctx.store.db), findLicenseFileLoad(ctx.store.db, tenant.id)]);
  return { installationId, loaded };
}
