/** One code: a letter or digit, then up to 63 letters of either case, digits, `_`, `.` or `-`. */
const codeBody = '[A-Za-z0-9][A-Za-z0-9_.-]{0,63}';

/**
 * The format of every code a vendor gives (products, modules, solutions, licenses, components), as
 * SPEC 2 states it: what the vendor already uses (`PSS2`, `WebDAV_Audit`, `PMFS-PRO`, `crm`), kept
 * as given and unique ignoring case. The request schemas read their pattern from here.
 */
export const codeFormat = {
  pattern: `^${codeBody}$`,
  description: 'as the vendor writes it: 1 to 64 letters of either case, digits, _ . -, starting with a letter or digit; unique ignoring case',
} as const;

/** The format of a module named outside the catalog: `product:module`, each part a code. */
export const moduleRefFormat = {
  pattern: `^${codeBody}:${codeBody}$`,
  description: 'product:module, codes in any case (they resolve to the catalog\'s spelling)',
} as const;

const codePattern = new RegExp(codeFormat.pattern);

/**
 * True for a code in the vendor's format.
 *
 * @example
 * isCatalogCode('WebDAV_Audit') // true
 * isCatalogCode('-pro') // false
 */
export function isCatalogCode(code: string): boolean {
  return codePattern.test(code);
}

/**
 * What codes are compared by: they are unique ignoring case, so `PMFS-PRO` and `pmfs-pro` are one
 * code. Codes are ASCII, so this is also what the database's `lower()` makes of them.
 *
 * @example
 * codeKey('PMFS-PRO') === codeKey('pmfs-pro') // true
 */
export function codeKey(code: string): string {
  return code.toLowerCase();
}

/**
 * The order codes are listed in, the same on every database: ignoring case, then as written.
 *
 * @example
 * ['b', 'WebDAV_Audit', 'Admin'].sort(compareCodes) // ['Admin', 'b', 'WebDAV_Audit']
 */
export function compareCodes(a: string, b: string): number {
  const ka = codeKey(a);
  const kb = codeKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A module as named everywhere outside the catalog: `product:module`. */
export interface ModuleRef {
  product: string;
  module: string;
}

/**
 * Splits `product:module`; null when the text is not of that form.
 *
 * @example
 * parseModuleRef('PSS2:Reservations') // { product: 'PSS2', module: 'Reservations' }
 */
export function parseModuleRef(text: string): ModuleRef | null {
  const parts = text.split(':');
  if (parts.length !== 2) return null;
  const [product, module] = parts as [string, string];
  if (!isCatalogCode(product) || !isCatalogCode(module)) return null;
  return { product, module };
}

export function formatModuleRef(ref: ModuleRef): string {
  return `${ref.product}:${ref.module}`;
}

/**
 * Whether a license of a product covers the module `ref` names: the same product, and every module
 * of it (`modules` null) or that module among its own; codes compare ignoring case. A solution's
 * license is not of a product (`product` null): what it covers is in the catalog's solution.
 *
 * @example
 * licenseCoversModule({ product: 'PSS2', modules: ['Reservations'] }, 'pss2:reservations') // true
 * licenseCoversModule({ product: 'PSS2', modules: null }, 'PSS2:Anything') // true
 */
export function licenseCoversModule(license: { product: string | null; modules: readonly string[] | null }, ref: string | ModuleRef): boolean {
  const parsed = typeof ref === 'string' ? parseModuleRef(ref) : ref;
  if (parsed === null || license.product === null || codeKey(license.product) !== codeKey(parsed.product)) return false;
  const wanted = codeKey(parsed.module);
  return license.modules === null || license.modules.some((own) => codeKey(own) === wanted);
}
