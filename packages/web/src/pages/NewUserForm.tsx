import { useState, type FormEvent } from 'react';
import type { Role, User } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { RolePicker } from '../components/RolePicker';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';
import { useTenant } from '../lib/tenant';

const shownFields = ['email', 'name', 'roles', 'certifiedProfessional', 'password'];

export function NewUserForm({ onCreated, onCancel }: { onCreated: (user: User) => void; onCancel: () => void }) {
  const { tenant } = useTenant();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['member']);
  const [certifiedProfessional, setCertifiedProfessional] = useState(false);
  const [password, setPassword] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      email: email.trim(),
      name: name.trim(),
      roles,
      certifiedProfessional,
      // Without a password the user exists for licensing but cannot log in to the console.
      password: password === '' ? undefined : password,
    };
    void submit.run(async () => onCreated(await ok(api.POST('/v1/tenants/{t}/users', { params: { path: { t: tenant.id } }, body }))));
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="New user">
      {isFormProblem(submit.problem, shownFields) && <ProblemBanner problem={submit.problem} context="Could not create the user" />}
      <div className="form-grid">
        <Field label="Email" error={fieldError(submit.problem, 'email')}>
          <input name="email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Name" error={fieldError(submit.problem, 'name')}>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Password" hint="Optional; at least 10 characters, for console login" error={fieldError(submit.problem, 'password')}>
          <input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
      </div>
      <RolePicker value={roles} onChange={setRoles} error={fieldError(submit.problem, 'roles')} />
      <label className="check">
        <input type="checkbox" checked={certifiedProfessional} onChange={(e) => setCertifiedProfessional(e.target.checked)} />
        <span>Certified professional (uses licensed products without taking a seat)</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Create user
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
