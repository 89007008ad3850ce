import { useState, type FormEvent } from 'react';
import type { Device } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

const shownFields = ['name', 'serial', 'model'];

/** Adds a device to the tenant; it runs no license until one is assigned. */
export function NewDeviceForm({ tenantId, onCreated, onCancel }: { tenantId: string; onCreated: (device: Device) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [serial, setSerial] = useState('');
  const [model, setModel] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onCreated(await ok(api.POST('/v1/tenants/{t}/devices', { params: { path: { t: tenantId } }, body: { name: name.trim(), serial: serial.trim(), model: model.trim() } }))));
  };

  const problem = submit.problem;
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add device">
      {isFormProblem(problem, shownFields) && <ProblemBanner problem={problem} context="Could not add the device" />}
      <div className="form-grid">
        <Field label="Device name" hint="e.g. GW Berlin" error={fieldError(problem, 'name')}>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Serial number" hint="Unique in the tenant" error={fieldError(problem, 'serial')}>
          <input name="serial" className="mono" required maxLength={100} value={serial} onChange={(e) => setSerial(e.target.value)} />
        </Field>
        <Field label="Device model" hint="e.g. LANCOM 1900EF" error={fieldError(problem, 'model')}>
          <input name="model" required maxLength={100} value={model} onChange={(e) => setModel(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Add device
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
