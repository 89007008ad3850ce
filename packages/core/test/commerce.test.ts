import { describe, expect, it } from 'vitest';
import {
  billingPeriodOn,
  checkContract,
  daysThrough,
  divideHalfUp,
  formatMoney,
  invoiceNumber,
  isCurrencyCode,
  monthlyAmount,
  priceUpgrade,
  prorate,
  type BillingPeriod,
  type ContractComponent,
  type ContractInput,
} from '../src/index.js';

describe('divideHalfUp', () => {
  it.each<[bigint, bigint, bigint]>([
    [5n, 2n, 3n],
    [7n, 3n, 2n],
    [8n, 3n, 3n],
    [1n, 2n, 1n],
    [0n, 7n, 0n],
    [6000n, 31n, 194n],
    // Far beyond 2^53: exact.
    [10n ** 30n + 1n, 2n, 5n * 10n ** 29n + 1n],
  ])('%s ÷ %s = %s', (n, d, q) => {
    expect(divideHalfUp(n, d)).toBe(q);
  });
});

describe('monthlyAmount', () => {
  it.each<[number, number, BillingPeriod, number]>([
    [12000, 3, 'month', 36000],
    [12000, 3, 'year', 3000],
    [1000, 1, 'year', 83],
    [1002, 1, 'year', 84],
    [6, 1, 'year', 1],
    [5, 1, 'year', 0],
    [0, 5, 'month', 0],
    [100_000_000, 1_000_000, 'month', 100_000_000_000_000],
  ])('%i × %i per %s is %i a month', (unitPrice, quantity, period, expected) => {
    expect(monthlyAmount(unitPrice, quantity, period)).toBe(expected);
  });
});

describe('billingPeriodOn', () => {
  it.each<[string, BillingPeriod, string, string, string, { start: string; end: string; days: number } | null]>([
    ['the first period', 'month', '2026-01-01', '2026-12-31', '2026-01-31', { start: '2026-01-01', end: '2026-01-31', days: 31 }],
    ['the next period starts at the month end', 'month', '2026-01-01', '2026-12-31', '2026-02-01', { start: '2026-02-01', end: '2026-02-28', days: 28 }],
    ['a term from mid-month', 'month', '2026-01-15', '2026-12-31', '2026-02-10', { start: '2026-01-15', end: '2026-02-14', days: 31 }],
    ['a term from the 31st, before February 28', 'month', '2026-01-31', '2026-12-31', '2026-02-27', { start: '2026-01-31', end: '2026-02-27', days: 28 }],
    ['a term from the 31st keeps the 31st where the month has one', 'month', '2026-01-31', '2026-12-31', '2026-03-15', { start: '2026-02-28', end: '2026-03-30', days: 31 }],
    ['February of a leap year', 'month', '2028-01-01', '2028-12-31', '2028-02-29', { start: '2028-02-01', end: '2028-02-29', days: 29 }],
    ['a leap year', 'year', '2028-01-01', '2030-12-31', '2028-02-29', { start: '2028-01-01', end: '2028-12-31', days: 366 }],
    ['a year from February 29', 'year', '2028-02-29', '2031-12-31', '2029-03-01', { start: '2029-02-28', end: '2030-02-27', days: 365 }],
    ['the last period ends with the term, priced as a whole one', 'month', '2026-01-01', '2026-06-15', '2026-06-10', { start: '2026-06-01', end: '2026-06-15', days: 30 }],
    ['the last day of the term', 'month', '2026-01-01', '2026-12-31', '2026-12-31', { start: '2026-12-01', end: '2026-12-31', days: 31 }],
    ['before the term', 'month', '2026-01-01', '2026-12-31', '2025-12-31', null],
    ['after the term', 'year', '2026-01-01', '2026-12-31', '2027-01-01', null],
  ])('%s', (_name, billingPeriod, termStart, termEnd, day, expected) => {
    expect(billingPeriodOn({ billingPeriod, termStart, termEnd }, day)).toEqual(expected);
  });
});

