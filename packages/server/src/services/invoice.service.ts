import { notFound, type Page, type Tenant } from '@allot/core';
import { findInvoice, listInvoices as queryInvoices, type Invoice, type PageRequest } from '@allot/storage';
import type { ServiceContext } from './context.js';

export async function getInvoice(ctx: ServiceContext, tenant: Tenant, id: string): Promise<Invoice> {
  const invoice = await findInvoice(ctx.store.db, tenant.id, id);
  if (invoice === null) throw notFound('invoice', id);
  return invoice;
}

/** A tenant's invoices in the order they were issued. */
export function listInvoices(ctx: ServiceContext, tenant: Tenant, page: PageRequest): Promise<Page<Invoice>> {
  return queryInvoices(ctx.store.db, tenant.id, page);
}
