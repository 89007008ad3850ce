// Commerce as the API answers it (SPEC 6; packages/server/src/schemas): contracts, upgrade
// requests, purchases and invoices. Money is always an integer of the currency's minor unit.

export const billingPeriods = ['month', 'year'] as const;
export type BillingPeriod = (typeof billingPeriods)[number];

/** One thing a customer can buy more of: it raises the quantity of the tenant's license `licenseCode`. */
export interface ContractComponent {
  code: string;
  name: string;
  licenseCode: string;
  /** Minor units per unit per billing period. */
  unitPrice: number;
}

export interface Contract {
  tenantId: string;
  /** ISO 4217. */
  currency: string;
  billingPeriod: BillingPeriod;
  /** Tenant calendar days, both inclusive. */
  termStart: string;
  termEnd: string;
  components: ContractComponent[];
  /** Who issues the invoices. */
  vendorName: string;
  vendorAddress: string | null;
  /** The locale invoices write money and dates in. */
  locale: string;
  updatedAt: string;
}

/** The body of `PUT .../contract`. */
export interface ContractInput {
  currency: string;
  billingPeriod: BillingPeriod;
  termStart: string;
  termEnd: string;
  components: ContractComponent[];
  vendorName?: string;
  vendorAddress?: string | null;
  locale?: string;
}

export const upgradeStatuses = ['open', 'approved', 'rejected'] as const;
export type UpgradeStatus = (typeof upgradeStatuses)[number];

export interface UpgradeLine {
  component: string;
  /** The component's name in the contract when the request was priced. */
  name: string;
  licenseCode: string;
  quantity: number;
  unitPrice: number;
  /** `unitPrice × quantity`, a twelfth of it for a yearly contract. */
  monthlyAmount: number;
}

export interface UpgradeRequest {
  id: string;
  tenantId: string;
  status: UpgradeStatus;
  product: string;
  items: UpgradeLine[];
  monthlyTotal: number;
  currency: string;
  purchaseOrder: string | null;
  /** The user who sent it; null for an API key. */
  requestedBy: string | null;
  requestedAt: string;
  decidedAt: string | null;
  /** Why the vendor rejected it. */
  reason: string | null;
  /** True for the dialog's live summary, which stored nothing. */
  dryRun: boolean;
}

/** The body of `POST .../upgrade-requests`. */
export interface UpgradeRequestInput {
  product: string;
  items: { component: string; quantity: number }[];
  purchaseOrder?: string;
  bindingConfirmed: boolean;
}

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitPrice: number;
  /** Days billed: from the purchase day through the period's last day. */
  days: number;
  daysInPeriod: number;
  amount: number;
}

export interface Invoice {
  id: string;
  /** Gap-free per vendor: INV-2026-000001. */
  number: string;
  tenantId: string;
  currency: string;
  amount: number;
  /** The tenant calendar day it was issued. */
  invoiceDate: string;
  periodStart: string;
  periodEnd: string;
  lines: InvoiceLine[];
  customerName: string;
  customerCode: string;
  vendorName: string;
  vendorAddress: string | null;
  /** The locale it writes money in, the contract's at issue. */
  locale: string;
  issuedAt: string;
}

export interface Purchase {
  id: string;
  licenseId: string;
  added: number;
  newQuantity: number;
}

/** What `POST .../purchases` answers; a dry run the same, stored nowhere. */
export interface PurchaseOutcome {
  purchase: Purchase;
  invoice: Invoice;
  dryRun: boolean;
}
