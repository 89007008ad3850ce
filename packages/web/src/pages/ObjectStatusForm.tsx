import { useState, type FormEvent } from 'react';
import type { VolumeObject } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { VolumeProblemBanner } from '../components/VolumeProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

interface ObjectStatusFormProps {
  tenantId: string;
  object: VolumeObject;
  statusListId: string;
  onMoved: (object: VolumeObject) => void;
  onCancel: () => void;
}

/** Moves an object to another status; moving into a counted status is checked against the maximum. */
export function ObjectStatusForm({ tenantId, object, statusListId, onMoved, onCancel }: ObjectStatusFormProps) {
  const [status, setStatus] = useState(object.status);
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (status.trim() === object.status) {
      onCancel();
      return;
    }
    void submit.run(async () => onMoved(await ok(api.PATCH('/v1/tenants/{t}/licenses/{l}/objects/{ref}', { params: { path: { t: tenantId, l: object.licenseId, ref: object.ref } }, body: { status: status.trim() } }))));
  };

  const problem = submit.problem;
  return (
    <form className="form-inline" onSubmit={onSubmit} aria-label={`Change status of ${object.ref}`}>
      <Field label="New status" error={fieldError(problem, 'status')}>
        <input name="status" required maxLength={100} list={statusListId} value={status} onChange={(e) => setStatus(e.target.value)} />
      </Field>
      <button type="submit" className="button button-primary" disabled={submit.busy}>
        Save status
      </button>
      <button type="button" className="button button-ghost" onClick={onCancel}>
        Cancel
      </button>
      {isFormProblem(problem, ['status']) && <VolumeProblemBanner problem={problem} context="Could not change the status" />}
    </form>
  );
}
