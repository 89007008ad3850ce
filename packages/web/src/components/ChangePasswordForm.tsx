import { useState, type FormEvent } from 'react';
import { api, ok } from '../api/client';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';
import { Field } from './Field';
import { ProblemBanner } from './ProblemBanner';

const shownFields = ['currentPassword', 'newPassword'];

interface ChangePasswordFormProps {
  onChanged: () => void;
  onCancel: () => void;
}

/**
 * The logged-in person changes their own password: the current one re-entered, the new one twice
 * (a typo in a field one cannot read would lock them out). The server checks the current one and
 * the password rule; this session stays, their others end.
 */
export function ChangePasswordForm({ onChanged, onCancel }: ChangePasswordFormProps) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const submit = useSubmit();
  const mismatch = repeated !== '' && repeated !== newPassword;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    void submit.run(async () => {
      await ok(api.POST('/v1/auth/password', { body: { currentPassword, newPassword } }));
      onChanged();
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Change password">
      {isFormProblem(submit.problem, shownFields) && <ProblemBanner problem={submit.problem} context="Could not change the password" />}
      <Field label="Current password" error={fieldError(submit.problem, 'currentPassword')}>
        <input name="currentPassword" type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrentPassword(e.target.value)} />
      </Field>
      <Field label="New password" hint="At least 10 characters" error={fieldError(submit.problem, 'newPassword')}>
        <input name="newPassword" type="password" autoComplete="new-password" required value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
      </Field>
      <Field label="New password again" error={mismatch ? 'The two new passwords differ' : undefined}>
        <input name="repeatedPassword" type="password" autoComplete="new-password" required value={repeated} onChange={(e) => setRepeated(e.target.value)} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy || mismatch}>
          Change password
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
