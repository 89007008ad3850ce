import {
  AllotError,
  defaultHeartbeatSeconds,
  retentionRange,
  type HitBundle,
  licenseStatus,
  licenseStatusCondition,
  notFound,
  tenantNow,
  quantityIsUnlimited,
  hitPeriod,
  ticksPerGigabyte,
  isUnlimited,
  seatModels,
  usageOf,
  validityBound,
  type License,
  type LicenseModel,
  type LicenseSource,
  type LicenseStatus,
  type Page,
  type Tenant,
} from '@allot/core';
import {
  allLicenses,
  deleteLicense as removeLicense,
  findLicense,
  insertLicense,
  isUniqueViolation,
  listLicenses as queryLicenses,
  findProductByCode,
  hitsThisYear,
  findSolutionByCode,
  listProducts,
  newId,
  resolveModuleRefs,
  seatHolderIds,
  updateLicense as storeLicense,
  updateTenant as updateTenantRow,
  type Db,
  type LicenseFilter,
  type PageRequest,
} from '@allot/storage';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { lockTenantLicensing, updateThreshold } from './seats.js';
import { withUsage } from './usage.service.js';

/** A license as the API shows it: the grant, its status now, and its usage. */
export interface LicenseView extends Omit<License, 'suspended' | 'thresholdReached' | 'used'> {
  status: ReturnType<typeof licenseStatus>;
  used: number;
  available: number | null;
  percentUsed: number;
  thresholdReached: boolean;
}

export function viewOf(license: License, now: string): LicenseView {
  const { suspended: _suspended, thresholdReached: _stored, ...rest } = license;
  // A data quota is in GB, its usage in MB ticks: compare like with like, show the GB.
  const usage = license.model === 'data' && license.quantity !== null ? { ...usageOf({ ...license, quantity: license.quantity * ticksPerGigabyte }, license.used), quantity: license.quantity } : usageOf(license, license.used);
  return { ...rest, status: licenseStatus(license, now), ...usage };
}

export interface NewLicense {
  code: string;
  name: string;
  model: LicenseModel;
  product?: string | undefined;
  modules?: string[] | undefined;
  solution?: string | undefined;
  quantity?: number | undefined;
  unlimited?: boolean | undefined;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
  package?: string | undefined;
  thresholdPercent?: number | undefined;
  role?: string | undefined;
  heartbeatSeconds?: number | undefined;
  bundle?: HitBundle | undefined;
  retentionDays?: number | undefined;
  objectKind?: string | undefined;
  countedStatuses?: string[] | undefined;
  source?: LicenseSource | undefined;
}

/** Fields that belong to one model only: naming them on another is a mistake worth a 400. */
const modelFields: [keyof NewLicense, LicenseModel][] = [
  ['role', 'named'],
  ['heartbeatSeconds', 'concurrent'],
  ['bundle', 'hits'],
  ['retentionDays', 'active_user'],
  ['objectKind', 'volume'],
  ['countedStatuses', 'volume'],
];

function checkModelFields(input: NewLicense): void {
  for (const [field, model] of modelFields) {
    if (input[field] !== undefined && input.model !== model) {
      throw new AllotError('invalid_request', `${field} belongs to ${model} licenses, not ${input.model}.`, { field });
    }
  }
  if (input.model === 'volume' && input.objectKind === undefined) {
    throw new AllotError('invalid_request', 'A volume license names the kind of object it counts.', { field: 'objectKind' });
  }
}

function bound(text: string | undefined, which: 'from' | 'until', tenant: Tenant): string | undefined {
  if (text === undefined) return undefined;
  const instant = validityBound(text, which, tenant.timeZone);
  const field = which === 'from' ? 'validFrom' : 'validUntil';
  if (instant === null) throw new AllotError('invalid_request', `${field} must be a date (2025-01-31) or an ISO 8601 instant.`, { field });
  return instant;
}

