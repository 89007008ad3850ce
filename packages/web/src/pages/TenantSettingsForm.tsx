import { useMemo, useState, type FormEvent } from 'react';
import type { Tenant } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';
import { useTenant } from '../lib/tenant';
import { knownTimeZones } from '../lib/timezones';

const shownFields = ['name', 'customerCode', 'timeZone'];

/** Name, customer code and time zone; only what changed is sent, so the audit trail shows just that. */
export function TenantSettingsForm({ onDone }: { onDone: () => void }) {
  const { tenant, setTenant } = useTenant();
  const [name, setName] = useState(tenant.name);
  const [customerCode, setCustomerCode] = useState(tenant.customerCode);
  const [timeZone, setTimeZone] = useState(tenant.timeZone);
  const zones = useMemo(knownTimeZones, []);
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const patch: Partial<Pick<Tenant, 'name' | 'customerCode' | 'timeZone'>> = {};
    if (name.trim() !== tenant.name) patch.name = name.trim();
    if (customerCode.trim() !== tenant.customerCode) patch.customerCode = customerCode.trim();
    if (timeZone.trim() !== tenant.timeZone) patch.timeZone = timeZone.trim();
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    void submit.run(async () => {
      setTenant(await ok(api.PATCH('/v1/tenants/{t}', { params: { path: { t: tenant.id } }, body: patch })));
      onDone();
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Tenant settings">
      {isFormProblem(submit.problem, shownFields) && <ProblemBanner problem={submit.problem} context="Could not save" />}
      <div className="form-grid">
        <Field label="Name" error={fieldError(submit.problem, 'name')}>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Customer code" error={fieldError(submit.problem, 'customerCode')}>
          <input name="customerCode" required value={customerCode} onChange={(e) => setCustomerCode(e.target.value)} />
        </Field>
        <Field label="Time zone" error={fieldError(submit.problem, 'timeZone')}>
          <input name="timeZone" list="settings-time-zones" required value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        </Field>
      </div>
      <datalist id="settings-time-zones">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Save changes
        </button>
        <button type="button" className="button button-ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
