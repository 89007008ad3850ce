import { useState, type FormEvent } from 'react';
import type { License } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { codeHint, fieldError, isFormProblem } from '../lib/form';
import { quantityHint, quantityLabel } from '../lib/license';
import { hasField, modelSpec } from '../lib/license-models';
import { useTenant } from '../lib/tenant';
import { ConsumptionFields, consumptionBody, consumptionFieldNames, noConsumptionValues, type ConsumptionValues } from './ConsumptionFields';
import { BorrowDaysField } from './BorrowDaysField';
import { HeartbeatField } from './HeartbeatField';
import { LicenseSubjectFields, type LicenseSubject } from './LicenseSubjectFields';
import { QuantityFields } from './QuantityFields';

const shownFields = ['code', 'name', 'model', 'product', 'modules', 'solution', 'quantity', 'validFrom', 'validUntil', 'package', 'thresholdPercent', 'role', 'heartbeatSeconds', 'maxBorrowDays', ...consumptionFieldNames];

/** A vendor admin grants the tenant a license (POST /v1/tenants/{t}/licenses). */
export function GrantLicenseForm({ onCreated, onCancel }: { onCreated: (license: License) => void; onCancel: () => void }) {
  const { tenant } = useTenant();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [subject, setSubject] = useState<LicenseSubject>({ model: 'named', product: '', modules: [], solution: '' });
  const [quantity, setQuantity] = useState('');
  const [unlimited, setUnlimited] = useState(false);
  const [validFrom, setValidFrom] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [pkg, setPkg] = useState('');
  const [threshold, setThreshold] = useState('');
  const [role, setRole] = useState('');
  const [heartbeat, setHeartbeat] = useState('');
  const [borrowDays, setBorrowDays] = useState('');
  const [consumption, setConsumption] = useState<ConsumptionValues>(noConsumptionValues);
  const submit = useSubmit();
  const spec = modelSpec(subject.model);
  const counted = spec.counted;
  const solution = spec.subject === 'solution';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
    const body = {
      code: code.trim(),
      name: name.trim(),
      model: subject.model,
      ...(solution ? { solution: subject.solution } : { product: subject.product }),
      ...(!solution && subject.modules.length > 0 && { modules: subject.modules }),
      ...(counted && (unlimited ? { unlimited: true } : { quantity: Number(quantity) })),
      validFrom: text(validFrom),
      validUntil: text(validUntil),
      package: text(pkg),
      thresholdPercent: counted && threshold !== '' ? Number(threshold) : undefined,
      role: hasField(subject.model, 'role') ? text(role) : undefined,
      heartbeatSeconds: hasField(subject.model, 'heartbeatSeconds') && heartbeat !== '' ? Number(heartbeat) : undefined,
      maxBorrowDays: hasField(subject.model, 'maxBorrowDays') && borrowDays !== '' ? Number(borrowDays) : undefined,
      ...consumptionBody(subject.model, consumption),
    };
    void submit.run(async () => onCreated(await ok(api.POST('/v1/tenants/{t}/licenses', { params: { path: { t: tenant.id } }, body }))));
  };

  const problem = submit.problem;
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Grant license">
      {isFormProblem(problem, shownFields) && <ProblemBanner problem={problem} context="Could not grant the license" />}
      <div className="form-grid">
        <Field label="License code" hint={codeHint} error={fieldError(problem, 'code')}>
          <input name="code" className="mono" required maxLength={64} value={code} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <Field label="License name" error={fieldError(problem, 'name')}>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
      </div>
      <LicenseSubjectFields value={subject} onChange={setSubject} problem={problem} />
      <div className="form-grid">
        {counted && (
          <QuantityFields
            model={subject.model}
            quantity={quantity}
            unlimited={unlimited}
            onQuantity={setQuantity}
            onUnlimited={setUnlimited}
            error={fieldError(problem, 'quantity')}
            label={quantityLabel(subject.model)}
            hint={quantityHint(subject.model)}
          />
        )}
        {hasField(subject.model, 'heartbeatSeconds') && <HeartbeatField model={subject.model} value={heartbeat} onChange={setHeartbeat} error={fieldError(problem, 'heartbeatSeconds')} />}
        {hasField(subject.model, 'maxBorrowDays') && <BorrowDaysField value={borrowDays} onChange={setBorrowDays} error={fieldError(problem, 'maxBorrowDays')} />}
        <ConsumptionFields model={subject.model} value={consumption} onChange={setConsumption} problem={problem} />
        <Field label="Valid from" hint="Empty: from today" error={fieldError(problem, 'validFrom')}>
          <input name="validFrom" type="date" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
        </Field>
        <Field label="Valid until" hint="Last day; empty: no end" error={fieldError(problem, 'validUntil')}>
          <input name="validUntil" type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
        </Field>
        <Field label="Package" hint="The tier bought, e.g. Premium" error={fieldError(problem, 'package')}>
          <input name="package" maxLength={100} value={pkg} onChange={(e) => setPkg(e.target.value)} />
        </Field>
        {counted && (
          <Field label="Threshold %" hint="Warn when usage reaches it" error={fieldError(problem, 'thresholdPercent')}>
            <input name="thresholdPercent" type="number" min={1} max={100} step={1} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
          </Field>
        )}
        {hasField(subject.model, 'role') && (
          <Field label="User role" hint="Optional: slots for this role, e.g. Controller" error={fieldError(problem, 'role')}>
            <input name="role" maxLength={100} value={role} onChange={(e) => setRole(e.target.value)} />
          </Field>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Grant license
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
