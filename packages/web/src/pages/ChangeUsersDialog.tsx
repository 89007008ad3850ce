import { useId, useState, type FormEvent } from 'react';
import type { Invoice, License, PurchaseResult } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Dialog } from '../components/Dialog';
import { ProblemBanner } from '../components/ProblemBanner';
import { useDryRun } from '../hooks/useDryRun';
import { useSubmit } from '../hooks/useSubmit';
import { calendarDayText } from '../lib/dates';
import { fieldError } from '../lib/form';
import { formatMoney } from '../lib/money';
import { InvoiceSummary } from './InvoiceSummary';

interface ChangeUsersDialogProps {
  tenantId: string;
  license: License;
  /** Current seats: the new total starts here and cannot go below it. */
  current: number;
  onPurchased: (outcome: PurchaseResult) => void;
  onClose: () => void;
}

type Step = { kind: 'choose' } | { kind: 'confirm' } | { kind: 'done'; outcome: PurchaseResult };

/** The new total typed or stepped: a whole number, else null. */
function totalOf(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/**
 * factro's "Change number of users": the owner picks the new total (+/−, never below today's),
 * sees the resulting amount as the server prices it for the rest of the billing period, confirms
 * with the password, and gets the invoice. Seats are added at once.
 */
export function ChangeUsersDialog({ tenantId, license, current, onPurchased, onClose }: ChangeUsersDialogProps) {
  const [total, setTotal] = useState(String(current + 1));
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const buy = useSubmit();
  const totalId = useId();
  const noteId = useId();
  const passwordId = useId();
  const passwordHintId = useId();
  const passwordRefused = buy.problem !== null && (buy.problem.code === 'password_incorrect' || fieldError(buy.problem, 'password') !== undefined);
  const newQuantity = totalOf(total);
  /** The quantity to buy up to: a whole number above the current one, else null (nothing to price). */
  const raised = newQuantity !== null && newQuantity > current ? newQuantity : null;
  const increase = raised !== null;
  // A null key asks nothing, so the fallback to `current` is never sent.
  const price = useDryRun(raised === null ? null : String(raised), () =>
    ok(api.POST('/v1/tenants/{t}/purchases', { params: { path: { t: tenantId }, query: { dryRun: true } }, body: { licenseId: license.id, newQuantity: raised ?? current } })),
  );
  const step1 = (by: number) => setTotal(String(Math.max(current, (newQuantity ?? current) + by)));

  const confirm = (quantity: number) => (event: FormEvent) => {
    event.preventDefault();
    void buy.run(async () => {
      const outcome = await ok(api.POST('/v1/tenants/{t}/purchases', { params: { path: { t: tenantId }, query: { dryRun: false } }, body: { licenseId: license.id, newQuantity: quantity, password } }));
      setPassword('');
      setStep({ kind: 'done', outcome });
      onPurchased(outcome);
    });
  };

  if (step.kind === 'done') {
    const { purchase, invoice } = step.outcome;
    return (
      <Dialog title="Number of users changed" onClose={onClose}>
        <div className="form">
          <div className="banner banner-success" role="status">
            Added {purchase.added} {purchase.added === 1 ? 'user' : 'users'}: {license.name} now has {purchase.newQuantity} licensed users. The invoice is sent to your e-mail address.
          </div>
          <InvoiceSummary tenantId={tenantId} invoice={invoice} />
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={onClose}>
              Return to the license
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  if (step.kind === 'confirm' && newQuantity !== null) {
    return (
      <Dialog title="Confirm the booking" description={`${license.name}: ${current} → ${newQuantity} licensed users${price.data === null ? '' : `, ${formatMoney(price.data.invoice.amount, price.data.invoice.currency, price.data.invoice.locale)}`}.`} onClose={onClose}>
        <form className="form" onSubmit={confirm(newQuantity)} aria-label="Confirm the booking">
          {/* The refusal is said once, in the banner (announced, with its request id); the field is marked. */}
          <div className={`field${passwordRefused ? ' field-invalid' : ''}`}>
            <label className="field-label" htmlFor={passwordId}>
              Password
            </label>
            <input
              id={passwordId}
              name="password"
              type="password"
              autoComplete="current-password"
              aria-describedby={passwordHintId}
              aria-invalid={passwordRefused ? true : undefined}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              autoFocus
            />
            <span id={passwordHintId} className="field-hint">
              Your console password authorizes the booking.
            </span>
          </div>
          <ProblemBanner problem={buy.problem} context="The booking was not made" />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={buy.busy || password === ''}>
              Confirm
            </button>
            <button
              type="button"
              className="button button-ghost"
              onClick={() => {
                buy.clear();
                setStep({ kind: 'choose' });
              }}
            >
              Back
            </button>
          </div>
        </form>
      </Dialog>
    );
  }

  const invoice: Invoice | null = price.data?.invoice ?? null;
  const money = (minor: number) => (invoice === null ? '' : formatMoney(minor, invoice.currency, invoice.locale));
  return (
    <Dialog title="Change number of users" description={`${license.name} has ${current} licensed users. Additional users are billed per day for the rest of the current billing period.`} onClose={onClose}>
      <form
        className="form"
        aria-label="Change number of users"
        onSubmit={(event) => {
          event.preventDefault();
          if (increase) setStep({ kind: 'confirm' });
        }}
      >
        <div className={`field${newQuantity === null ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={totalId}>
            New total of licensed users
          </label>
          <div className="stepper">
            <button type="button" className="button" aria-label="One user fewer" disabled={newQuantity === null || newQuantity <= current} onClick={() => step1(-1)}>
              −
            </button>
            <input
              id={totalId}
              name="newQuantity"
              type="number"
              min={current}
              step={1}
              inputMode="numeric"
              aria-describedby={noteId}
              aria-invalid={newQuantity === null ? true : undefined}
              value={total}
              onChange={(e) => setTotal(e.target.value)}
            />
            <button type="button" className="button" aria-label="One user more" onClick={() => step1(1)}>
              +
            </button>
          </div>
          <span id={noteId} className={newQuantity === null ? 'field-error' : 'field-hint'}>
            {newQuantity === null ? 'Enter a whole number.' : `At least ${current + 1}; reductions go through your vendor.`}
          </span>
        </div>
        <div className="purchase-price" aria-live="polite">
          {!increase ? (
            <p className="muted">Choose a total above {current} to see the amount.</p>
          ) : invoice === null ? (
            price.problem === null && <p className="muted">Pricing…</p>
          ) : (
            <table className={`calc${price.pending ? ' is-stale' : ''}`} aria-label="Resulting amount" aria-busy={price.pending}>
              <tbody>
                {invoice.lines.map((line, index) => (
                  <tr key={index}>
                    <th scope="row">
                      {line.quantity} × {money(line.unitPrice)}, {line.days} of {line.daysInPeriod} days
                    </th>
                    <td>{money(line.amount)}</td>
                  </tr>
                ))}
                <tr className="calc-total">
                  <th scope="row">Resulting amount</th>
                  <td data-testid="purchase-amount">{money(invoice.amount)}</td>
                </tr>
              </tbody>
            </table>
          )}
          {invoice !== null && (
            <p className="muted purchase-period">
              Billing period {calendarDayText(invoice.periodStart)} – {calendarDayText(invoice.periodEnd)}, billed per day from today.
            </p>
          )}
          <ProblemBanner problem={increase ? price.problem : null} context="Could not price the change" />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!increase || price.problem !== null}>
            Change number of users
          </button>
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
