export type { IssuedDayCodeView } from '@allot/storage';
import { AllotError, dateIn, notFound, Temporal, tenantNow, type Page, type Tenant } from '@allot/core';
import { findIssuedDayCode, insertDayCode, listDayCodes as queryDayCodes, listDayCodeUses, newId, resolveModuleRefs, type DayCode, type DayCodeFilter, type DayCodeUse, type IssuedDayCodeView, type PageRequest } from '@allot/storage';
import { randomToken } from '../security/secrets.js';
import { audit, inTransaction, type ServiceContext } from './context.js';

/**
 * Issues a day code for one module and one calendar day of the tenant (today unless `validOn`
 * names a later day): a session opened with it gets the module that day even when unlicensed or full.
 */
export async function issueDayCode(ctx: ServiceContext, tenant: Tenant, input: { module: string; validOn?: string | undefined }): Promise<DayCode> {
  const now = tenantNow(tenant, ctx.clock.now());
  const today = dateIn(now, tenant.timeZone);
  let validOn = today;
  if (input.validOn !== undefined) {
    try {
      validOn = Temporal.PlainDate.from(input.validOn);
    } catch {
      throw new AllotError('invalid_request', 'validOn must be a date such as 2024-03-06.', { field: 'validOn' });
    }
    if (Temporal.PlainDate.compare(validOn, today) < 0) throw new AllotError('invalid_request', `validOn lies before today (${today.toString()}).`, { field: 'validOn' });
  }
  return inTransaction(ctx, async (trx) => {
    const module = (await resolveModuleRefs(trx, [input.module])).get(input.module)?.ref;
    if (module === undefined) throw new AllotError('unknown_module', `The catalog has no module ${input.module}.`, { modules: [input.module] });
    const dayCode: DayCode = { id: newId('dcd'), tenantId: tenant.id, module, code: `DC-${randomToken(16)}`, validOn: validOn.toString(), createdAt: now };
    await insertDayCode(trx, dayCode);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'day_code.issued', targetType: 'day_code', targetId: dayCode.id, after: { module: dayCode.module, validOn: dayCode.validOn }, at: now });
    return dayCode;
  });
}

export function listDayCodeLog(ctx: ServiceContext, tenant: Tenant, filter: { userId?: string | undefined; module?: string | undefined }, page: PageRequest): Promise<Page<DayCodeUse>> {
  return listDayCodeUses(ctx.store.db, tenant.id, filter, page);
}

/** One day code issued for the tenant, with its uses. */
export async function getDayCode(ctx: ServiceContext, tenant: Tenant, id: string): Promise<IssuedDayCodeView> {
  const found = await findIssuedDayCode(ctx.store.db, tenant.id, id);
  if (found === null) throw notFound('day code', id);
  return found;
}

/** The day codes issued for the tenant, newest first, with their uses. */
export function listDayCodes(ctx: ServiceContext, tenant: Tenant, filter: DayCodeFilter, page: PageRequest): Promise<Page<IssuedDayCodeView>> {
  if (filter.validFrom !== undefined) {
    try {
      Temporal.PlainDate.from(filter.validFrom);
    } catch {
      throw new AllotError('invalid_request', 'validFrom must be a date such as 2024-03-06.', { field: 'validFrom', in: 'query' });
    }
  }
  return queryDayCodes(ctx.store.db, tenant.id, filter, page);
}
