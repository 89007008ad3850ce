import { useMemo, useState, type FormEvent } from 'react';
import type { Tenant, TenantMode } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';
import { utcFromLocalInput } from '../lib/format';
import { knownTimeZones } from '../lib/timezones';

const shownFields = ['name', 'customerCode', 'timeZone', 'mode', 'clock'];

export function NewTenantForm({ onCreated, onCancel }: { onCreated: (tenant: Tenant) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [customerCode, setCustomerCode] = useState('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [mode, setMode] = useState<TenantMode>('live');
  const [clock, setClock] = useState('');
  const zones = useMemo(knownTimeZones, []);
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      name: name.trim(),
      customerCode: customerCode.trim(),
      timeZone: timeZone.trim() === '' ? undefined : timeZone.trim(),
      mode,
      // Left empty, a sandbox clock starts at the real time.
      clock: mode === 'sandbox' ? utcFromLocalInput(clock) : undefined,
    };
    void submit.run(async () => onCreated(await ok(api.POST('/v1/tenants', { body }))));
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="New tenant">
      {isFormProblem(submit.problem, shownFields) && <ProblemBanner problem={submit.problem} context="Could not create the tenant" />}
      <div className="form-grid">
        <Field label="Name" error={fieldError(submit.problem, 'name')}>
          <input name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Customer code" hint="Letters, digits, - _ . ; used to log in" error={fieldError(submit.problem, 'customerCode')}>
          <input name="customerCode" required maxLength={64} value={customerCode} onChange={(e) => setCustomerCode(e.target.value)} />
        </Field>
        <Field label="Time zone" hint="Day boundaries of this tenant" error={fieldError(submit.problem, 'timeZone')}>
          <input name="timeZone" list="time-zones" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        </Field>
        <Field label="Mode" error={fieldError(submit.problem, 'mode')}>
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value === 'sandbox' ? 'sandbox' : 'live')}>
            <option value="live">Live (real clock)</option>
            <option value="sandbox">Sandbox (test clock)</option>
          </select>
        </Field>
        {mode === 'sandbox' && (
          <Field label="Test clock start (UTC)" hint="Empty: now" error={fieldError(submit.problem, 'clock')}>
            <input name="clock" type="datetime-local" step={1} value={clock} onChange={(e) => setClock(e.target.value)} />
          </Field>
        )}
      </div>
      <datalist id="time-zones">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Create tenant
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
