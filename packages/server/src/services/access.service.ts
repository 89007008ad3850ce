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
  type PageRequest,
} from '@allot/storage';
import type { ServiceContext } from './context.js';

/**
 * The access check every licensed application makes: loads the facts at the tenant's `now`, lets
 * the rule in `core` decide, and writes every denial to the denied-access log.
 */
export async function checkAccess(ctx: ServiceContext, tenant: Tenant, input: { userId: string; module: string }): Promise<AccessDecision> {
  const now = tenantNow(tenant, ctx.clock.now());
  const db = ctx.store.db;
  const ref = parseModuleRef(input.module);
  const [user, modules] = await Promise.all([findUser(db, tenant.id, input.userId), ref === null ? new Map<string, string>() : resolveModuleRefs(db, [input.module])]);
  const covering = ref === null || user === null ? [] : await licensesCoveringModule(db, tenant.id, ref.product, ref.module);
  const seated = user === null ? new Set<string>() : await seatedLicenseIds(db, user.id, covering.map((l) => l.id));
  const decision = decideAccess({
    userKnown: user !== null,
    moduleKnown: modules.size > 0,
    demoMode: tenant.status === 'demo',
    certifiedProfessional: user?.certifiedProfessional ?? false,
    now,
    licenses: covering.map((license) => ({ license, seated: seated.has(license.id) })),
  });
  if (!decision.allowed) {
    await insertDenial(db, { id: newId('den'), tenantId: tenant.id, userId: input.userId, module: input.module, code: decision.code, licenseId: decision.licenseId, at: now });
  }
  return decision;
}

export const denialCsvColumns = ['id', 'at', 'userId', 'module', 'code', 'licenseId'] as const;

export function listDenials(ctx: ServiceContext, tenant: Tenant, filter: DenialFilter, page: PageRequest): Promise<Page<Denial>> {
  return queryDenials(ctx.store.db, tenant.id, { ...filter, from: instantFilter(filter.from, 'from'), to: instantFilter(filter.to, 'to') }, page);
}
