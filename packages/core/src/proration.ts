import { Temporal } from 'temporal-polyfill';
import { billingPeriodOn, type Contract, type ContractComponent } from './contract.js';
import { divideHalfUp, toMinorUnits } from './money.js';
import { dateIn } from './time.js';

/** One line of an invoice: `amount = unitPrice × quantity × days ÷ daysInPeriod`, rounded half-up once. */
export interface InvoiceLine {
  description: string;
  quantity: number;
  unitPrice: number;
  days: number;
  daysInPeriod: number;
  amount: number;
}

/** What a purchase is billed: the period it falls in and its one line. */
export interface ProratedCharge {
  /** The purchase day in the tenant's calendar: the invoice date. */
  day: string;
  periodStart: string;
  periodEnd: string;
  lines: InvoiceLine[];
  amount: number;
}

export type ProrationOutcome = { ok: true; charge: ProratedCharge } | { ok: false; reason: 'outside_term'; day: string };

/**
 * Calendar days from `from` through `to`, both counted (tenant calendar dates, no clock time).
 *
 * @example
 * daysThrough('2028-02-28', '2028-02-29') // 2
 */
export function daysThrough(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' }).days + 1;
}

/**
 * The charge for `added` more units of `component` bought at `now` (SPEC 6, factro: billed per
 * day in proportion to the term): the purchase day is `now`'s date in the tenant's `timeZone`;
 * `remainingDays` counts it through the last day of its billing period, `daysInPeriod` the
 * whole period; `unitPrice × added × remainingDays ÷ daysInPeriod` is rounded half-up once, in
 * integer arithmetic. Outside the contract's term: `outside_term`.
 *
 * @example
 * prorate({ billingPeriod: 'month', termStart: '2026-01-01', termEnd: '2026-12-31' },
 *   { code: 'u', name: 'User slots', licenseCode: 'U', unitPrice: 1000 }, 3, '2026-01-30T12:00:00Z', 'UTC')
 * // amount 194: 1000 × 3 × 2 ÷ 31 = 193.5… → 194 (Jan 30 and 31 of 31 days)
 */
export function prorate(
  contract: Pick<Contract, 'billingPeriod' | 'termStart' | 'termEnd'>,
  component: ContractComponent,
  added: number,
  now: string,
  timeZone: string,
): ProrationOutcome {
  const day = dateIn(now, timeZone).toString();
  const period = billingPeriodOn(contract, day);
  if (period === null) return { ok: false, reason: 'outside_term', day };
  const remainingDays = daysThrough(day, period.end);
  const amount = toMinorUnits(divideHalfUp(BigInt(component.unitPrice) * BigInt(added) * BigInt(remainingDays), BigInt(period.days)));
  const line: InvoiceLine = { description: `${component.name} (${component.licenseCode})`, quantity: added, unitPrice: component.unitPrice, days: remainingDays, daysInPeriod: period.days, amount };
  return { ok: true, charge: { day, periodStart: period.start, periodEnd: period.end, lines: [line], amount } };
}

/**
 * The text of an invoice number: the year and the sequence number within it, six digits.
 *
 * @example
 * invoiceNumber(2026, 1) // 'INV-2026-000001'
 */
export function invoiceNumber(year: number, sequence: number): string {
  return `INV-${year}-${String(sequence).padStart(6, '0')}`;
}