describe('daysThrough', () => {
  it.each<[string, string, number]>([
    ['2026-01-30', '2026-01-31', 2],
    ['2028-02-28', '2028-02-29', 2],
    ['2028-02-29', '2028-12-31', 307],
    ['2026-03-28', '2026-03-31', 4],
  ])('%s through %s is %i days', (from, to, days) => {
    expect(daysThrough(from, to)).toBe(days);
  });
});

const seats: ContractComponent = { code: 'seats', name: 'User slots', licenseCode: 'NAMED', unitPrice: 1000 };
const monthly = { billingPeriod: 'month' as const, termStart: '2026-01-01', termEnd: '2026-12-31' };

describe('prorate: unitPrice × added × remainingDays ÷ daysInPeriod, half-up once', () => {
  it.each<[string, { billingPeriod: BillingPeriod; termStart: string; termEnd: string }, ContractComponent, number, string, string, { day: string; periodStart: string; periodEnd: string; days: number; daysInPeriod: number; amount: number }]>([
    ['two days before a month end: 1000 × 3 × 2 ÷ 31 = 193.55', monthly, seats, 3, '2026-01-30T12:00:00Z', 'UTC', { day: '2026-01-30', periodStart: '2026-01-01', periodEnd: '2026-01-31', days: 2, daysInPeriod: 31, amount: 194 }],
    ['on the last day of a month: 1000 × 3 × 1 ÷ 31 = 96.77', monthly, seats, 3, '2026-01-31T23:30:00Z', 'UTC', { day: '2026-01-31', periodStart: '2026-01-01', periodEnd: '2026-01-31', days: 1, daysInPeriod: 31, amount: 97 }],
    ['just after the month end: the whole of February', monthly, seats, 3, '2026-02-01T00:30:00Z', 'UTC', { day: '2026-02-01', periodStart: '2026-02-01', periodEnd: '2026-02-28', days: 28, daysInPeriod: 28, amount: 3000 }],
    ['a period across a month end: Jan 15 – Feb 14, 1200 × 5 ÷ 31 = 193.55', { ...monthly, termStart: '2026-01-15' }, { ...seats, unitPrice: 1200 }, 1, '2026-02-10T08:00:00Z', 'UTC', { day: '2026-02-10', periodStart: '2026-01-15', periodEnd: '2026-02-14', days: 5, daysInPeriod: 31, amount: 194 }],
    ['exactly half a minor unit rounds up: 1 × 15 ÷ 30', monthly, { ...seats, unitPrice: 1 }, 1, '2026-04-16T10:00:00Z', 'UTC', { day: '2026-04-16', periodStart: '2026-04-01', periodEnd: '2026-04-30', days: 15, daysInPeriod: 30, amount: 1 }],
    ['leap year, monthly: Feb 28 – 29 of 29 days, 1000 × 2 ÷ 29 = 68.97', { ...monthly, termStart: '2028-01-01', termEnd: '2028-12-31' }, seats, 1, '2028-02-28T10:00:00Z', 'UTC', { day: '2028-02-28', periodStart: '2028-02-01', periodEnd: '2028-02-29', days: 2, daysInPeriod: 29, amount: 69 }],
    ['leap year, yearly: Feb 29 – Dec 31 is 307 of 366 days', { billingPeriod: 'year', termStart: '2028-01-01', termEnd: '2030-12-31' }, { ...seats, unitPrice: 36600 }, 1, '2028-02-29T10:00:00Z', 'UTC', { day: '2028-02-29', periodStart: '2028-01-01', periodEnd: '2028-12-31', days: 307, daysInPeriod: 366, amount: 30700 }],
    ['Auckland is already in February while UTC is on Jan 31', monthly, seats, 1, '2026-01-31T12:00:00Z', 'Pacific/Auckland', { day: '2026-02-01', periodStart: '2026-02-01', periodEnd: '2026-02-28', days: 28, daysInPeriod: 28, amount: 1000 }],
    ['the same instant in UTC: one day of 31', monthly, seats, 1, '2026-01-31T12:00:00Z', 'UTC', { day: '2026-01-31', periodStart: '2026-01-01', periodEnd: '2026-01-31', days: 1, daysInPeriod: 31, amount: 32 }],
    ['Los Angeles is still on Jan 31 while UTC is in February', monthly, seats, 1, '2026-02-01T05:00:00Z', 'America/Los_Angeles', { day: '2026-01-31', periodStart: '2026-01-01', periodEnd: '2026-01-31', days: 1, daysInPeriod: 31, amount: 32 }],
  ])('%s', (_name, contract, component, added, now, zone, expected) => {
    const outcome = prorate(contract, component, added, now, zone);
    if (!outcome.ok) throw new Error('expected a charge');
    const { day, periodStart, periodEnd, lines, amount } = outcome.charge;
    expect({ day, periodStart, periodEnd, days: lines[0]?.days, daysInPeriod: lines[0]?.daysInPeriod, amount }).toEqual(expected);
    expect(lines).toEqual([{ description: `${component.name} (${component.licenseCode})`, quantity: added, unitPrice: component.unitPrice, days: expected.days, daysInPeriod: expected.daysInPeriod, amount: expected.amount }]);
  });

  it('refuses a day outside the term, taken in the tenant zone', () => {
    expect(prorate(monthly, seats, 1, '2027-01-01T00:30:00Z', 'UTC')).toEqual({ ok: false, reason: 'outside_term', day: '2027-01-01' });
    // Still Dec 31 in New York: inside the term.
    expect(prorate(monthly, seats, 1, '2027-01-01T00:30:00Z', 'America/New_York').ok).toBe(true);
    expect(prorate(monthly, seats, 1, '2025-12-31T23:00:00Z', 'UTC').ok).toBe(false);
  });
});