/** Checks that the license names what the catalog has: its product and modules, or its solution. */
async function checkSubject(trx: Db, license: Pick<License, 'model' | 'product' | 'modules' | 'solution'>): Promise<void> {
  if (license.model === 'solution') {
    if (license.solution === null) throw new AllotError('invalid_request', 'A solution license names its solution.', { field: 'solution' });
    if ((await findSolutionByCode(trx, license.solution)) === null) throw new AllotError('not_found', `The catalog has no solution ${license.solution}.`, { field: 'solution', resource: 'solution' });
    return;
  }
  if (license.solution !== null) throw new AllotError('invalid_request', 'Only a solution license names a solution.', { field: 'solution' });
  if (license.product === null) throw new AllotError('invalid_request', 'The license names its product.', { field: 'product' });
  const refs = (license.modules ?? []).map((m) => `${license.product}:${m}`);
  if ((await findProductByCode(trx, license.product)) === null) throw new AllotError('not_found', `The catalog has no product ${license.product}.`, { field: 'product', resource: 'product' });
  const resolved = await resolveModuleRefs(trx, refs);
  const missing = refs.filter((ref) => !resolved.has(ref));
  if (missing.length > 0) throw new AllotError('unknown_module', `The catalog has no module ${missing.join(', ')}.`, { modules: missing });
}

/** Every product of the catalog: code → name. */
async function productNames(trx: Db): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await listProducts(trx, { cursor, limit: 500 });
    for (const p of page.items) names.set(p.code, p.name);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return names;
}

/** Quantity rules shared by create and change: seats need a number or `unlimited`; servers count nothing. */
function quantityOf(model: LicenseModel, quantity: number | null | undefined, unlimited: boolean | undefined): { quantity: number | null; unlimited: boolean } {
  if (model === 'server') return { quantity: null, unlimited: true };
  if (unlimited === true) return { quantity: null, unlimited: true };
  if (quantity === undefined || quantity === null) throw new AllotError('invalid_request', 'Give a quantity, or unlimited: true.', { field: 'quantity' });
  return { quantity, unlimited: quantityIsUnlimited(model, quantity) };
}

function checkValidity(license: Pick<License, 'validFrom' | 'validUntil'>): void {
  if (license.validUntil !== null && license.validUntil <= license.validFrom) {
    throw new AllotError('invalid_request', 'validUntil must lie after validFrom.', { field: 'validUntil' });
  }
}

