import {
  AllotError,
  clockTarget,
  isValidTimeZone,
  notFound,
  storableInstant,
  tenantNow,
  type Page,
  type Tenant,
  type TenantMode,
  type TenantStatus,
} from '@allot/core';
import {
  advanceTenantClock,
  deleteTenant as removeTenant,
  findTenant,
  insertTenant,
  isUniqueViolation,
  listTenants as queryTenants,
  newId,
  updateTenant as changeTenant,
  type PageRequest,
} from '@allot/storage';
import { audit, inTransaction, type ServiceContext } from './context.js';

export interface NewTenant {
  name: string;
  customerCode: string;
  timeZone?: string | undefined;
  mode?: TenantMode | undefined;
  clock?: string | undefined;
}

function checkTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new AllotError('invalid_request', `timeZone ${timeZone} is not an IANA time zone.`, { field: 'timeZone' });
  }
}

function customerCodeTaken(customerCode: string): AllotError {
  return new AllotError('already_exists', `A tenant with customer code ${customerCode} exists.`, { field: 'customerCode' });
}

export async function createTenant(ctx: ServiceContext, input: NewTenant): Promise<Tenant> {
  const timeZone = input.timeZone ?? 'UTC';
  checkTimeZone(timeZone);
  const mode = input.mode ?? 'live';
  const realNow = ctx.clock.now();
  let clock: string | null = null;
  if (mode === 'sandbox') {
    clock = storableInstant(input.clock ?? realNow);
    if (clock === null) throw new AllotError('invalid_request', 'clock must be an ISO 8601 instant within years 1 to 9999.', { field: 'clock' });
  } else if (input.clock !== undefined) {
    throw new AllotError('invalid_request', 'Only a sandbox tenant has a test clock.', { field: 'clock' });
  }
  const tenant: Tenant = {
    id: newId('ten'),
    name: input.name,
    customerCode: input.customerCode,
    timeZone,
    mode,
    status: 'licensed',
    clock,
    createdAt: realNow,
    updatedAt: realNow,
  };
  try {
    await inTransaction(ctx, async (trx) => {
      await insertTenant(trx, tenant);
      await audit(ctx, trx, { tenantId: tenant.id, action: 'tenant.created', targetType: 'tenant', targetId: tenant.id, after: tenant, at: tenantNow(tenant, realNow) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw customerCodeTaken(input.customerCode);
    throw error;
  }
  return tenant;
}

export function listTenants(
  ctx: ServiceContext,
  filter: { mode?: TenantMode | undefined; status?: TenantStatus | undefined },
  page: PageRequest,
): Promise<Page<Tenant>> {
  // A tenant's own key or user sees its own tenant and no other.
  const onlyId = ctx.principal.kind === 'vendor_admin' ? undefined : ctx.principal.tenantId;
  return queryTenants(ctx.store.db, { ...filter, onlyId }, page);
}

export interface TenantPatch {
  name?: string | undefined;
  customerCode?: string | undefined;
  timeZone?: string | undefined;
}

export async function updateTenant(ctx: ServiceContext, tenant: Tenant, patch: TenantPatch): Promise<Tenant> {
  if (patch.customerCode !== undefined && patch.customerCode !== tenant.customerCode && ctx.principal.kind !== 'vendor_admin') {
    throw new AllotError('forbidden', 'Only the vendor changes a customer code.', { field: 'customerCode' });
  }
  if (patch.timeZone !== undefined) checkTimeZone(patch.timeZone);
  const realNow = ctx.clock.now();
  try {
    return await inTransaction(ctx, async (trx) => {
      await changeTenant(trx, tenant.id, patch, realNow);
      const after = await findTenant(trx, tenant.id);
      if (after === null) throw notFound('tenant', tenant.id);
      await audit(ctx, trx, { tenantId: tenant.id, action: 'tenant.updated', targetType: 'tenant', targetId: tenant.id, before: tenant, after, at: tenantNow(after, realNow) });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw customerCodeTaken(patch.customerCode ?? '');
    throw error;
  }
}

export async function deleteTenant(ctx: ServiceContext, tenant: Tenant): Promise<void> {
  const realNow = ctx.clock.now();
  await inTransaction(ctx, async (trx) => {
    if (!(await removeTenant(trx, tenant.id))) throw notFound('tenant', tenant.id);
    // The tenant's own trail goes with it; the vendor-wide trail keeps the deletion.
    await audit(ctx, trx, { tenantId: null, action: 'tenant.deleted', targetType: 'tenant', targetId: tenant.id, before: tenant, at: realNow });
  });
}

/**
 * Moves a sandbox tenant's test clock forward, by a duration in the tenant's calendar or to an
 * instant (`clockTarget` in core decides where). Never backwards; a live tenant has no test clock.
 */
export async function moveClock(ctx: ServiceContext, tenant: Tenant, move: { advanceBy?: string | undefined; to?: string | undefined }): Promise<Tenant> {
  if (tenant.mode !== 'sandbox' || tenant.clock === null) {
    throw new AllotError('live_clock', 'A live tenant runs on the real clock; only sandbox tenants have a test clock.');
  }
  if ((move.advanceBy === undefined) === (move.to === undefined)) {
    throw new AllotError('invalid_request', 'Give exactly one of advanceBy or to.', { field: move.advanceBy === undefined ? 'advanceBy' : 'to' });
  }
  const decided = clockTarget(tenant.clock, move.advanceBy !== undefined ? { advanceBy: move.advanceBy } : { to: move.to ?? '' }, tenant.timeZone);
  if (decided.outcome === 'invalid') throw new AllotError('invalid_request', decided.detail, { field: decided.field });
  const target = decided.to;
  const backwards = () => new AllotError('clock_backwards', `The clock is at ${tenant.clock}; it never moves back to ${target}.`, { clock: tenant.clock, to: target });
  if (decided.outcome === 'backwards') throw backwards();
  const realNow = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    if (!(await advanceTenantClock(trx, tenant.id, target, realNow))) throw backwards();
    const after = await findTenant(trx, tenant.id);
    if (after === null) throw notFound('tenant', tenant.id);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'tenant.clock_advanced', targetType: 'tenant', targetId: tenant.id, before: { clock: tenant.clock }, after: { clock: target }, at: target });
    return after;
  });
}