const contractInput = (over: Partial<ContractInput> = {}): ContractInput => ({
  currency: 'EUR',
  billingPeriod: 'month',
  termStart: '2026-01-01',
  termEnd: '2026-12-31',
  components: [{ code: 'crm-users', name: 'CRM user slots', licenseCode: 'crm-n', unitPrice: 12000 }],
  ...over,
});
const context = { tenantId: 'ten_1', licenseCodes: ['CRM-N', 'ERP'], now: '2026-01-01T00:00:00.000Z' };

describe('checkContract', () => {
  it('accepts a contract and keeps the license code as the license spells it', () => {
    const outcome = checkContract(contractInput(), context);
    expect(outcome).toMatchObject({ ok: true, contract: { components: [{ licenseCode: 'CRM-N' }], locale: 'en-US', vendorName: 'Your vendor' } });
  });

  it.each<[string, Partial<ContractInput>, string, string]>([
    ['an unknown currency', { currency: 'EUX' }, 'invalid', 'currency'],
    ['a currency in lower case', { currency: 'eur' }, 'invalid', 'currency'],
    ['a date that does not exist', { termStart: '2026-02-30' }, 'invalid', 'termStart'],
    ['an end before the start', { termEnd: '2025-12-31' }, 'invalid', 'termEnd'],
    ['an end on the start', { termEnd: '2026-01-01' }, 'invalid', 'termEnd'],
    ['a negative price', { components: [{ code: 'x', name: 'X', licenseCode: 'ERP', unitPrice: -1 }] }, 'invalid', 'components.0.unitPrice'],
    ['a fractional price', { components: [{ code: 'x', name: 'X', licenseCode: 'ERP', unitPrice: 1.5 }] }, 'invalid', 'components.0.unitPrice'],
    ['a component named twice', { components: [{ code: 'x', name: 'X', licenseCode: 'ERP', unitPrice: 1 }, { code: 'X', name: 'X', licenseCode: 'CRM-N', unitPrice: 1 }] }, 'invalid', 'components.1.code'],
    ['a license the tenant lacks', { components: [{ code: 'x', name: 'X', licenseCode: 'HR', unitPrice: 1 }] }, 'unknown_license', 'components.0.licenseCode'],
    ['a locale Intl cannot write', { locale: 'xx-invalid-locale-tag-that-is-long' }, 'invalid', 'locale'],
  ])('refuses %s', (_name, over, kind, field) => {
    expect(checkContract(contractInput(over), context)).toMatchObject({ ok: false, problem: { kind, field } });
  });
});

