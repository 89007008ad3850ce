// Money in the console: the API speaks integer minor units (cents); people read and type major
// units (euros). The currency's minor unit comes from Intl, so JPY has none and KWD has three.

/** Digits of the currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD; 2 for a code Intl does not know. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * An amount of minor units as the locale writes it in the currency.
 *
 * @example
 * formatMoney(123450, 'EUR', 'de-DE') // '1.234,50 €'
 * formatMoney(500, 'JPY', 'en-US') // '¥500'
 */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minorUnits / 10 ** digits);
  } catch {
    // An unknown locale or currency still shows the amount.
    return `${majorText(minorUnits, currency)} ${currency}`;
  }
}

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
 * non-negative amount with at most the currency's digits.
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

/** Where no contract says otherwise, money reads as the server's invoices write it by default. */
export const defaultMoneyLocale = 'en-US';
