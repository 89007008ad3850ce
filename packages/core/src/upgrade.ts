import { componentOf, monthlyAmount, type Contract } from './contract.js';
import { codeKey } from './module-ref.js';

export const upgradeStatuses = ['open', 'approved', 'rejected'] as const;
export type UpgradeStatus = (typeof upgradeStatuses)[number];

/** One line of an upgrade request as asked for. */
export interface UpgradeItemInput {
  component: string;
  quantity: number;
}

/** One line priced by the contract: what the summary shows and approval applies. */
export interface UpgradeLine {
  component: string;
  name: string;
  licenseCode: string;
  quantity: number;
  unitPrice: number;
  monthlyAmount: number;
}

/** What a license tells about where a component belongs: its product, or its solution. */
export interface LicenseOffer {
  code: string;
  product: string | null;
  solution: string | null;
}

export type UpgradePricing =
  | { ok: true; lines: UpgradeLine[]; monthlyTotal: number }
  | { ok: false; problem: { kind: 'unknown_component' | 'invalid'; field: string; detail: string } };

/**
 * Prices an upgrade request of `product` (a product or solution code) by the contract: each
 * line's component must be one of the contract's and raise a license of that product (a
 * component unknown or of another product is `unknown_component`, 422); a component named twice
 * is invalid (400). `monthlyAmount` per line as core's `monthlyAmount`, the total their sum.
 *
 * @example
 * priceUpgrade(contract, 'crm', [{ component: 'crm-users', quantity: 2 }], [{ code: 'CRM-N', product: 'crm', solution: null }])
 * // { ok: true, lines: [{ component: 'crm-users', …, quantity: 2, unitPrice: 12000, monthlyAmount: 24000 }], monthlyTotal: 24000 }
 */
export function priceUpgrade(contract: Pick<Contract, 'components' | 'billingPeriod'>, product: string, items: readonly UpgradeItemInput[], licenses: readonly LicenseOffer[]): UpgradePricing {
  const byCode = new Map(licenses.map((l) => [codeKey(l.code), l]));
  const seen = new Set<string>();
  const lines: UpgradeLine[] = [];
  for (const [i, item] of items.entries()) {
    const field = `items.${i}.component`;
    const component = componentOf(contract, item.component);
    const license = component === null ? undefined : byCode.get(codeKey(component.licenseCode));
    const belongsTo = license?.product ?? license?.solution ?? null;
    if (component === null || belongsTo === null || codeKey(belongsTo) !== codeKey(product)) {
      return { ok: false, problem: { kind: 'unknown_component', field, detail: `The contract offers no component ${item.component} for ${product}.` } };
    }
    if (seen.has(codeKey(component.code))) return { ok: false, problem: { kind: 'invalid', field, detail: `Component ${component.code} is named twice; give its whole quantity once.` } };
    seen.add(codeKey(component.code));
    lines.push({
      component: component.code,
      name: component.name,
      licenseCode: component.licenseCode,
      quantity: item.quantity,
      unitPrice: component.unitPrice,
      monthlyAmount: monthlyAmount(component.unitPrice, item.quantity, contract.billingPeriod),
    });
  }
  return { ok: true, lines, monthlyTotal: lines.reduce((sum, line) => sum + line.monthlyAmount, 0) };
}
