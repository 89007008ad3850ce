import {
  AllotError,
  buildLicense,
  changeLicense,
  compareCodes,
  fileLicenseProblem,
  licenseStatus,
  modelSpec,
  licenseStatusCondition,
  notFound,
  parseModuleRef,
  quantityBelowUsage,
  tenantNow,
  usageOf,
  type License,
  type LicenseChange,
  type LicenseInput,
  type LicenseProblem,
  type LicenseSource,
  type LicenseStatus,
  type Page,
  type Tenant,
  type Usage,
} from '@allot/core';
import {
  allLicenses,
  deleteLicense as removeLicense,
  findLicense,
  insertLicense,
  isUniqueViolation,
  listLicenses as queryLicenses,
  findProductByCode,
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
import type { LicenseSubject } from './catalog.service.js';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { updateThreshold } from './seats.js';
import { withUsage } from './usage.service.js';

/** A license as the API shows it: the grant, its status now, and its usage. */
export interface LicenseView extends Omit<License, 'suspended' | 'thresholdReached' | 'used'> {
  status: ReturnType<typeof licenseStatus>;
  used: number;
  available: number | null;
  percentUsed: number;
  thresholdReached: boolean;
}

/** The API's view of a license whose `used` is counted fresh (`withUsage`). */
export function viewOf(license: License, now: string): LicenseView {
  const { suspended: _suspended, thresholdReached: _stored, ...rest } = license;
  return { ...rest, status: licenseStatus(license, now), ...usageOf(license, license.used) };
}

export type NewLicense = LicenseInput & { source?: LicenseSource | undefined };

/** A license problem found by the rule in core, as the API's 400. */
export function invalidLicense(problem: LicenseProblem): AllotError {
  return new AllotError('invalid_request', problem.detail, { field: problem.field });
}

/**
 * Checks that the license names what the catalog has: its product and modules, or its solution;
 * answers them as the catalog spells them (codes are unique ignoring case), which is what is stored.
 */
async function checkSubject(trx: Db, license: LicenseSubject): Promise<LicenseSubject> {
  if (license.solution !== null) {
    const solution = await findSolutionByCode(trx, license.solution);
    if (solution === null) throw new AllotError('not_found', `The catalog has no solution ${license.solution}.`, { field: 'solution', resource: 'solution' });
    return { product: license.product, modules: license.modules, solution: solution.code };
  }
  if (license.product === null) return license;
  const product = await findProductByCode(trx, license.product);
  if (product === null) throw new AllotError('not_found', `The catalog has no product ${license.product}.`, { field: 'product', resource: 'product' });
  if (license.modules === null) return { product: product.code, modules: null, solution: null };
  const refs = license.modules.map((m) => `${product.code}:${m}`);
  const resolved = await resolveModuleRefs(trx, refs);
  const missing = refs.filter((ref) => !resolved.has(ref));
  if (missing.length > 0) throw new AllotError('unknown_module', `The catalog has no module ${missing.join(', ')}.`, { modules: missing });
  const modules = [...new Set(refs.map((ref) => resolved.get(ref)?.ref.split(':')[1] ?? ''))].sort(compareCodes);
  return { product: product.code, modules, solution: null };
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

export async function createLicense(ctx: ServiceContext, tenant: Tenant, input: NewLicense): Promise<LicenseView> {
  const now = tenantNow(tenant, ctx.clock.now());
  const built = buildLicense(input, { id: newId('lic'), tenantId: tenant.id, now, timeZone: tenant.timeZone, source: input.source ?? 'manual' });
  if (!built.ok) throw invalidLicense(built.problem);
  let license = built.license;
  try {
    await inTransaction(ctx, async (trx) => {
      license = { ...license, ...(await checkSubject(trx, license)) };
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

export type LicensePatch = LicenseChange;

/**
 * The refusal of a quantity below what is in use (seats held, hits this year), when the license's
 * model forbids it; null when the quantity may stand. Shared by PATCH and the license-file loader.
 */
export async function quantityBelowUsageError(trx: Db, license: License, used: number): Promise<AllotError | null> {
  const below = quantityBelowUsage(license, used);
  if (below === null) return null;
  const spec = modelSpec(license.model);
  return new AllotError('quantity_below_usage', `License ${license.code} has ${below.used} ${spec.usedUnit}; the quantity cannot go below that.`, {
    licenseId: license.id,
    licenseCode: license.code,
    used: below.used,
    quantity: below.quantity,
    ...(spec.seats && { userIds: await seatHolderIds(trx, license.id) }),
  });
}

/**
 * Changes a license. A quantity below what is in use is refused where the model says so (seats
 * with the users holding them, hits this year); the check runs under the tenant's licensing lock,
 * so that no assignment or hit slips in between. The answer shows usage counted fresh, as GET does.
 */
export async function updateLicense(ctx: ServiceContext, tenant: Tenant, id: string, patch: LicensePatch): Promise<LicenseView> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const stored = await findLicense(trx, tenant.id, id);
    if (stored === null) throw notFound('license', id);
    const [before = stored] = await withUsage(trx, [stored], now, tenant.timeZone);
    const changed = changeLicense(before, patch, { now, timeZone: tenant.timeZone });
    if (!changed.ok) throw invalidLicense(changed.problem);
    const after = changed.license;
    const refusal = await quantityBelowUsageError(trx, after, before.used);
    if (refusal !== null) throw refusal;
    await storeLicense(trx, after);
    await updateThreshold(ctx, trx, after, now);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'license.updated', targetType: 'license', targetId: id, before: viewOf(before, now), after: viewOf(after, now), at: now });
    return viewOf(after, now);
  });
}

export async function deleteLicense(ctx: ServiceContext, tenant: Tenant, id: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const before = await findLicense(trx, tenant.id, id);
    if (before === null) throw notFound('license', id);
    const fromFile = fileLicenseProblem(before, 'license');
    if (fromFile !== null) throw new AllotError('conflict', fromFile.detail, { field: fromFile.field });
    await removeLicense(trx, tenant.id, id);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'license.deleted', targetType: 'license', targetId: id, before: viewOf(before, now), at: now });
  });
}

