import { useState, type FormEvent } from 'react';
import type { IssuedKey, NewTenantKey, Role } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { RolePicker } from '../components/RolePicker';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

interface NewKeyFormProps {
  /** null for a vendor-admin key. */
  tenantId: string | null;
  onIssued: (issued: IssuedKey) => void;
  onCancel: () => void;
}

type Kind = NewTenantKey['kind'];

export function NewKeyForm({ tenantId, onIssued, onCancel }: NewKeyFormProps) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('admin');
  const [roles, setRoles] = useState<Role[]>(['system_admin']);
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim() === '' ? undefined : name.trim();
    // An app key acts for the licensed application and has no roles.
    const issue = () =>
      tenantId === null
        ? ok(api.POST('/v1/api-keys', { body: { name: trimmed } }))
        : ok(api.POST('/v1/tenants/{t}/api-keys', { params: { path: { t: tenantId } }, body: { kind, name: trimmed, roles: kind === 'admin' ? roles : undefined } }));
    void submit.run(async () => onIssued(await issue()));
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="New API key">
      {isFormProblem(submit.problem, ['name', 'kind', 'roles']) && <ProblemBanner problem={submit.problem} context="Could not create the key" />}
      <div className="form-grid">
        <Field label="Name" hint="What uses the key, e.g. “CI provisioning”" error={fieldError(submit.problem, 'name')}>
          <input name="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        {tenantId !== null && (
          <Field label="Kind" error={fieldError(submit.problem, 'kind')}>
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value === 'app' ? 'app' : 'admin')}>
              <option value="admin">Admin key (acts with roles)</option>
              <option value="app">App key (for the licensed application)</option>
            </select>
          </Field>
        )}
      </div>
      {tenantId !== null && kind === 'admin' && <RolePicker value={roles} onChange={setRoles} legend="Roles of the key" error={fieldError(submit.problem, 'roles')} />}
      {tenantId === null && <p className="muted">A vendor-admin key may do everything, in every tenant.</p>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Create key
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