export async function createLicense(ctx: ServiceContext, tenant: Tenant, input: NewLicense): Promise<LicenseView> {
  const now = tenantNow(tenant, ctx.clock.now());
  checkModelFields(input);
  const license: License = {
    id: newId('lic'),
    tenantId: tenant.id,
    code: input.code,
    name: input.name,
    model: input.model,
    product: input.model === 'solution' ? null : (input.product ?? null),
    modules: input.modules === undefined ? null : [...new Set(input.modules)].sort(),
    solution: input.solution ?? null,
    ...quantityOf(input.model, input.quantity, input.unlimited),
    validFrom: bound(input.validFrom, 'from', tenant) ?? now,
    validUntil: bound(input.validUntil, 'until', tenant) ?? null,
    suspended: false,
    package: input.package ?? null,
    thresholdPercent: input.thresholdPercent ?? null,
    thresholdReached: false,
    source: input.source ?? 'manual',
    role: input.role ?? null,
    heartbeatSeconds: input.model === 'concurrent' ? (input.heartbeatSeconds ?? defaultHeartbeatSeconds) : null,
    bundle: input.model === 'hits' ? (input.bundle ?? null) : null,
    retentionDays: input.model === 'active_user' ? (input.retentionDays ?? retentionRange.default) : null,
    objectKind: input.model === 'volume' ? (input.objectKind ?? null) : null,
    countedStatuses: input.model === 'volume' && input.countedStatuses !== undefined ? [...new Set(input.countedStatuses)] : null,
    used: 0,
    createdAt: now,
    updatedAt: now,
  };
  checkValidity(license);
  try {
    await inTransaction(ctx, async (trx) => {
      await checkSubject(trx, license);
      await insertLicense(trx, license);
      // A tenant in demo mode is licensed again with its first license.
      if (tenant.status === 'demo') await updateTenantRow(trx, tenant.id, { status: 'licensed' }, ctx.clock.now());
      await audit(ctx, trx, { tenantId: tenant.id, action: 'license.created', targetType: 'license', targetId: license.id, after: viewOf(license, now), at: now });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AllotError('already_exists', `The tenant has a license with code ${input.code}.`, { field: 'code' });
    throw error;
  }
  return viewOf(license, now);
}

export async function getLicense(ctx: ServiceContext, tenant: Tenant, id: string): Promise<LicenseView> {
  const license = await findLicense(ctx.store.db, tenant.id, id);
  if (license === null) throw notFound('license', id);
  const now = tenantNow(tenant, ctx.clock.now());
  const [fresh] = await withUsage(ctx.store.db, [license], now, tenant.timeZone);
  return viewOf(fresh ?? license, now);
}

/** The license list's filters; `status` is the status at the tenant's now. */
export interface LicenseListFilter extends Omit<LicenseFilter, 'status'> {
  status?: LicenseStatus | undefined;
}

export async function listLicenses(ctx: ServiceContext, tenant: Tenant, filter: LicenseListFilter, page: PageRequest): Promise<Page<LicenseView>> {
  const now = tenantNow(tenant, ctx.clock.now());
  const status = filter.status === undefined ? undefined : licenseStatusCondition(filter.status, now);
  const result = await queryLicenses(ctx.store.db, tenant.id, { ...filter, status }, page);
  const fresh = await withUsage(ctx.store.db, result.items, now, tenant.timeZone);
  return { items: fresh.map((l) => viewOf(l, now)), nextCursor: result.nextCursor };
}

export interface LicensePatch {
  name?: string | undefined;
  quantity?: number | undefined;
  unlimited?: boolean | undefined;
  validFrom?: string | undefined;
  validUntil?: string | null | undefined;
  status?: 'active' | 'suspended' | undefined;
  package?: string | null | undefined;
  thresholdPercent?: number | null | undefined;
  role?: string | null | undefined;
  heartbeatSeconds?: number | undefined;
  retentionDays?: number | undefined;
  countedStatuses?: string[] | null | undefined;
}

/**
 * Changes a license. A quantity below the seats in use is refused with the users holding them;
 * the check runs under the tenant's licensing lock, so that no assignment slips in between.
 */
export async function updateLicense(ctx: ServiceContext, tenant: Tenant, id: string, patch: LicensePatch): Promise<LicenseView> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    await lockTenantLicensing(ctx, trx, tenant.id);
    const before = await findLicense(trx, tenant.id, id);
    if (before === null) throw notFound('license', id);
    if (patch.role !== undefined && patch.role !== null && before.model !== 'named') {
      throw new AllotError('invalid_request', 'Only a named license has slots for a role.', { field: 'role' });
    }
    const quantityChanged = patch.quantity !== undefined || patch.unlimited !== undefined;
    const after: License = {
      ...before,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(quantityChanged && quantityOf(before.model, patch.quantity ?? (patch.unlimited === false ? before.quantity : undefined), patch.unlimited)),
      ...(patch.validFrom !== undefined && { validFrom: bound(patch.validFrom, 'from', tenant) ?? before.validFrom }),
      ...(patch.validUntil !== undefined && { validUntil: patch.validUntil === null ? null : (bound(patch.validUntil, 'until', tenant) ?? null) }),
      ...(patch.status !== undefined && { suspended: patch.status === 'suspended' }),
      ...(patch.package !== undefined && { package: patch.package }),
      ...(patch.thresholdPercent !== undefined && { thresholdPercent: patch.thresholdPercent }),
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.heartbeatSeconds !== undefined && before.model === 'concurrent' && { heartbeatSeconds: patch.heartbeatSeconds }),
      ...(patch.retentionDays !== undefined && before.model === 'active_user' && { retentionDays: patch.retentionDays }),
      ...(patch.countedStatuses !== undefined && before.model === 'volume' && { countedStatuses: patch.countedStatuses }),
      updatedAt: now,
    };
    checkValidity(after);
    if (before.model === 'hits' && quantityChanged && !isUnlimited(after)) {
      const consumed = await hitsThisYear(trx, id, hitPeriod(now, tenant.timeZone).year);
      if ((after.quantity ?? 0) < consumed) {
        throw new AllotError('quantity_below_usage', `License ${before.code} has counted ${consumed} hits this year; the yearly quota cannot go below that.`, {
          licenseId: id,
          used: consumed,
          quantity: after.quantity,
        });
      }
    }
    if (seatModels.includes(before.model) && !after.unlimited && after.quantity !== null && after.quantity < before.used) {
      const holders = await seatHolderIds(trx, id);
      throw new AllotError('quantity_below_usage', `License ${before.code} has ${before.used} seat${before.used === 1 ? '' : 's'} in use; the quantity cannot go below that.`, {
        licenseId: id,
        used: before.used,
        quantity: after.quantity,
        userIds: holders,
      });
    }
    await storeLicense(trx, after);
    await updateThreshold(ctx, trx, after, now);
    const stored = (await findLicense(trx, tenant.id, id)) ?? after;
    await audit(ctx, trx, { tenantId: tenant.id, action: 'license.updated', targetType: 'license', targetId: id, before: viewOf(before, now), after: viewOf(stored, now), at: now });
    return viewOf(stored, now);
  });
}

