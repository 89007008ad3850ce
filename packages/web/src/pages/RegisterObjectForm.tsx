import { useState, type FormEvent } from 'react';
import type { License, VolumeObject } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { VolumeProblemBanner } from '../components/VolumeProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

interface RegisterObjectFormProps {
  license: License;
  /** `datalist` id of the statuses to suggest. */
  statusListId: string;
  onRegistered: (object: VolumeObject) => void;
}

/** Registers a business object with the volume license, as an application would (POST …/objects). */
export function RegisterObjectForm({ license, statusListId, onRegistered }: RegisterObjectFormProps) {
  const [ref, setRef] = useState('');
  const [status, setStatus] = useState(license.countedStatuses?.[0] ?? '');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      onRegistered(await ok(api.POST('/v1/tenants/{t}/licenses/{l}/objects', { params: { path: { t: license.tenantId, l: license.id } }, body: { ref: ref.trim(), status: status.trim() } })));
      setRef('');
    });
  };

  const problem = submit.problem;
  return (
    <form className="form-inline" onSubmit={onSubmit} aria-label="Register object">
      <Field label="Reference" hint={`The application's id of the ${license.objectKind ?? 'object'}`} error={fieldError(problem, 'ref')}>
        <input name="ref" className="mono" required maxLength={200} value={ref} onChange={(e) => setRef(e.target.value)} />
      </Field>
      <Field label="Status" hint={license.countedStatuses === null ? 'Every status counts' : `Counted: ${license.countedStatuses.join(', ')}`} error={fieldError(problem, 'status')}>
        <input name="status" required maxLength={100} list={statusListId} value={status} onChange={(e) => setStatus(e.target.value)} />
      </Field>
      <button type="submit" className="button button-primary" disabled={submit.busy}>
        Register object
      </button>
      {isFormProblem(problem, ['ref', 'status']) && <VolumeProblemBanner problem={problem} context="Could not register the object" />}
    </form>
  );
}
