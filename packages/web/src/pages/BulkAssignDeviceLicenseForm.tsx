import { useState, type FormEvent } from 'react';
import type { BulkAssigned, BulkAssignment, Device, DeviceLicenseRow } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useDryRun } from '../hooks/useDryRun';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { calendarDayText } from '../lib/dates';
import { termText } from '../lib/devices';
import { fieldError } from '../lib/form';

type Order = BulkAssignment['auto'];

interface BulkAssignDeviceLicenseFormProps {
  tenantId: string;
  devices: readonly Device[];
  onAssigned: (result: BulkAssigned) => void;
  onCancel: () => void;
}

/** The pool's licenses an automatic pick draws from: the category asked for, else the first one in the order (as the server picks). */
function matching(pool: readonly DeviceLicenseRow[], order: Order, category: string): DeviceLicenseRow[] {
  const sorted = [...pool].sort((a, b) => (order === 'shortest' ? a.termDays - b.termDays : b.termDays - a.termDays) || a.id.localeCompare(b.id));
  const chosen = category === '' ? sorted[0]?.category : category;
  return sorted.filter((l) => l.category === chosen);
}

/**
 * LANCOM's "Assign licenses" for the selected devices: a default assignment (shortest or longest term
 * first, so many licenses per device, one category) made for all of them at once, or for none.
 */
export function BulkAssignDeviceLicenseForm({ tenantId, devices, onAssigned, onCancel }: BulkAssignDeviceLicenseFormProps) {
  const pool = useLoad(`device-pool:${tenantId}`, () => ok(api.GET('/v1/tenants/{t}/device-licenses', { params: { path: { t: tenantId }, query: { state: 'available', limit: 500 } } })));
  const available = pool.data?.items ?? [];
  const categories = [...new Set(available.map((l) => l.category))].sort();
  const [order, setOrder] = useState<Order>('shortest');
  const [count, setCount] = useState('1');
  const [category, setCategory] = useState('');
  const submit = useSubmit();

  const perDevice = Math.max(0, Math.floor(Number(count)) || 0);
  const needed = perDevice * devices.length;
  const candidates = matching(available, order, category);
  const taken = candidates.slice(0, needed);
  const short = !pool.loading && taken.length < needed;
  const terms = [...new Set(taken.map((l) => l.termDays))].map(termText).join(', ');

  const body: BulkAssignment = { deviceIds: devices.map((d) => d.id), auto: order, count: perDevice, ...(category !== '' && { category }) };
  const assign = (dryRun: boolean) => ok(api.POST('/v1/tenants/{t}/device-assignments', { params: { path: { t: tenantId }, query: { dryRun } }, body }));
  // Each device's new end is the server's: the assignment as a dry run (it also names a refusal, such as a device of another category).
  const preview = useDryRun(pool.loading || needed === 0 || short ? null : JSON.stringify(body), () => assign(true));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onAssigned(await assign(false)));
  };

  const problem = submit.problem;
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Assign licenses to the selected devices">
      <ProblemBanner problem={pool.problem} context="Could not load the pool" />
      {fieldError(problem, 'count') === undefined && <ProblemBanner problem={problem} context="Could not assign" />}
      <p className="muted dialog-lead">Each device gets the same number of licenses of one category. A device that runs a license gets the new term added to its end; the others start today.</p>
      <ul className="chips chip-list" aria-label="Selected devices">
        {devices.map((device) => (
          <li key={device.id} className="chip">
            {device.name}
          </li>
        ))}
      </ul>
      <div className="form-grid">
        <Field label="Preferably assign">
          <select name="auto" value={order} onChange={(e) => setOrder(e.target.value === 'longest' ? 'longest' : 'shortest')}>
            <option value="shortest">Shortest term first</option>
            <option value="longest">Longest term first</option>
          </select>
        </Field>
        <Field label="Licenses per device" error={fieldError(problem, 'count')}>
          <input name="count" type="number" min={1} max={10} step={1} required value={count} onChange={(e) => setCount(e.target.value)} />
        </Field>
        <Field label="Category" hint={categories.length === 0 && !pool.loading ? 'The pool is empty' : undefined}>
          <select name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{categories.length === 0 ? 'Any category' : `Any (first in the pool: ${candidates[0]?.category ?? '—'})`}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className={`banner ${short || preview.problem !== null ? 'banner-warning' : 'banner-info'} assign-preview`} aria-busy={preview.pending}>
        <span data-testid="bulk-assign-preview">
          {pool.loading
            ? 'Loading the pool…'
            : short
              ? `${devices.length} ${devices.length === 1 ? 'device needs' : 'devices need'} ${needed} ${needed === 1 ? 'license' : 'licenses'}; the pool holds ${candidates.length} that match.`
              : preview.problem !== null
                ? preview.problem.detail
                : `Takes ${needed} ${needed === 1 ? 'license' : 'licenses'} (${terms}) from the pool: ${perDevice} for each of ${devices.length} ${devices.length === 1 ? 'device' : 'devices'}.`}
        </span>
        {!short && preview.data !== null && preview.problem === null && (
          <ul className="chip-list assign-ends" aria-label="Valid until">
            {preview.data.devices.map((device) => (
              <li key={device.id}>
                {device.name}: valid until {device.validUntil === null ? '—' : calendarDayText(device.validUntil)}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy || pool.loading || needed === 0 || short || preview.problem !== null}>
          Assign licenses
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
