import { useState, type FormEvent } from 'react';
import type { Group } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';
import { useTenant } from '../lib/tenant';

export function NewGroupForm({ onCreated, onCancel }: { onCreated: (group: Group) => void; onCancel: () => void }) {
  const { tenant } = useTenant();
  const [name, setName] = useState('');
  const submit = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onCreated(await ok(api.POST('/v1/tenants/{t}/groups', { params: { path: { t: tenant.id } }, body: { name: name.trim() } }))));
  };
  return (
    <form className="form-inline" onSubmit={onSubmit} aria-label="New group">
      <Field label="Group name" error={fieldError(submit.problem, 'name')}>
        <input name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <button type="submit" className="button button-primary" disabled={submit.busy}>
        Create group
      </button>
      <button type="button" className="button button-ghost" onClick={onCancel}>
        Cancel
      </button>
      {isFormProblem(submit.problem, ['name']) && <ProblemBanner problem={submit.problem} context="Could not create the group" />}
    </form>
  );
}
