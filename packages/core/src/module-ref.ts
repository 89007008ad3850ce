/** A module as named everywhere outside the catalog: `product:module`. */
export interface ModuleRef {
  product: string;
  module: string;
}

const codePattern = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** True for a catalog code: lower case letters, digits, `_`, `.`, `-`, at most 64 characters. */
export function isCatalogCode(code: string): boolean {
  return codePattern.test(code);
}

/**
 * Splits `product:module`; null when the text is not of that form.
 *
 * @example
 * parseModuleRef('finance:reports') // { product: 'finance', module: 'reports' }
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
