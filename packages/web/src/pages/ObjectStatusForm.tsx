import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { paths } from '../api/paths';
import type { VolumeObject } from '../api/usage-types';
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
    void submit.run(async () => onMoved(await api.patch<VolumeObject>(paths.object(tenantId, object.licenseId, object.ref), { status: status.trim() })));
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
