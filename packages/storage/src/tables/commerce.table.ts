import type { ColumnType } from 'kysely';

/** A 64-bit amount: PostgreSQL's driver answers `bigint` as text, SQLite as a number. */
export type Amount = ColumnType<number | string, number, number>;

/** A tenant's contract (SPEC 6), replaced whole by every `PUT`. */
export interface ContractsTable {
  tenant_id: string;
  currency: string;
  billing_period: string;
  /** Tenant calendar days, both inclusive. */
  term_start: string;
  term_end: string;
  /** JSON array of `{code, name, licenseCode, unitPrice}`. */
  components: string;
  vendor_name: string;
  vendor_address: string | null;
  locale: string;
  created_at: string;
  updated_at: string;
}

/** An upgrade request; at most one `open` per tenant and product (a partial unique index). */
export interface UpgradeRequestsTable {
  id: string;
  tenant_id: string;
  /** The product or solution code as the catalog spells it. */
  product: string;
  /** `open`, `approved` or `rejected`. */
  status: string;
  /** JSON array of the priced lines, fixed when the request was sent. */
  items: string;
  monthly_total: Amount;
  currency: string;
  purchase_order: string | null;
  /** The user who sent it; null when a key did. */
  requested_by: string | null;
  requested_at: string;
  decided_at: string | null;
  /** The audit actor of the decision. */
  decided_by: string | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

/** A direct purchase of more units of a license. */
export interface PurchasesTable {
  id: string;
  tenant_id: string;
  license_id: string;
  added: number;
  new_quantity: number;
  invoice_id: string;
  purchased_by: string;
  purchased_at: string;
  created_at: string;
}

/** An invoice as issued: buyer and vendor as they were then. */
export interface InvoicesTable {
  id: string;
  tenant_id: string;
  number: string;
  purchase_id: string;
  currency: string;
  amount: Amount;
  /** The tenant calendar day it was issued on. */
  invoice_date: string;
  period_start: string;
  period_end: string;
  /** JSON array of core's `InvoiceLine`. */
  lines: string;
  customer_name: string;
  customer_code: string;
  vendor_name: string;
  vendor_address: string | null;
  locale: string;
  issued_at: string;
  created_at: string;
}

/** The last invoice number given per year: gap-free, since it is taken in the invoice's transaction. */
export interface InvoiceSequencesTable {
  year: number;
  last: number;
}
