/**
 * Money in integer minor units (cents for EUR, yen for JPY). Amounts are whole numbers of the
 * currency's minor unit everywhere; rounding happens once, half-up, in `divideHalfUp`.
 */

/** The ISO 4217 codes the runtime's `Intl` knows, read once. */
const knownCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/**
 * True when `code` is an ISO 4217 currency code (three capitals, one `Intl` knows).
 *
 * @example
 * isCurrencyCode('EUR') // true
 * isCurrencyCode('EURO') // false
 */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code);
}

/**
 * Digits of the currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD.
 *
 * @example
 * currencyDigits('JPY') // 0
 */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * `numerator ÷ denominator` rounded half-up to a whole number, exactly (BigInt: no float ever
 * sees the product of price, quantity and days). Both are non-negative; the denominator above 0.
 *
 * @example
 * divideHalfUp(5n, 2n) // 3n
 * divideHalfUp(7n, 3n) // 2n
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n || numerator < 0n) throw new RangeError('divideHalfUp takes a non-negative numerator and a positive denominator.');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * A safe integer from an exact amount; amounts Allot accepts stay far below 2^53 (prices and
 * quantities are bounded by the schemas), so a larger one is a bug, not input.
 *
 * @example
 * toMinorUnits(194n) // 194
 */
export function toMinorUnits(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Amount ${amount} is beyond what Allot stores.`);
  return Number(amount);
}

/**
 * An amount in minor units as the locale writes it in that currency.
 *
 * @example
 * formatMoney(123450, 'EUR', 'de-DE') // '1.234,50 €'
 * formatMoney(123450, 'EUR', 'en-US') // '€1,234.50'
 * formatMoney(500, 'JPY', 'ja-JP') // '￥500'
 */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minorUnits / 10 ** digits);
}

/**
 * True when `locale` is a BCP 47 tag `Intl` formats with (`de-DE`, `en`, `fr-CH`).
 *
 * @example
 * isSupportedLocale('de-DE') // true
 * isSupportedLocale('not a locale') // false
 */
export function isSupportedLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length === 1;
  } catch {
    return false;
  }
}
