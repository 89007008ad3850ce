import { useState, type FormEvent } from 'react';
import type { License } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { dateInputValue } from '../lib/dates';
import { fieldError, isFormProblem } from '../lib/form';
import { isConcurrent, isCounted, isUnlimited, quantityHint, quantityLabel } from '../lib/license';
import { hasField, modelSpec } from '../lib/license-models';
import { ConsumptionFields, statusList, type ConsumptionValues } from './ConsumptionFields';
import { BorrowDaysField } from './BorrowDaysField';
import { HeartbeatField } from './HeartbeatField';
import { QuantityFields } from './QuantityFields';

interface EditLicenseFormProps {
  license: License;
  timeZone: string;
  userLabel: (id: string) => string;
  onSaved: (license: License) => void;
  onCancel: () => void;
}

const shownFields = ['name', 'quantity', 'validFrom', 'validUntil', 'package', 'thresholdPercent', 'role', 'heartbeatSeconds', 'maxBorrowDays', 'retentionDays', 'countedStatuses'];

/** Changes a license (vendor); only the fields that differ are sent, so an untouched date keeps its exact instant. */
export function EditLicenseForm({ license, timeZone, userLabel, onSaved, onCancel }: EditLicenseFormProps) {
  const start = {
    name: license.name,
    quantity: license.quantity === null ? '' : String(license.quantity),
    unlimited: isUnlimited(license),
    validFrom: dateInputValue(license.validFrom, 'from', timeZone),
    validUntil: dateInputValue(license.validUntil, 'until', timeZone),
    pkg: license.package ?? '',
    threshold: license.thresholdPercent === null ? '' : String(license.thresholdPercent),
    role: license.role ?? '',
    heartbeat: license.heartbeatSeconds === null ? '' : String(license.heartbeatSeconds),
    borrowDays: license.maxBorrowDays === null ? '' : String(license.maxBorrowDays),
    retentionDays: license.retentionDays === null ? '' : String(license.retentionDays),
    countedStatuses: (license.countedStatuses ?? []).join(', '),
  };
  const [form, setForm] = useState(start);
  const set = (change: Partial<typeof start>) => setForm((current) => ({ ...current, ...change }));
  const submit = useSubmit();
  const counted = isCounted(license);
  const concurrent = hasField(license.model, 'heartbeatSeconds');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
    const patch: Record<string, unknown> = {};
    if (form.name.trim() !== start.name) patch.name = form.name.trim();
    if (counted && (form.unlimited !== start.unlimited || form.quantity !== start.quantity)) {
      Object.assign(patch, form.unlimited ? { unlimited: true } : { unlimited: false, quantity: Number(form.quantity) });
    }
    if (form.validFrom !== start.validFrom && form.validFrom !== '') patch.validFrom = form.validFrom;
    if (form.validUntil !== start.validUntil) patch.validUntil = orNull(form.validUntil);
    if (form.pkg.trim() !== start.pkg) patch.package = orNull(form.pkg);
    if (form.threshold !== start.threshold) patch.thresholdPercent = form.threshold === '' ? null : Number(form.threshold);
    if (form.role.trim() !== start.role) patch.role = orNull(form.role);
    if (concurrent && form.heartbeat !== start.heartbeat && form.heartbeat !== '') patch.heartbeatSeconds = Number(form.heartbeat);
    if (hasField(license.model, 'maxBorrowDays') && form.borrowDays !== start.borrowDays) patch.maxBorrowDays = form.borrowDays === '' ? 0 : Number(form.borrowDays);
    if (hasField(license.model, 'retentionDays') && form.retentionDays !== start.retentionDays && form.retentionDays !== '') patch.retentionDays = Number(form.retentionDays);
    if (hasField(license.model, 'countedStatuses') && form.countedStatuses !== start.countedStatuses) patch.countedStatuses = statusList(form.countedStatuses) ?? null;
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    void submit.run(async () => onSaved(await ok(api.PATCH('/v1/tenants/{t}/licenses/{l}', { params: { path: { t: license.tenantId, l: license.id } }, body: patch }))));
  };

  const problem = submit.problem;
  const quantityError = fieldError(problem, 'quantity') ?? (problem?.code === 'quantity_below_usage' ? `Below the ${modelSpec(license.model).usedUnit} in use` : undefined);
  const consumption: ConsumptionValues = { bundle: '', objectKind: '', retentionDays: form.retentionDays, countedStatuses: form.countedStatuses };
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Edit license">
      {isFormProblem(problem, shownFields) && <SeatProblemBanner problem={problem} context="Could not save the license" nameOf={userLabel} />}
      <div className="form-grid">
        <Field label="License name" error={fieldError(problem, 'name')}>
          <input name="name" required value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </Field>
        {counted && (
          <QuantityFields
            model={license.model}
            quantity={form.quantity}
            unlimited={form.unlimited}
            onQuantity={(quantity) => set({ quantity })}
            onUnlimited={(unlimited) => set({ unlimited })}
            error={quantityError}
            label={quantityLabel(license.model)}
            hint={quantityHint(license.model)}
          />
        )}
        {concurrent && <HeartbeatField model={license.model} value={form.heartbeat} onChange={(heartbeat) => set({ heartbeat })} error={fieldError(problem, 'heartbeatSeconds')} required />}
        {hasField(license.model, 'maxBorrowDays') && <BorrowDaysField value={form.borrowDays} onChange={(borrowDays) => set({ borrowDays })} error={fieldError(problem, 'maxBorrowDays')} />}
        <ConsumptionFields
          model={license.model}
          value={consumption}
          onChange={(values) => set({ retentionDays: values.retentionDays, countedStatuses: values.countedStatuses })}
          problem={problem}
          editing
        />
        <Field label="Valid from" error={fieldError(problem, 'validFrom')}>
          <input name="validFrom" type="date" value={form.validFrom} onChange={(e) => set({ validFrom: e.target.value })} />
        </Field>
        <Field label="Valid until" hint="Last day; empty: no end" error={fieldError(problem, 'validUntil')}>
          <input name="validUntil" type="date" value={form.validUntil} onChange={(e) => set({ validUntil: e.target.value })} />
        </Field>
        <Field label="Package" hint="Empty: none" error={fieldError(problem, 'package')}>
          <input name="package" maxLength={100} value={form.pkg} onChange={(e) => set({ pkg: e.target.value })} />
        </Field>
        {counted && (
          <Field label="Threshold %" hint="Empty: no warning" error={fieldError(problem, 'thresholdPercent')}>
            <input name="thresholdPercent" type="number" min={1} max={100} step={1} value={form.threshold} onChange={(e) => set({ threshold: e.target.value })} />
          </Field>
        )}
        {hasField(license.model, 'role') && (
          <Field label="User role" hint="Empty: any user" error={fieldError(problem, 'role')}>
            <input name="role" maxLength={100} value={form.role} onChange={(e) => set({ role: e.target.value })} />
          </Field>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Save changes
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