export async function deleteLicense(ctx: ServiceContext, tenant: Tenant, id: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await lockTenantLicensing(ctx, trx, tenant.id);
    const before = await findLicense(trx, tenant.id, id);
    if (before === null) throw notFound('license', id);
    await removeLicense(trx, tenant.id, id);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'license.deleted', targetType: 'license', targetId: id, before: viewOf(before, now), at: now });
  });
}

export interface ProductOverview {
  product: string;
  name: string;
  licensed: boolean;
  packages: string[];
  licenses: LicenseView[];
  /** Slots per user role (named licenses with a role). */
  roles: { role: string; licenseId: string; code: string; quantity: number | null; used: number; available: number | null; unlimited: boolean }[];
}

/**
 * Per catalog product (and per solution a tenant holds): licensed or not, the packages bought, the
 * licenses with their usage, and the slots per role (Lucanet's licenses workspace).
 */
export async function licenseOverview(ctx: ServiceContext, tenant: Tenant): Promise<ProductOverview[]> {
  const now = tenantNow(tenant, ctx.clock.now());
  const licenses = (await withUsage(ctx.store.db, await allLicenses(ctx.store.db, tenant.id), now, tenant.timeZone)).map((l) => viewOf(l, now));
  const subjects = await productNames(ctx.store.db);
  for (const l of licenses) {
    const subject = l.product ?? `solution:${l.solution}`;
    if (!subjects.has(subject)) subjects.set(subject, subject);
  }
  return [...subjects.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([subject, name]) => {
      const own = licenses.filter((l) => (l.product ?? `solution:${l.solution}`) === subject);
      const roles = own
        .filter((l) => l.role !== null)
        .map((l) => ({ role: l.role ?? '', licenseId: l.id, code: l.code, quantity: l.quantity, used: l.used, available: l.available, unlimited: l.unlimited }));
      return {
        product: subject,
        name,
        licensed: own.some((l) => l.status === 'active'),
        packages: [...new Set(own.map((l) => l.package).filter((p): p is string => p !== null))],
        licenses: own,
        roles,
      };
    });
}
