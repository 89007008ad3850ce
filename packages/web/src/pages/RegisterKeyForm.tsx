import { useId, useState, type FormEvent } from 'react';
import type { Registered } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError } from '../lib/form';

interface RegisterKeyFormProps {
  tenantId: string;
  /** A key to start with, e.g. one just issued. */
  initialKey?: string;
  onRegistered: (registered: Registered) => void;
  onCancel: () => void;
}

/** Problems that are about the key itself: unknown or malformed (404), or registered already (409). */
function keyError(problem: ReturnType<typeof useSubmit>['problem']): string | undefined {
  if (problem === null) return undefined;
  if (problem.code === 'not_found' || problem.code === 'key_registered') return problem.detail;
  return fieldError(problem, 'key');
}

/**
 * LANCOM's "Add license": a license key and the license terms accepted; the key's licenses enter
 * the tenant's pool. The terms box is not `required`, so that the server's own refusal shows.
 */
export function RegisterKeyForm({ tenantId, initialKey = '', onRegistered, onCancel }: RegisterKeyFormProps) {
  const [key, setKey] = useState(initialKey);
  const [accepted, setAccepted] = useState(false);
  const submit = useSubmit();
  const termsErrorId = useId();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onRegistered(await ok(api.POST('/v1/tenants/{t}/license-keys', { params: { path: { t: tenantId } }, body: { key: key.trim(), termsAccepted: accepted } }))));
  };

  const problem = submit.problem;
  const termsError = problem?.code === 'terms_not_accepted' ? problem.detail : fieldError(problem, 'termsAccepted');
  const keyProblem = keyError(problem);
  const other = problem !== null && termsError === undefined && keyProblem === undefined;
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Register license key">
      {other && <ProblemBanner problem={problem} context="Could not register the key" />}
      <div className="form-grid">
        <Field wide label="License key" hint="Five groups of five characters, e.g. ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2" error={keyProblem}>
          <input name="key" className="mono" required maxLength={100} autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} />
        </Field>
      </div>
      <div className={`field${termsError !== undefined ? ' field-invalid' : ''}`}>
        <label className="check">
          <input
            type="checkbox"
            name="termsAccepted"
            checked={accepted}
            aria-invalid={termsError === undefined ? undefined : true}
            aria-describedby={termsError === undefined ? undefined : termsErrorId}
            onChange={(e) => setAccepted(e.target.checked)}
          />
          <span>License terms accepted</span>
        </label>
        {termsError !== undefined && (
          <span id={termsErrorId} className="field-error" role="alert">
            {termsError}
          </span>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Register key
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
