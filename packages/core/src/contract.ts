import { Temporal } from 'temporal-polyfill';
import { divideHalfUp, isCurrencyCode, isSupportedLocale, toMinorUnits } from './money.js';
import { codeKey } from './module-ref.js';

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

/** What a tenant pays for what (SPEC 6), set by the vendor. Dates are tenant calendar days, both inclusive. */
export interface Contract {
  tenantId: string;
  currency: string;
  billingPeriod: BillingPeriod;
  termStart: string;
  termEnd: string;
  components: ContractComponent[];
  /** Who issues the invoices, as printed on them. */
  vendorName: string;
  vendorAddress: string | null;
  /** BCP 47 locale the invoice's money and dates are written in. */
  locale: string;
  updatedAt: string;
}

export type ContractInput = Omit<Contract, 'tenantId' | 'updatedAt' | 'vendorName' | 'vendorAddress' | 'locale'> & {
  vendorName?: string | undefined;
  vendorAddress?: string | null | undefined;
  locale?: string | undefined;
};

/** Printed on an invoice when the contract names no vendor. */
export const defaultVendorName = 'Your vendor';
export const defaultInvoiceLocale = 'en-US';

/** Why a contract cannot be stored: a 400 naming `field`, or a 422 for a license the tenant lacks. */
export interface ContractProblem {
  kind: 'invalid' | 'unknown_license';
  field: string;
  detail: string;
}

export type ContractOutcome = { ok: true; contract: Contract } | { ok: false; problem: ContractProblem };

function plainDate(text: string): Temporal.PlainDate | null {
  try {
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? Temporal.PlainDate.from(text, { overflow: 'reject' }) : null;
  } catch {
    return null;
  }
}

const invalid = (field: string, detail: string): ContractOutcome => ({ ok: false, problem: { kind: 'invalid', field, detail } });

/**
 * A contract from a `PUT` body and the codes of the tenant's licenses: real calendar dates with
 * the end after the start, an ISO 4217 currency, whole non-negative prices, component codes unique
 * ignoring case, and each component naming a license of the tenant (stored as the license spells
 * its code).
 *
 * @example
 * checkContract({ currency: 'EUR', billingPeriod: 'month', termStart: '2026-01-01', termEnd: '2026-12-31',
 *   components: [{ code: 'crm-users', name: 'CRM user slots', licenseCode: 'crm-n', unitPrice: 12000 }] },
 *   { tenantId: 'ten_1', licenseCodes: ['CRM-N'], now: '2026-01-01T00:00:00.000Z' }).ok // true
 */
export function checkContract(input: ContractInput, context: { tenantId: string; licenseCodes: readonly string[]; now: string }): ContractOutcome {
  if (!isCurrencyCode(input.currency)) return invalid('currency', `${input.currency} is not an ISO 4217 currency code.`);
  const start = plainDate(input.termStart);
  if (start === null) return invalid('termStart', 'termStart must be a calendar date (YYYY-MM-DD).');
  const end = plainDate(input.termEnd);
  if (end === null) return invalid('termEnd', 'termEnd must be a calendar date (YYYY-MM-DD).');
  if (Temporal.PlainDate.compare(end, start) <= 0) return invalid('termEnd', 'termEnd must be after termStart.');
  const locale = input.locale ?? defaultInvoiceLocale;
  if (!isSupportedLocale(locale)) return invalid('locale', `${locale} is not a locale invoices can be written in.`);
  const licenses = new Map(context.licenseCodes.map((code) => [codeKey(code), code]));
  const seen = new Set<string>();
  const components: ContractComponent[] = [];
  for (const [i, component] of input.components.entries()) {
    if (!Number.isSafeInteger(component.unitPrice) || component.unitPrice < 0) return invalid(`components.${i}.unitPrice`, 'unitPrice is a whole, non-negative number of minor units.');
    if (seen.has(codeKey(component.code))) return invalid(`components.${i}.code`, `Component ${component.code} is named twice.`);
    seen.add(codeKey(component.code));
    const licenseCode = licenses.get(codeKey(component.licenseCode));
    if (licenseCode === undefined) {
      return { ok: false, problem: { kind: 'unknown_license', field: `components.${i}.licenseCode`, detail: `The tenant has no license ${component.licenseCode}.` } };
    }
    components.push({ ...component, licenseCode });
  }
  return {
    ok: true,
    contract: {
      tenantId: context.tenantId,
      currency: input.currency,
      billingPeriod: input.billingPeriod,
      termStart: start.toString(),
      termEnd: end.toString(),
      components,
      vendorName: input.vendorName ?? defaultVendorName,
      vendorAddress: input.vendorAddress ?? null,
      locale,
      updatedAt: context.now,
    },
  };
}

