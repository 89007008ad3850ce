import type { BillingPeriod, Contract, ContractComponent } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { ContractsTable } from '../tables/commerce.table.js';

function toContract(row: Selectable<ContractsTable>): Contract {
  return {
    tenantId: row.tenant_id,
    currency: row.currency,
    billingPeriod: row.billing_period as BillingPeriod,
    termStart: row.term_start,
    termEnd: row.term_end,
    components: JSON.parse(row.components) as ContractComponent[],
    vendorName: row.vendor_name,
    vendorAddress: row.vendor_address,
    locale: row.locale,
    updatedAt: row.updated_at,
  };
}

export async function findContract(db: Db, tenantId: string): Promise<Contract | null> {
  const row = await db.selectFrom('contracts').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? toContract(row) : null;
}

/** Stores the tenant's contract, replacing the one before whole. */
export async function saveContract(db: Db, contract: Contract): Promise<void> {
  const values = {
    currency: contract.currency,
    billing_period: contract.billingPeriod,
    term_start: contract.termStart,
    term_end: contract.termEnd,
    components: JSON.stringify(contract.components),
    vendor_name: contract.vendorName,
    vendor_address: contract.vendorAddress,
    locale: contract.locale,
    updated_at: contract.updatedAt,
  };
  await db
    .insertInto('contracts')
    .values({ tenant_id: contract.tenantId, ...values, created_at: contract.updatedAt })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}
