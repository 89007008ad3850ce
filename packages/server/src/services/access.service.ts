import { decideAccess, instantFilter, parseModuleRef, tenantNow, type AccessDecision, type Page, type Tenant } from '@allot/core';
import {
  findUser,
  insertDenial,
  licensesCoveringModule,
  listDenials as queryDenials,
  newId,
  resolveModuleRefs,
  seatedLicenseIds,
  type Denial,
  type DenialFilter,
  type Db,
  type PageRequest,
} from '@allot/storage';
import type { ServiceContext } from './context.js';
import { lookupsOf, type StoredAccessFacts } from './lookup-cache.js';

/** What the access rule needs from the database; it holds no time, so it may be cached exactly. */
async function loadFacts(db: Db, tenantId: string, input: { userId: string; module: string }): Promise<StoredAccessFacts> {
  const ref = parseModuleRef(input.module);
  const [user, modules] = await Promise.all([findUser(db, tenantId, input.userId), ref === null ? new Map<string, string>() : resolveModuleRefs(db, [input.module])]);
  const covering = ref === null || user === null ? [] : await licensesCoveringModule(db, tenantId, ref.product, ref.module);
  const seated = user === null ? new Set<string>() : await seatedLicenseIds(db, user.id, covering.map((l) => l.id));
  return {
    userKnown: user !== null,
    moduleKnown: modules.size > 0,
    certifiedProfessional: user?.certifiedProfessional ?? false,
    licenses: covering.map((license) => ({ license, seated: seated.has(license.id) })),
  };
}

/**
 * The access check every licensed application makes: loads the facts at the tenant's `now`, lets
 * the rule in `core` decide, and writes every denial to the denied-access log.
 */
export async function checkAccess(ctx: ServiceContext, tenant: Tenant, input: { userId: string; module: string }): Promise<AccessDecision> {
  const now = tenantNow(tenant, ctx.clock.now());
  const facts = await lookupsOf(ctx.store).accessFacts.get(JSON.stringify([tenant.id, input.userId, input.module]), () => loadFacts(ctx.store.db, tenant.id, input));
  const decision = decideAccess({ ...facts, demoMode: tenant.status === 'demo', now });
  if (!decision.allowed) {
    await insertDenial(ctx.store.db, { id: newId('den'), tenantId: tenant.id, userId: input.userId, module: input.module, code: decision.code, licenseId: decision.licenseId, at: now });
  }
  return decision;
}

export const denialCsvColumns = ['id', 'at', 'userId', 'module', 'code', 'licenseId'] as const;

export function listDenials(ctx: ServiceContext, tenant: Tenant, filter: DenialFilter, page: PageRequest): Promise<Page<Denial>> {
  return queryDenials(ctx.store.db, tenant.id, { ...filter, from: instantFilter(filter.from, 'from'), to: instantFilter(filter.to, 'to') }, page);
}
