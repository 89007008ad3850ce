import type { Invoice } from '@allot/sdk/openapi';
import { href } from '../api/client';
import { calendarDayText } from '../lib/dates';
import { formatMoney } from '../lib/money';

interface InvoiceSummaryProps {
  tenantId: string;
  invoice: Invoice;
  /** False under a list row that already shows number, date, period and amount. */
  withDetails?: boolean;
}

/** One invoice as issued: number, date, period, lines with days and rates, the total, and its PDF. */
export function InvoiceSummary({ tenantId, invoice, withDetails = true }: InvoiceSummaryProps) {
  // In the invoice's own locale, as its PDF writes it.
  const money = (minor: number) => formatMoney(minor, invoice.currency, invoice.locale);
  return (
    <section className="invoice" aria-label={`Invoice ${invoice.number}`}>
      {withDetails && (
        <dl className="details" aria-label="Invoice details">
          <dt>Invoice</dt>
          <dd className="mono" data-testid="invoice-number">
            {invoice.number}
          </dd>
          <dt>Issued</dt>
          <dd>{calendarDayText(invoice.invoiceDate)}</dd>
          <dt>Billing period</dt>
          <dd>
            {calendarDayText(invoice.periodStart)} – {calendarDayText(invoice.periodEnd)}
          </dd>
          <dt>Amount</dt>
          <dd className="strong" data-testid="invoice-amount">
            {money(invoice.amount)}
          </dd>
        </dl>
      )}
      <table className="calc" aria-label="Invoice lines">
        <tbody>
          {invoice.lines.map((line, index) => (
            <tr key={index}>
              <th scope="row">
                <div className="cell-stack">
                  <span>{line.description}</span>
                  <span className="muted">
                    {line.quantity} × {money(line.unitPrice)} × {line.days} / {line.daysInPeriod} days
                  </span>
                </div>
              </th>
              <td>{money(line.amount)}</td>
            </tr>
          ))}
          <tr className="calc-total">
            <th scope="row">Total</th>
            <td>{money(invoice.amount)}</td>
          </tr>
        </tbody>
      </table>
      <p>
        <a className="button" href={href('/v1/tenants/{t}/invoices/{id}/pdf', { path: { t: tenantId, id: invoice.id } })} target="_blank" rel="noreferrer">
          Invoice {invoice.number} (PDF)
        </a>
      </p>
    </section>
  );
}
