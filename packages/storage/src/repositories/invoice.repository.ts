import type { InvoiceLine, Page } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { InvoicesTable } from '../tables/commerce.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface Invoice {
  id: string;
  tenantId: string;
  number: string;
  purchaseId: string;
  currency: string;
  amount: number;
  invoiceDate: string;
  periodStart: string;
  periodEnd: string;
  lines: InvoiceLine[];
  customerName: string;
  customerCode: string;
  vendorName: string;
  vendorAddress: string | null;
  locale: string;
  issuedAt: string;
}

function toInvoice(row: Selectable<InvoicesTable>): Invoice {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    number: row.number,
    purchaseId: row.purchase_id,
    currency: row.currency,
    amount: Number(row.amount),
    invoiceDate: row.invoice_date,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    lines: JSON.parse(row.lines) as InvoiceLine[],
    customerName: row.customer_name,
    customerCode: row.customer_code,
    vendorName: row.vendor_name,
    vendorAddress: row.vendor_address,
    locale: row.locale,
    issuedAt: row.issued_at,
  };
}

/**
 * The next invoice number of `year`: one upsert that adds one to the year's row and answers it.
 * Call it in the transaction that stores the invoice: the row stays locked until the commit (other
 * nodes wait), and a rollback gives the number back, so the numbers have no gaps.
 */
export async function takeInvoiceSequence(db: Db, year: number): Promise<number> {
  const row = await db
    .insertInto('invoice_sequences')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb('invoice_sequences.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

export async function insertInvoice(db: Db, invoice: Invoice, recordedAt: string): Promise<void> {
  await db
    .insertInto('invoices')
    .values({
      id: invoice.id,
      tenant_id: invoice.tenantId,
      number: invoice.number,
      purchase_id: invoice.purchaseId,
      currency: invoice.currency,
      amount: invoice.amount,
      invoice_date: invoice.invoiceDate,
      period_start: invoice.periodStart,
      period_end: invoice.periodEnd,
      lines: JSON.stringify(invoice.lines),
      customer_name: invoice.customerName,
      customer_code: invoice.customerCode,
      vendor_name: invoice.vendorName,
      vendor_address: invoice.vendorAddress,
      locale: invoice.locale,
      issued_at: invoice.issuedAt,
      created_at: recordedAt,
    })
    .execute();
}

export async function findInvoice(db: Db, tenantId: string, id: string): Promise<Invoice | null> {
  const row = await db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toInvoice(row) : null;
}

/** A tenant's invoices in the order they were issued. */
export async function listInvoices(db: Db, tenantId: string, page: PageRequest): Promise<Page<Invoice>> {
  let query = db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).orderBy('id').limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  return toPage((await query.execute()).map(toInvoice), page.limit);
}