export interface ProductOverview {
  /** The card's key: the product's code, or `solution:<code>`. */
  product: string;
  kind: 'product' | 'solution';
  /** The product's or the solution's code. */
  code: string;
  name: string;
  /** An active license of its own, or one of a solution granting some of its modules (`through`). */
  licensed: boolean;
  /** The solutions whose active licenses grant modules of the product (none for a solution's card). */
  through: { code: string; name: string }[];
  packages: string[];
  licenses: LicenseView[];
  /** Slots per user role (named licenses with a role). */
  roles: ({ role: string; licenseId: string; code: string; unlimited: boolean } & Usage)[];
}

/**
 * Per catalog product (and per solution a tenant holds): licensed or not, the packages bought, the
 * licenses with their usage, and the slots per role (Lucanet's licenses workspace).
 */
export async function licenseOverview(ctx: ServiceContext, tenant: Tenant): Promise<ProductOverview[]> {
  const now = tenantNow(tenant, ctx.clock.now());
  const licenses = (await withUsage(ctx.store.db, await allLicenses(ctx.store.db, tenant.id), now, tenant.timeZone)).map((l) => viewOf(l, now));
  const subjects = new Map<string, { kind: ProductOverview['kind']; code: string; name: string }>();
  for (const [code, name] of await productNames(ctx.store.db)) subjects.set(code, { kind: 'product', code, name });
  /** Per product code, the solutions whose active licenses grant some of its modules. */
  const through = new Map<string, Map<string, { code: string; name: string }>>();
  for (const l of licenses) {
    if (l.product !== null) {
      if (!subjects.has(l.product)) subjects.set(l.product, { kind: 'product', code: l.product, name: l.product });
    } else if (l.solution !== null && !subjects.has(`solution:${l.solution}`)) {
      // A solution card is titled by the solution's name; its code stays the subtitle.
      const solution = await findSolutionByCode(ctx.store.db, l.solution);
      subjects.set(`solution:${l.solution}`, { kind: 'solution', code: l.solution, name: solution?.name ?? l.solution });
      if (solution === null || !licenses.some((s) => s.solution === l.solution && s.status === 'active')) continue;
      for (const module of solution.modules) {
        const product = parseModuleRef(module)?.product;
        if (product === undefined) continue;
        if (!through.has(product)) through.set(product, new Map());
        through.get(product)?.set(solution.code, { code: solution.code, name: solution.name });
      }
    }
  }
  return [...subjects.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([subject, { kind, code, name }]) => {
      const solutions = kind === 'product' ? [...(through.get(code)?.values() ?? [])] : [];
      const own = licenses.filter((l) => (l.product ?? `solution:${l.solution}`) === subject);
      const roles = own
        .filter((l) => l.role !== null)
        .map((l) => ({ role: l.role ?? '', licenseId: l.id, code: l.code, unlimited: l.unlimited, quantity: l.quantity, used: l.used, available: l.available, percentUsed: l.percentUsed, thresholdReached: l.thresholdReached }));
      return {
        product: subject,
        kind,
        code,
        name,
        licensed: own.some((l) => l.status === 'active') || solutions.length > 0,
        through: solutions,
        packages: [...new Set(own.map((l) => l.package).filter((p): p is string => p !== null))],
        licenses: own,
        roles,
      };
    });
}
