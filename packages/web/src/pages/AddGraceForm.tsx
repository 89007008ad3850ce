import { useState, type FormEvent } from 'react';
import type { GraceKey } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

interface AddGraceFormProps {
  tenantId: string;
  licenseId: string;
  timeZone: string;
  onAdded: (grace: GraceKey) => void;
  onCancel: () => void;
}

const shownFields = ['startsAt', 'endsAt', 'orderNumber'];

/** A vendor adds a grace key: the days it lifts the license's concurrency limit, and the order it belongs to. */
export function AddGraceForm({ tenantId, licenseId, timeZone, onAdded, onCancel }: AddGraceFormProps) {
  const [orderNumber, setOrderNumber] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onAdded(await ok(api.POST('/v1/tenants/{t}/licenses/{l}/grace', { params: { path: { t: tenantId, l: licenseId } }, body: { startsAt, endsAt, orderNumber: orderNumber.trim() } }))));
  };

  const problem = submit.problem;
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add grace period">
      {isFormProblem(problem, shownFields) && <ProblemBanner problem={problem} context="Could not add the grace period" />}
      <div className="form-grid">
        <Field label="Order number" hint="The order the grace key belongs to" error={fieldError(problem, 'orderNumber')}>
          <input name="orderNumber" required maxLength={100} value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} />
        </Field>
        <Field label="First day" hint={`From the start of the day (${timeZone})`} error={fieldError(problem, 'startsAt')}>
          <input name="startsAt" type="date" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
        </Field>
        <Field label="Last day" hint="Through the end of the day" error={fieldError(problem, 'endsAt')}>
          <input name="endsAt" type="date" required min={startsAt === '' ? undefined : startsAt} value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Add grace period
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
