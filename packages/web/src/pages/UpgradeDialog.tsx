import { useId, useState, type FormEvent } from 'react';
import type { Contract, ContractComponent, UpgradeRequest, UpgradeRequestBody } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useDryRun } from '../hooks/useDryRun';
import { useSubmit } from '../hooks/useSubmit';
import { orderItems } from '../lib/commerce';
import { formatMoney } from '../lib/money';

interface UpgradeDialogProps {
  tenantId: string;
  /** The catalog product, as the request names it. */
  product: string;
  productName: string;
  contract: Contract;
  /** The contract's components of this product: the order lines. */
  components: ContractComponent[];
  onSent: (request: UpgradeRequest) => void;
  onClose: () => void;
}

/**
 * Lucanet's "Request License Upgrade": order details (the product's components with quantities),
 * the summary with the monthly total priced by the server's dry run as the quantities change, the
 * purchase order, and the checkbox that makes the request binding before it can be sent.
 */
export function UpgradeDialog({ tenantId, product, productName, contract, components, onSent, onClose }: UpgradeDialogProps) {
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [purchaseOrder, setPurchaseOrder] = useState('');
  const [binding, setBinding] = useState(false);
  const send = useSubmit();
  const orderId = useId();
  const summaryId = useId();
  const money = (minor: number) => formatMoney(minor, contract.currency, contract.locale);
  const per = contract.billingPeriod === 'month' ? 'month' : 'year';

  const items = orderItems(components.map((c) => c.code), quantities);
  const body = (bindingConfirmed: boolean): UpgradeRequestBody => ({
    product,
    items: items ?? [],
    ...(purchaseOrder.trim() === '' ? {} : { purchaseOrder: purchaseOrder.trim() }),
    bindingConfirmed,
  });
  // The summary is priced with the box taken as ticked: a dry run stores nothing, so it binds nothing.
  const summary = useDryRun<UpgradeRequest>(items === null || items.length === 0 ? null : JSON.stringify(items), () =>
    ok(api.POST('/v1/tenants/{t}/upgrade-requests', { params: { path: { t: tenantId }, query: { dryRun: true } }, body: body(true) })),
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send.run(async () => onSent(await ok(api.POST('/v1/tenants/{t}/upgrade-requests', { params: { path: { t: tenantId }, query: { dryRun: false } }, body: body(binding) }))));
  };

  const canSend = binding && items !== null && items.length > 0 && !send.busy;
  return (
    <Dialog title="Request license upgrade" description={`${productName}: the prices shown are those of your current contract.`} onClose={onClose}>
      <form className="form" onSubmit={onSubmit} aria-label="Request license upgrade">
        <section className="upgrade-section" aria-labelledby={orderId}>
          <h3 id={orderId}>Order details</h3>
          <table className="calc order-lines" aria-label="Order details">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col" className="cell-number">
                  Unit price per {per}
                </th>
                <th scope="col" className="cell-number">
                  Additional quantity
                </th>
              </tr>
            </thead>
            <tbody>
              {components.map((component) => (
                <tr key={component.code}>
                  <th scope="row">
                    <div className="cell-stack">
                      <span>{component.name}</span>
                      <span className="mono muted">{component.code}</span>
                    </div>
                  </th>
                  <td>{money(component.unitPrice)}</td>
                  <td>
                    <input
                      type="number"
                      className="quantity-input"
                      min={0}
                      step={1}
                      inputMode="numeric"
                      aria-label={`Quantity of ${component.name}`}
                      placeholder="0"
                      value={quantities[component.code] ?? ''}
                      onChange={(e) => setQuantities({ ...quantities, [component.code]: e.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items === null && (
            <p className="field-error" role="alert">
              Quantities are whole numbers: only additions can be requested.
            </p>
          )}
        </section>
        <section className="upgrade-section" aria-labelledby={summaryId}>
          <h3 id={summaryId}>Summary</h3>
          {items !== null && items.length === 0 ? (
            <p className="muted">Enter a quantity for at least one component.</p>
          ) : (
            <UpgradeSummary summary={summary.data} pending={summary.pending} contract={contract} money={money} />
          )}
          <ProblemBanner problem={summary.problem} context="Could not price the upgrade" />
        </section>
        <Field label="Purchase order" hint="Optional: the number appears on your invoice.">
          <input name="purchaseOrder" type="text" maxLength={100} value={purchaseOrder} onChange={(e) => setPurchaseOrder(e.target.value)} />
        </Field>
        <label className="check binding-check">
          <input type="checkbox" checked={binding} onChange={(e) => setBinding(e.target.checked)} />
          <span>I confirm that this upgrade request is a binding amendment of our license contract.</span>
        </label>
        <ProblemBanner problem={send.problem} context="The request was not sent" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!canSend}>
            Send request
          </button>
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface UpgradeSummaryProps {
  summary: UpgradeRequest | null;
  pending: boolean;
  contract: Contract;
  money: (minor: number) => string;
}

function UpgradeSummary({ summary, pending, contract, money }: UpgradeSummaryProps) {
  if (summary === null) return <p className="muted">Pricing…</p>;
  return (
    <table className={`calc${pending ? ' is-stale' : ''}`} aria-label="Summary" aria-busy={pending}>
      <tbody>
        {summary.items.map((line) => (
          <tr key={line.component}>
            <th scope="row">
              {line.quantity} × {line.name}
            </th>
            <td>{money(line.monthlyAmount)} / month</td>
          </tr>
        ))}
        <tr className="calc-total">
          <th scope="row">Monthly total</th>
          <td data-testid="monthly-total">{money(summary.monthlyTotal)}</td>
        </tr>
      </tbody>
    </table>
  );
}
