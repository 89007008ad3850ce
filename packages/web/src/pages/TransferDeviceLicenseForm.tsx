import { useState, type FormEvent } from 'react';
import type { DeviceLicenseRow, Tenant } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

interface TransferDeviceLicenseFormProps {
  tenantId: string;
  license: DeviceLicenseRow;
  onTransferred: (target: Tenant) => void;
  onCancel: () => void;
}

/** A vendor moves a pooled license to another tenant; both audit logs record it. */
export function TransferDeviceLicenseForm({ tenantId, license, onTransferred, onCancel }: TransferDeviceLicenseFormProps) {
  const tenants = useLoad('transfer-tenants', () => ok(api.GET('/v1/tenants', { params: { query: { limit: 500 } } })));
  const choices = (tenants.data?.items ?? []).filter((t) => t.id !== tenantId).sort((a, b) => a.name.localeCompare(b.name));
  const [target, setTarget] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = choices.find((t) => t.id === target);
    if (chosen === undefined) return;
    void submit.run(async () => {
      await ok(api.POST('/v1/tenants/{t}/device-licenses/{id}/transfer', { params: { path: { t: tenantId, id: license.id } }, body: { toTenant: chosen.id } }));
      onTransferred(chosen);
    });
  };

  const problem = submit.problem;
  return (
    <form className="form-inline" onSubmit={onSubmit} aria-label={`Transfer ${license.key ?? license.id}`}>
      <Field label="Target tenant" hint={tenants.data !== null && choices.length === 0 ? 'There is no other tenant' : 'The license leaves this pool for theirs'} error={fieldError(problem, 'toTenant')}>
        <select name="toTenant" required value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">Choose a tenant</option>
          {choices.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.customerCode})
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="button button-primary" disabled={submit.busy || target === ''}>
        Transfer license
      </button>
      <button type="button" className="button button-ghost" onClick={onCancel}>
        Cancel
      </button>
      <ProblemBanner problem={tenants.problem} context="Could not load the tenants" />
      {isFormProblem(problem, ['toTenant']) && <ProblemBanner problem={problem} context="Could not transfer the license" />}
    </form>
  );
}
