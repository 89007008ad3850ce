import { useState, type FormEvent } from 'react';
import type { AssignedDevice, Assignment, Device } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { ProblemBanner } from '../components/ProblemBanner';
import { useDryRun } from '../hooks/useDryRun';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { calendarDayText } from '../lib/dates';
import { termText } from '../lib/devices';
import { fieldError } from '../lib/form';
import { AutoPickFields, type PickOrder } from './AutoPickFields';

type Mode = 'auto' | 'explicit';

interface AssignDeviceLicenseFormProps {
  tenantId: string;
  device: Device;
  /** The tenant's today, `2024-03-06`. */
  today: string;
  onAssigned: (device: AssignedDevice) => void;
  onCancel: () => void;
}

/**
 * LANCOM's "Assign licenses": pooled licenses chosen one by one, or picked automatically (shortest or
 * longest term first, so many of a category). They combine into one cumulative license whose term is
 * the sum, added to the end of a license the device runs.
 */
export function AssignDeviceLicenseForm({ tenantId, device, today, onAssigned, onCancel }: AssignDeviceLicenseFormProps) {
  const pool = useLoad(`device-pool:${tenantId}`, () => ok(api.GET('/v1/tenants/{t}/device-licenses', { params: { path: { t: tenantId }, query: { state: 'available', limit: 500 } } })));
  const available = pool.data?.items ?? [];
  const categories = [...new Set(available.map((l) => l.category))].sort();
  const [mode, setMode] = useState<Mode>('auto');
  const [order, setOrder] = useState<PickOrder>('shortest');
  const [count, setCount] = useState('1');
  const [category, setCategory] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const submit = useSubmit();

  const running = device.license === 'valid' ? device.validUntil : null;
  const wanted = mode === 'auto' ? Math.floor(Number(count)) || 0 : picked.length;

  const body: Assignment = mode === 'auto' ? { auto: order, count: Number(count), ...(category !== '' && { category }) } : { deviceLicenseIds: picked };
  const assign = (dryRun: boolean) => ok(api.POST('/v1/tenants/{t}/devices/{d}/license', { params: { path: { t: tenantId, d: device.id }, query: { dryRun } }, body }));
  // What it takes and the end date are the server's (its pick, its calendar rule in the tenant's
  // zone): the assignment as a dry run, or its refusal (too few in the pool, another category).
  const preview = useDryRun(wanted <= 0 ? null : JSON.stringify(body), () => assign(true));
  const taken = preview.data?.taken ?? null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onAssigned(await assign(false)));
  };
  const toggle = (id: string, on: boolean) => setPicked(on ? [...picked, id] : picked.filter((p) => p !== id));

  const problem = submit.problem;
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Assign license">
      <ProblemBanner problem={pool.problem} context="Could not load the pool" />
      {fieldError(problem, 'count') === undefined && <ProblemBanner problem={problem} context="Could not assign" />}
      <p className="muted dialog-lead">
        {running !== null
          ? `${device.name} runs a license valid until ${calendarDayText(running)}: the new term is added to its end.`
          : `${device.name} runs no license: the term starts today, ${calendarDayText(today)}.`}
      </p>
      <div className="segmented" role="radiogroup" aria-label="How to choose">
        <button type="button" role="radio" aria-checked={mode === 'auto'} className={mode === 'auto' ? 'is-active' : undefined} onClick={() => setMode('auto')}>
          Automatically
        </button>
        <button type="button" role="radio" aria-checked={mode === 'explicit'} className={mode === 'explicit' ? 'is-active' : undefined} onClick={() => setMode('explicit')}>
          Choose licenses
        </button>
      </div>
      {mode === 'auto' ? (
        <AutoPickFields
          order={order}
          onOrder={setOrder}
          count={count}
          onCount={setCount}
          countLabel="Number of licenses"
          maxCount={100}
          category={category}
          onCategory={setCategory}
          categories={categories}
          poolLoading={pool.loading}
          problem={problem}
        />
      ) : (
        <fieldset>
          <legend className="field-label">Licenses in the pool ({picked.length} chosen)</legend>
          {available.length === 0 ? (
            <p className="muted">{pool.loading ? 'Loading…' : 'The pool is empty: register a license key first.'}</p>
          ) : (
            <div className="pick-list">
              {available.map((l) => (
                <label key={l.id} className="check pick-row">
                  <input type="checkbox" checked={picked.includes(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} />
                  <span className="strong">{l.category}</span>
                  <span>{termText(l.termDays)}</span>
                  <span className="mono muted">{l.key ?? 'remainder'}</span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
      )}
      <div className={`banner ${preview.problem !== null ? 'banner-warning' : 'banner-info'} assign-preview`} data-testid="assign-preview" aria-busy={preview.pending}>
        {wanted <= 0
          ? mode === 'auto'
            ? 'Ask for at least one license.'
            : 'Choose at least one license.'
          : preview.problem !== null
            ? preview.problem.detail
            : taken === null || preview.data === null
              ? 'Asking the pool…'
              : `Takes ${taken.deviceLicenseIds.length} ${taken.deviceLicenseIds.length === 1 ? 'license' : 'licenses'}, ${taken.days} days: valid until ${preview.data.validUntil === null ? '—' : calendarDayText(preview.data.validUntil)}.`}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy || taken === null || preview.problem !== null}>
          Assign licenses
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
