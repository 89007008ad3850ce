import type { UpgradeRequest } from '@allot/sdk/openapi';
import type { Column } from '../components/Table';
import { formatMoney } from '../lib/money';

/** What a request orders, as the tenant's list and the vendor's queue both show it. */
export function upgradeOrderColumns(locale: string): Column<UpgradeRequest>[] {
  return [
    {
      header: 'Order',
      cell: (r) => (
        <ul className="plain-list">
          {r.items.map((line) => (
            <li key={line.component}>
              {line.quantity} × {line.name}
            </li>
          ))}
        </ul>
      ),
    },
    { header: 'Monthly total', className: 'cell-number', cell: (r) => formatMoney(r.monthlyTotal, r.currency, locale) },
    { header: 'Purchase order', cell: (r) => r.purchaseOrder ?? <span className="muted">—</span> },
  ];
}
