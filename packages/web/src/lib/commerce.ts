import type { Contract, ContractComponent, UpgradeRequest, UpgradeStatus } from '@allot/sdk/openapi';
import type { BadgeTone } from '../components/Badge';

// Codes are unique ignoring case (SPEC 2): a component names its license as the vendor typed it.
const sameCode = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The contract's components that raise one of `licenseCodes` (a product's licenses): the order
 * lines the upgrade dialog offers for that product.
 *
 * @example
 * componentsFor(contract, ['CRM-N']) // [{ code: 'crm-users', licenseCode: 'CRM-N', ... }]
 */
export function componentsFor(contract: Pick<Contract, 'components'> | null, licenseCodes: readonly string[]): ContractComponent[] {
  if (contract === null) return [];
  return contract.components.filter((component) => licenseCodes.some((code) => sameCode(code, component.licenseCode)));
}

/** The open request of `product`, which blocks a second one (SPEC 6: one open request per product). */
export function openRequestFor(requests: readonly UpgradeRequest[], product: string): UpgradeRequest | null {
  return requests.find((request) => request.status === 'open' && sameCode(request.product, product)) ?? null;
}

/**
 * The order lines of the dialog's quantity inputs: each component given a whole quantity of at
 * least 1, in the contract's order. Null when an input holds something else (the dialog says
 * which); empty inputs and 0 are simply not ordered.
 *
 * @example
 * orderItems(['a', 'b', 'c'], { a: '2', b: '', c: '0' }) // [{ component: 'a', quantity: 2 }]
 * orderItems(['a'], { a: '1.5' }) // null
 */
export function orderItems(componentCodes: readonly string[], quantities: Readonly<Record<string, string>>): { component: string; quantity: number }[] | null {
  const items: { component: string; quantity: number }[] = [];
  for (const code of componentCodes) {
    const text = (quantities[code] ?? '').trim();
    if (text === '' || text === '0') continue;
    if (!/^\d+$/.test(text)) return null;
    const quantity = Number(text);
    if (!Number.isSafeInteger(quantity)) return null;
    items.push({ component: code, quantity });
  }
  return items;
}

const statusTexts: Record<UpgradeStatus, { label: string; tone: BadgeTone }> = {
  open: { label: 'In progress', tone: 'warning' },
  approved: { label: 'Approved', tone: 'success' },
  rejected: { label: 'Rejected', tone: 'danger' },
};

/** How a request's state reads in lists. */
export function upgradeStatusText(status: UpgradeStatus): { label: string; tone: BadgeTone } {
  return statusTexts[status];
}
