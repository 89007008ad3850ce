import { AllotError, checkContract, tenantNow, type Contract, type ContractInput, type Tenant } from '@allot/core';
import { allLicenses, findContract, saveContract } from '@allot/storage';
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
