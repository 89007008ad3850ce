import { useState, type FormEvent } from 'react';
import type { LicenseKey, NewLicenseKey } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { termLongText } from '../lib/devices';
import { fieldError, isFormProblem } from '../lib/form';

const shownFields = ['category', 'termDays', 'count'];

/** The terms a key may have: 1, 3 or 5 years. */
type TermDays = NewLicenseKey['termDays'];

const termChoices: readonly TermDays[] = [365, 1095, 1825];

interface IssueLicenseKeyFormProps {
  onIssued: (key: LicenseKey) => void;
  onCancel: () => void;
}

/** A vendor issues a license key: `count` device licenses of one category and term (1, 3 or 5 years). */
export function IssueLicenseKeyForm({ onIssued, onCancel }: IssueLicenseKeyFormProps) {
  const [category, setCategory] = useState('');
  const [termDays, setTermDays] = useState<TermDays>(365);
  const [count, setCount] = useState('1');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onIssued(await ok(api.POST('/v1/license-keys', { body: { category: category.trim(), termDays, count: Number(count) } }))));
  };

  const problem = submit.problem;
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Issue license key">
      {isFormProblem(problem, shownFields) && <ProblemBanner problem={problem} context="Could not issue the key" />}
      <div className="form-grid">
        <Field label="Category" hint="The license category, e.g. LMC-B" error={fieldError(problem, 'category')}>
          <input name="category" required maxLength={100} value={category} onChange={(e) => setCategory(e.target.value)} />
        </Field>
        <Field label="Term" error={fieldError(problem, 'termDays')}>
          <select name="termDays" value={termDays} onChange={(e) => setTermDays(termChoices.find((t) => String(t) === e.target.value) ?? 365)}>
            {termChoices.map((days) => (
              <option key={days} value={days}>
                {termLongText(days)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Licenses" hint="How many device licenses the key holds" error={fieldError(problem, 'count')}>
          <input name="count" type="number" min={1} max={10_000} step={1} required value={count} onChange={(e) => setCount(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Issue license key
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
