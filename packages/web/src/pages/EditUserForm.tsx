import { useState, type FormEvent } from 'react';
import type { Role, User } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { RolePicker } from '../components/RolePicker';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

const shownFields = ['name', 'roles', 'certifiedProfessional', 'password', 'currentPassword'];

interface EditUserFormProps {
  tenantId: string;
  user: User;
  /** The logged-in user edits themself: a new password needs the current one, and ends the session. */
  self: boolean;
  onSaved: (user: User) => void;
  onCancel: () => void;
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/** Roles, name, the certified flag and an optional new password; sends only what changed. */
export function EditUserForm({ tenantId, user, self, onSaved, onCancel }: EditUserFormProps) {
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [certifiedProfessional, setCertifiedProfessional] = useState(user.certifiedProfessional);
  const [password, setPassword] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const patch: { name?: string; roles?: Role[]; certifiedProfessional?: boolean; password?: string; currentPassword?: string } = {};
    if (name.trim() !== user.name) patch.name = name.trim();
    if (!sameRoles(roles, user.roles)) patch.roles = roles;
    if (certifiedProfessional !== user.certifiedProfessional) patch.certifiedProfessional = certifiedProfessional;
    if (password !== '') patch.password = password;
    if (password !== '' && self) patch.currentPassword = currentPassword;
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    void submit.run(async () => onSaved(await ok(api.PATCH('/v1/tenants/{t}/users/{id}', { params: { path: { t: tenantId, id: user.id } }, body: patch }))));
  };

  return (
    <form className="form form-nested" onSubmit={onSubmit} aria-label={`Edit ${user.email}`}>
      {isFormProblem(submit.problem, shownFields) && <ProblemBanner problem={submit.problem} context="Could not save the user" />}
      <div className="form-grid">
        <Field label="Name" error={fieldError(submit.problem, 'name')}>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="New password" hint={user.hasPassword ? 'Empty: keep the current one' : 'Empty: no console login'} error={fieldError(submit.problem, 'password')}>
          <input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        {self && password !== '' && (
          <Field label="Current password" hint="Your own password changes only with the current one; you then log in again" error={fieldError(submit.problem, 'currentPassword')}>
            <input name="currentPassword" type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrentPassword(e.target.value)} />
          </Field>
        )}
      </div>
      <RolePicker value={roles} onChange={setRoles} error={fieldError(submit.problem, 'roles')} />
      <label className="check">
        <input type="checkbox" checked={certifiedProfessional} onChange={(e) => setCertifiedProfessional(e.target.checked)} />
        <span>Certified professional</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Save
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
