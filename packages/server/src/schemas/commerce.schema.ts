import { billingPeriods, upgradeStatuses } from '@allot/core';
import Type, { type Static, type TSchema } from 'typebox';
import { Code, Name, Nullable, Timestamp } from './common.js';

/** Whole minor units per unit per billing period; bounded so that every sum stays an exact integer. */
const UnitPrice = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'minor units (cents) per unit per billing period' });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'whole units, at least 1' });
const Money = Type.Integer({ minimum: 0, description: 'minor units of the currency (cents)' });
const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a calendar day of the tenant, YYYY-MM-DD' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' });

/** A reference to a shape the document names once as a component (registered by `commerceComponents`). */
function componentRef<T extends TSchema>(name: string, _shape: T) {
  return Type.Unsafe<Static<T>>({ $ref: `${name}#` });
}

export const ContractComponent = Type.Object(
  {
    code: Code,
    name: Name,
    licenseCode: Type.String({ minLength: 1, maxLength: 64, description: "the code of the tenant's license this component raises" }),
    unitPrice: UnitPrice,
  },
  { additionalProperties: false },
);

export const ContractBody = Type.Object(
  {
    currency: Currency,
    billingPeriod: Type.Enum([...billingPeriods]),
    termStart: CalendarDate,
    termEnd: CalendarDate,
    components: Type.Array(ContractComponent, { maxItems: 200 }),
    vendorName: Type.Optional(Name),
    vendorAddress: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
    locale: Type.Optional(Type.String({ minLength: 2, maxLength: 35, description: 'BCP 47 locale of the invoices, default en-US' })),
  },
  { additionalProperties: false },
);

export const Contract = Type.Object(
  {
    tenantId: Type.String(),
    currency: Type.String(),
    billingPeriod: Type.Enum([...billingPeriods]),
    termStart: Type.String(),
    termEnd: Type.String(),
    components: Type.Array(ContractComponent),
    vendorName: Type.String(),
    vendorAddress: Nullable(Type.String()),
    locale: Type.String(),
    updatedAt: Timestamp,
  },
);

export const UpgradeRequestBody = Type.Object(
  {
    product: Code,
    items: Type.Array(Type.Object({ component: Code, quantity: Quantity }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
    purchaseOrder: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    bindingConfirmed: Type.Optional(Type.Boolean({ description: 'must be true: the request is a binding order' })),
  },
  { additionalProperties: false },
);

export const UpgradeLine = Type.Object({
  component: Type.String(),
  name: Type.String(),
  licenseCode: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Money,
  monthlyAmount: Money,
});

export const UpgradeStatus = Type.Enum([...upgradeStatuses]);

export const UpgradeRequest = Type.Object(
  {
    id: Type.String({ description: 'upg_…; a dry run answers the id it would have had, and stores nothing' }),
    tenantId: Type.String(),
    tenantName: Type.String({ description: "the tenant's name, for the vendor's queue" }),
    status: UpgradeStatus,
    product: Type.String(),
    productName: Type.String({ description: "the catalog's name of the product (or solution) as it is now; its code when it is gone" }),
    items: Type.Array(UpgradeLine),
    monthlyTotal: Money,
    currency: Type.String(),
    purchaseOrder: Nullable(Type.String()),
    requestedBy: Nullable(Type.String({ description: 'the user who sent it; null when a key did' })),
    requestedAt: Timestamp,
    decidedAt: Nullable(Type.String({ format: 'date-time' })),
    reason: Nullable(Type.String()),
    dryRun: Type.Boolean(),
  },
);

export const UpgradeRequestFilters = {
  status: Type.Optional(UpgradeStatus),
  product: Type.Optional(Code),
};

export const UpgradeRequestParams = Type.Object({ t: Type.String(), id: Type.String() });

export const RejectBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const PurchaseBody = Type.Object(
  {
    licenseId: Type.String({ minLength: 1, maxLength: 64 }),
    newQuantity: Quantity,
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: "the owner's own password; not needed with dryRun=true" })),
  },
  { additionalProperties: false },
);

export const InvoiceLine = Type.Object({
  description: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Money,
  days: Type.Integer({ description: 'the purchase day through the end of the billing period' }),
  daysInPeriod: Type.Integer(),
  amount: Money,
});

export const Invoice = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ description: 'gap-free per vendor: INV-<year>-<six digits>' }),
    tenantId: Type.String(),
    purchaseId: Type.String(),
    currency: Type.String(),
    amount: Money,
    invoiceDate: Type.String(),
    periodStart: Type.String(),
    periodEnd: Type.String(),
    lines: Type.Array(InvoiceLine),
    customerName: Type.String(),
    customerCode: Type.String(),
    vendorName: Type.String(),
    vendorAddress: Nullable(Type.String()),
    locale: Type.String(),
    issuedAt: Timestamp,
  },
);

export const PurchaseResult = Type.Object(
  {
    purchase: Type.Object({ id: Type.String(), licenseId: Type.String(), added: Type.Integer(), newQuantity: Type.Integer() }),
    invoice: componentRef('Invoice', Invoice),
    dryRun: Type.Boolean(),
  },
);

export const InvoiceParams = Type.Object({ t: Type.String(), id: Type.String() });

/** The shapes `openapi.json` names as components: registered once in `app.ts` (`app.addSchema`, before any route), referred to by the routes. */
export const commerceComponents = { Contract, UpgradeRequest, Invoice, PurchaseResult };

export const ContractRef = componentRef('Contract', Contract);
export const UpgradeRequestRef = componentRef('UpgradeRequest', UpgradeRequest);
export const InvoiceRef = componentRef('Invoice', Invoice);
export const PurchaseResultRef = componentRef('PurchaseResult', PurchaseResult);