/** One billing period: its first and last day (tenant calendar, inclusive) and its full length in days. */
export interface BillingPeriodSpan {
  start: string;
  /** The period's last day: the day before the next one starts, or `termEnd` for the last. */
  end: string;
  /** Days of the whole month or year from `start`, also for a last period `termEnd` cuts short. */
  days: number;
}

/**
 * The billing period holding `day`: periods start at `termStart` plus whole months (or years),
 * counted from `termStart` each time so that a term starting on the 31st keeps the 31st where the
 * month has one; each ends the day before the next starts, the last on `termEnd`. Null when
 * `day` lies outside the term. `days` is the whole period's length, so that a last period cut
 * short by `termEnd` is still priced per day of a full period.
 *
 * @example
 * billingPeriodOn({ billingPeriod: 'month', termStart: '2026-01-31', termEnd: '2026-12-31' }, '2026-03-15')
 * // { start: '2026-02-28', end: '2026-03-30', days: 31 }
 */
export function billingPeriodOn(contract: Pick<Contract, 'billingPeriod' | 'termStart' | 'termEnd'>, day: string): BillingPeriodSpan | null {
  const date = Temporal.PlainDate.from(day);
  const termStart = Temporal.PlainDate.from(contract.termStart);
  const termEnd = Temporal.PlainDate.from(contract.termEnd);
  if (Temporal.PlainDate.compare(date, termStart) < 0 || Temporal.PlainDate.compare(date, termEnd) > 0) return null;
  const unit = contract.billingPeriod === 'month' ? 'months' : 'years';
  const startOf = (n: number) => termStart.add({ [unit]: n });
  // The whole periods before `day`, counted by the calendar, then corrected for day-of-month clamping.
  let n = termStart.until(date, { largestUnit: unit })[unit];
  while (n > 0 && Temporal.PlainDate.compare(startOf(n), date) > 0) n--;
  while (Temporal.PlainDate.compare(startOf(n + 1), date) <= 0) n++;
  const start = startOf(n);
  const next = startOf(n + 1);
  const lastDay = next.subtract({ days: 1 });
  const end = Temporal.PlainDate.compare(lastDay, termEnd) > 0 ? termEnd : lastDay;
  return { start: start.toString(), end: end.toString(), days: start.until(next, { largestUnit: 'days' }).days };
}

/**
 * The monthly amount of `quantity` units at `unitPrice` (minor units per billing period): the
 * product for a monthly contract, a twelfth of it, rounded half-up, for a yearly one.
 *
 * @example
 * monthlyAmount(12000, 3, 'month') // 36000
 * monthlyAmount(1000, 1, 'year') // 83 (83.33…)
 * monthlyAmount(1002, 1, 'year') // 84 (83.5 rounds up)
 */
export function monthlyAmount(unitPrice: number, quantity: number, billingPeriod: BillingPeriod): number {
  const total = BigInt(unitPrice) * BigInt(quantity);
  return toMinorUnits(billingPeriod === 'month' ? total : divideHalfUp(total, 12n));
}

/**
 * The component of a contract by code, ignoring case; null when the contract has none.
 *
 * @example
 * componentOf({ components: [{ code: 'crm-users', name: 'CRM', licenseCode: 'CRM-N', unitPrice: 1 }] }, 'CRM-USERS')?.code // 'crm-users'
 */
export function componentOf(contract: Pick<Contract, 'components'>, code: string): ContractComponent | null {
  return contract.components.find((c) => codeKey(c.code) === codeKey(code)) ?? null;
}
