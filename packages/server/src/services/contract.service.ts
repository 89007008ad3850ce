import { AllotError, billingPeriodOn, checkContract, dateIn, tenantNow, type Contract, type ContractInput, type Tenant } from '@allot/core';
import { allLicenses, findContract, saveContract, type Db } from '@allot/storage';
import { audit, inTransaction, type ServiceContext } from './context.js';

/** The tenant's contract; 404 when the vendor has set none. */
export async function getContract(ctx: ServiceContext, tenant: Tenant): Promise<Contract> {
  const contract = await findContract(ctx.store.db, tenant.id);
  if (contract === null) throw new AllotError('not_found', `Tenant ${tenant.id} has no contract.`, { resource: 'contract', id: tenant.id });
  return contract;
}

/**
 * Sets the tenant's contract (vendor), replacing the one before whole, checked by core's
 * `checkContract` against the tenant's licenses as they are in the same transaction; audited.
 */
export async function setContract(ctx: ServiceContext, tenant: Tenant, input: ContractInput): Promise<Contract> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    const licenses = await allLicenses(trx, tenant.id);
    const outcome = checkContract(input, { tenantId: tenant.id, licenseCodes: licenses.map((l) => l.code), now: ctx.clock.now() });
    if (!outcome.ok) {
      const { kind, field, detail } = outcome.problem;
      throw new AllotError(kind === 'unknown_license' ? 'unknown_license' : 'invalid_request', detail, { field });
    }
    const before = await findContract(trx, tenant.id);
    await saveContract(trx, outcome.contract);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'contract.set', targetType: 'contract', targetId: tenant.id, before, after: outcome.contract, at: now });
    return outcome.contract;
  });
}

/** The contract that prices a sale today, or the refusal: none (409 `no_price`), or outside its term (409 `outside_term`). */
export async function contractInForce(trx: Db, tenant: Tenant, now: string): Promise<Contract> {
  const contract = await findContract(trx, tenant.id);
  if (contract === null) throw new AllotError('no_price', 'The tenant has no contract: ask the vendor for one.', { resource: 'contract' });
  const today = dateIn(now, tenant.timeZone).toString();
  if (billingPeriodOn(contract, today) === null) {
    throw new AllotError('outside_term', `The contract runs from ${contract.termStart} through ${contract.termEnd}; today is ${today}.`, { termStart: contract.termStart, termEnd: contract.termEnd, today });
  }
  return contract;
}
