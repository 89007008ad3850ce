import { AllotError, modelSpec, notFound, tenantNow, validityBound, type Page, type Tenant } from '@allot/core';
import { findLicense, graceOfLicenses, insertGrace, listExcessUses, newId, type ExcessUse, type GraceKey, type PageRequest } from '@allot/storage';
import { audit, inTransaction, type ServiceContext } from './context.js';

/**
 * Adds a grace key to a concurrent license: from `startsAt` until `endsAt` its concurrency limit is
 * lifted, and every session beyond it is logged as excess. Named, hit and data licenses take none.
 */
export async function addGrace(ctx: ServiceContext, tenant: Tenant, licenseId: string, input: { startsAt: string; endsAt: string; orderNumber: string }): Promise<GraceKey> {
  const now = tenantNow(tenant, ctx.clock.now());
  const startsAt = validityBound(input.startsAt, 'from', tenant.timeZone);
  const endsAt = validityBound(input.endsAt, 'until', tenant.timeZone);
  if (startsAt === null) throw new AllotError('invalid_request', 'startsAt must be a date or an ISO 8601 instant.', { field: 'startsAt' });
  if (endsAt === null) throw new AllotError('invalid_request', 'endsAt must be a date or an ISO 8601 instant.', { field: 'endsAt' });
  if (endsAt <= startsAt) throw new AllotError('invalid_request', 'endsAt must lie after startsAt.', { field: 'endsAt' });
  return inTransaction(ctx, async (trx) => {
    const license = await findLicense(trx, tenant.id, licenseId);
    if (license === null) throw notFound('license', licenseId);
    if (!modelSpec(license.model).grace) {
      throw new AllotError('unprocessable', `A grace period lifts a concurrency limit; license ${license.code} is a ${license.model} license.`, { model: license.model });
    }
    const grace: GraceKey = { id: newId('grc'), tenantId: tenant.id, licenseId, startsAt, endsAt, orderNumber: input.orderNumber, createdAt: now };
    await insertGrace(trx, grace);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'license.grace_added', targetType: 'license', targetId: licenseId, after: grace, at: now });
    return grace;
  });
}

export async function listGrace(ctx: ServiceContext, tenant: Tenant, licenseId: string): Promise<GraceKey[]> {
  const license = await findLicense(ctx.store.db, tenant.id, licenseId);
  if (license === null) throw notFound('license', licenseId);
  return graceOfLicenses(ctx.store.db, [licenseId]);
}

export function listExcess(ctx: ServiceContext, tenant: Tenant, filter: { userId?: string | undefined; module?: string | undefined; licenseId?: string | undefined }, page: PageRequest): Promise<Page<ExcessUse>> {
  return listExcessUses(ctx.store.db, tenant.id, filter, page);
}
