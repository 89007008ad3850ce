import { useState, type FormEvent } from 'react';
import type { Tenant } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';

interface DeleteAllLicensesFormProps {
  tenant: Tenant;
  onDeleted: (removed: number) => void;
}

/** What deleting every license does, for the panel that holds the form. */
export function deleteAllLicensesText(tenant: Tenant) {
  return (
    <>
      Removes every license of {tenant.name}, from license files and granted alike, with their seats and usage. The tenant goes to demo mode: access checks answer{' '}
      <span className="mono">demo_mode</span> until a license file is loaded. The loaded file&apos;s version stays the floor, so only a newer file loads.
    </>
  );
}

/** Creatio's Delete: every license goes and the tenant is in demo mode. Typing the tenant's name confirms it. */
export function DeleteAllLicensesForm({ tenant, onDeleted }: DeleteAllLicensesFormProps) {
  const [typed, setTyped] = useState('');
  const submit = useSubmit();
  const confirmed = typed === tenant.name;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!confirmed) return;
    void submit.run(async () => {
      const { removed } = await ok(api.DELETE('/v1/tenants/{t}/licenses', { params: { path: { t: tenant.id } } }));
      setTyped('');
      onDeleted(removed);
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Delete all licenses">
      <ProblemBanner problem={submit.problem} context="Could not delete the licenses" />
      <div className="form-grid">
        <Field label="Tenant name" hint={`Type ${tenant.name} to confirm`}>
          <input name="confirmName" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={!confirmed || submit.busy}>
          Delete all licenses
        </button>
      </div>
    </form>
  );
}