describe('priceUpgrade', () => {
  const contract = {
    billingPeriod: 'year' as const,
    components: [
      { code: 'crm-users', name: 'CRM user slots', licenseCode: 'CRM-N', unitPrice: 12000 },
      { code: 'crm-entities', name: 'Reporting entities', licenseCode: 'CRM-V', unitPrice: 1002 },
      { code: 'erp-users', name: 'ERP user slots', licenseCode: 'ERP-N', unitPrice: 5000 },
      { code: 'lost', name: 'Of no license', licenseCode: 'GONE', unitPrice: 5000 },
    ],
  };
  const licenses = [
    { code: 'CRM-N', product: 'crm', solution: null },
    { code: 'CRM-V', product: 'crm', solution: null },
    { code: 'ERP-N', product: null, solution: 'erp-suite' },
  ];

  it('prices each line a month and sums them', () => {
    expect(priceUpgrade(contract, 'CRM', [{ component: 'crm-users', quantity: 2 }, { component: 'CRM-ENTITIES', quantity: 1 }], licenses)).toEqual({
      ok: true,
      lines: [
        { component: 'crm-users', name: 'CRM user slots', licenseCode: 'CRM-N', quantity: 2, unitPrice: 12000, monthlyAmount: 2000 },
        { component: 'crm-entities', name: 'Reporting entities', licenseCode: 'CRM-V', quantity: 1, unitPrice: 1002, monthlyAmount: 84 },
      ],
      monthlyTotal: 2084,
    });
  });

  it('finds a solution\'s component by the solution code', () => {
    expect(priceUpgrade(contract, 'erp-suite', [{ component: 'erp-users', quantity: 12 }], licenses)).toMatchObject({ ok: true, monthlyTotal: 5000 });
  });

  it.each<[string, string, string, string]>([
    ['a component of another product', 'crm', 'erp-users', 'unknown_component'],
    ['an unknown component', 'crm', 'nothing', 'unknown_component'],
    ['a component whose license is gone', 'crm', 'lost', 'unknown_component'],
  ])('refuses %s', (_name, product, component, kind) => {
    expect(priceUpgrade(contract, product, [{ component, quantity: 1 }], licenses)).toMatchObject({ ok: false, problem: { kind, field: 'items.0.component' } });
  });

  it('refuses a component named twice', () => {
    expect(priceUpgrade(contract, 'crm', [{ component: 'crm-users', quantity: 1 }, { component: 'crm-users', quantity: 1 }], licenses)).toMatchObject({ ok: false, problem: { kind: 'invalid', field: 'items.1.component' } });
  });
});

describe('money', () => {
  it.each<[number, string, string, string]>([
    [123450, 'EUR', 'de-DE', '1.234,50 €'],
    [123450, 'EUR', 'en-US', '€1,234.50'],
    [500, 'JPY', 'ja-JP', '￥500'],
    [1234, 'KWD', 'en-US', 'KWD 1.234'],
  ])('%i minor units of %s in %s read %s', (amount, currency, locale, text) => {
    expect(formatMoney(amount, currency, locale).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it.each<[string, boolean]>([
    ['EUR', true],
    ['USD', true],
    ['CHF', true],
    ['EUX', false],
    ['eur', false],
    ['EURO', false],
  ])('%s is a currency: %s', (code, expected) => {
    expect(isCurrencyCode(code)).toBe(expected);
  });

  it('numbers invoices by year with six digits', () => {
    expect(invoiceNumber(2026, 1)).toBe('INV-2026-000001');
    expect(invoiceNumber(2027, 123456)).toBe('INV-2027-123456');
    expect(invoiceNumber(900, 1234567)).toBe('INV-0900-1234567');
  });
});
