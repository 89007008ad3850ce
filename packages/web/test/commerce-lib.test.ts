import { describe, expect, it } from 'vitest';
import type { UpgradeRequest } from '@allot/sdk/openapi';
import { componentsFor, openRequestFor, orderItems } from '../src/lib/commerce';
import { formatMoney, majorText, minorFromMajor } from '../src/lib/money';

// The console's money and order rules: prices are typed in major units and sent in minor units,
// exactly, and shown in the contract's currency for its locale.
describe('money in the console', () => {
  it.each([
    ['120', 'EUR', 12000],
    ['120.5', 'EUR', 12050],
    ['120,50', 'EUR', 12050],
    ['0.07', 'EUR', 7],
    ['0', 'EUR', 0],
    ['1234.56', 'USD', 123456],
    ['500', 'JPY', 500],
    ['1.234', 'KWD', 1234],
    ['19.99', 'EUR', 1999],
  ])('%s %s is %d minor units', (text, currency, minor) => {
    expect(minorFromMajor(text, currency)).toBe(minor);
  });

  it.each([
    ['more digits than the currency has', '0.001', 'EUR'],
    ['a fraction of a yen', '5.5', 'JPY'],
    ['a negative price', '-1', 'EUR'],
    ['no number', 'abc', 'EUR'],
    ['nothing', '', 'EUR'],
    ['a thousands separator', '1,234.56', 'EUR'],
  ])('refuses %s', (_case, text, currency) => {
    expect(minorFromMajor(text, currency)).toBeNull();
  });

  it.each([
    [12050, 'EUR', '120.50'],
    [7, 'EUR', '0.07'],
    [500, 'JPY', '500'],
    [1234, 'KWD', '1.234'],
  ])('%d %s shows as %s in the price input, and reads back the same', (minor, currency, text) => {
    expect(majorText(minor, currency)).toBe(text);
    expect(minorFromMajor(text, currency)).toBe(minor);
  });

  it.each([
    [123450, 'EUR', 'de-DE', '1.234,50 €'],
    [123450, 'EUR', 'en-US', '€1,234.50'],
    [500, 'JPY', 'en-US', '¥500'],
    [36000, 'CHF', 'de-CH', 'CHF 360.00'],
  ])('%d %s in %s reads %s', (minor, currency, locale, text) => {
    // Intl separates some symbols with a no-break space.
    expect(formatMoney(minor, currency, locale).replace(/\u00a0|\u202f/g, ' ')).toBe(text);
  });
});

describe('the upgrade dialog', () => {
  const contract = {
    components: [
      { code: 'crm-users', name: 'CRM user slots', licenseCode: 'CRM-N', unitPrice: 12000 },
      { code: 'crm-entities', name: 'Reporting entities', licenseCode: 'crm-entities', unitPrice: 5000 },
      { code: 'bi-users', name: 'BI user slots', licenseCode: 'BI-N', unitPrice: 9000 },
    ],
  };

  it("offers the components of the product's licenses, codes ignoring case", () => {
    expect(componentsFor(contract, ['crm-n', 'CRM-ENTITIES']).map((c) => c.code)).toEqual(['crm-users', 'crm-entities']);
    expect(componentsFor(contract, ['HR-N'])).toEqual([]);
    expect(componentsFor(null, ['CRM-N'])).toEqual([]);
  });

  it.each([
    ['whole quantities are ordered', { 'crm-users': '3', 'crm-entities': '1' }, [{ component: 'crm-users', quantity: 3 }, { component: 'crm-entities', quantity: 1 }]],
    ['empty and 0 are not ordered', { 'crm-users': '', 'crm-entities': '0' }, []],
    ['a fraction is not a quantity', { 'crm-users': '1.5' }, null],
    ['a negative is not a quantity', { 'crm-users': '-2' }, null],
  ])('%s', (_case, quantities, items) => {
    expect(orderItems(['crm-users', 'crm-entities'], quantities)).toEqual(items);
  });

  const request = (product: string, status: UpgradeRequest['status']): UpgradeRequest => ({
    id: `upg_${product}_${status}`,
    tenantId: 'ten_1',
    tenantName: 'Acme',
    status,
    product,
    productName: product,
    items: [],
    monthlyTotal: 0,
    currency: 'EUR',
    purchaseOrder: null,
    requestedBy: null,
    requestedAt: '2026-03-01T10:00:00.000Z',
    decidedAt: null,
    reason: null,
    dryRun: false,
  });

  it('an open request blocks its product only, and a closed one blocks nothing', () => {
    const requests = [request('crm', 'approved'), request('CRM', 'open'), request('bi', 'rejected')];
    expect(openRequestFor(requests, 'crm')?.id).toBe('upg_CRM_open');
    expect(openRequestFor(requests, 'bi')).toBeNull();
  });
});
