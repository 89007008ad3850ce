// Money in the console: the API speaks integer minor units (cents); people read and type major
// units (euros). Digits and formatting are core's rule (`@allot/core/money`, the module the
// server prices and invoices with); reading a typed price is the console's own.
import { currencyDigits, formatMoney, isCurrencyCode } from '@allot/core/money';

export { currencyDigits, formatMoney, isCurrencyCode };

/**
 * Minor units as the plain decimal a price input shows: `12000` in EUR is `120.00`.
 *
 * @example
 * majorText(12050, 'EUR') // '120.50'
 * majorText(500, 'JPY') // '500'
 */
export function majorText(minorUnits: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(minorUnits);
  const text = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  return `${minorUnits < 0 ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * A typed price in major units as whole minor units, exactly (by the digits, never through a
 * float): `120.5` EUR is `12050`. A comma is read as the decimal point. Null when it is not a
 * non-negative amount with at most the currency's digits. The currency is a code `isCurrencyCode`
 * accepts.
 *
 * @example
 * minorFromMajor('120,5', 'EUR') // 12050
 * minorFromMajor('0.001', 'EUR') // null
 */
export function minorFromMajor(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text.trim());
  if (match === null) return null;
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(`${whole}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Where no contract says otherwise, money reads as the server's invoices write it by default (core's `defaultInvoiceLocale`). */
export const defaultMoneyLocale = 'en-US';
