import { countsBy, parseModuleRef, type AccessFacts, type License, type Tenant } from '@allot/core';
import { findUser, graceOfLicenses, graceOfProduct, licensesCoveringModule, noTenantScope, resolveModuleRefs, seatedLicenseIds, type Db, type ResolvedModule } from '@allot/storage';
import type { ServiceContext } from './context.js';
import { lookupsOf, type StoredAccessFacts } from './lookup-cache.js';

/**
 * What the access rule needs from the database that does not change with time, so may be cached.
 * The module is resolved once, ignoring case, and the rest is read with the catalog's spelling,
 * which is what licenses store.
 */
async function loadFacts(db: Db, tenantId: string, userId: string, module: string): Promise<StoredAccessFacts> {
  const [user, modules] = await Promise.all([findUser(db, tenantId, userId), parseModuleRef(module) === null ? new Map<string, ResolvedModule>() : resolveModuleRefs(db, [module])]);
  const canonical = modules.get(module)?.ref ?? module;
  const ref = modules.size === 0 ? null : parseModuleRef(canonical);
  const covering = ref === null || user === null ? [] : await licensesCoveringModule(db, tenantId, ref.product, ref.module);
  const seated = user === null ? new Set<string>() : await seatedLicenseIds(db, user.id, covering.map((l) => l.id));
  const concurrent = covering.filter((l) => countsBy(l, 'live_sessions'));
  // Only a module no license covers needs the product's grace periods (its attempts are logged as excess).
  const unlicensed = ref !== null && user !== null && modules.size > 0 && covering.length === 0;
  return {
    module: canonical,
    userKnown: user !== null,
    moduleKnown: modules.size > 0,
    certifiedProfessional: user?.certifiedProfessional ?? false,
    licenses: covering.map((license) => ({ license, seated: seated.has(license.id) })),
    concurrentLicenses: concurrent,
    graces: await graceOfLicenses(db, concurrent.map((l) => l.id)),
    productGraces: unlicensed ? await graceOfProduct(db, tenantId, ref.product) : [],
  };
}

/** The scopes a tenant's licensing facts depend on: its own data, and the catalog, which no tenant owns. */
export const factScopes = (tenantId: string): string[] => [tenantId, noTenantScope];

/**
 * Whether facts read at the generations `before` still hold at those read under the tenant's
 * lock: none moved, and none was unknown (-1 vouches for nothing).
 */
export function factsStillHold(before: readonly number[], locked: readonly number[]): boolean {
  return locked.every((generation, i) => generation >= 0 && generation === before[i]);
}

/**
 * The licenses of a tenant covering a module of the catalog (`product`, `module` in its spelling),
 * read through `db` (the caller's transaction, if any), from the exact lookup cache where the store
 * allows it: hit batches read them under the licensing lock.
 */
export function coveringLicensesOf(ctx: Pick<ServiceContext, 'store'>, db: Db, tenantId: string, product: string, module: string): License[] | Promise<License[]> {
  const key = `${tenantId.length}:${tenantId}${product}:${module}`;
  const scopes = factScopes(tenantId);
  return lookupsOf(ctx.store).coveringLicenses.get(db, key, scopes, () => licensesCoveringModule(db, tenantId, product, module), () => scopes);
}

/**
 * Of the module references given (`product:module`, in any case), those the catalog knows, with
 * its spelling; read through `db` from the exact lookup cache where the store allows it. A hit
 * batch names the same few modules batch after batch.
 */
export function catalogModulesOf(ctx: Pick<ServiceContext, 'store'>, db: Db, refs: readonly string[]): Map<string, ResolvedModule> | Promise<Map<string, ResolvedModule>> {
  const scopes = [noTenantScope];
  return lookupsOf(ctx.store).catalogModules.get(db, JSON.stringify(refs), scopes, () => resolveModuleRefs(db, refs), () => scopes);
}

/**
 * The stored facts about one user and one module of a tenant, read through `db` (the caller's
 * transaction, if any), from the exact lookup cache where the store allows it. Access checks and
 * session opens share them.
 */
export function accessFactsOf(ctx: Pick<ServiceContext, 'store'>, db: Db, tenantId: string, userId: string, module: string): StoredAccessFacts | Promise<StoredAccessFacts> {
  // Lengths first, so that no two triples make the same key; cheaper than JSON on every check.
  const key = `${tenantId.length}:${tenantId}${userId.length}:${userId}${module}`;
  const scopes = factScopes(tenantId);
  return lookupsOf(ctx.store).accessFacts.get(db, key, scopes, () => loadFacts(db, tenantId, userId, module), () => scopes);
}

/**
 * The facts of the first, storage-free decision at `now`: servers, certified professionals and
 * seats. What changes with use (sessions, links, hits) is left out, to be read only when these do
 * not decide.
 */
export function seatFacts(stored: StoredAccessFacts, tenant: Tenant, now: string): AccessFacts {
  // Named fields, not a rest pattern: this runs on every access check, and rest copies are slow.
  return {
    userKnown: stored.userKnown,
    moduleKnown: stored.moduleKnown,
    certifiedProfessional: stored.certifiedProfessional,
    licenses: stored.licenses,
    demoMode: tenant.status === 'demo',
    now,
    concurrent: [],
    dayCodeSession: false,
    activeUser: null,
    hitQuota: null,
  };
}
