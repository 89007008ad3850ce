import { useState, type FormEvent } from 'react';
import type { Assignment, Device, DeviceLicenseRow } from '@allot/sdk/openapi';
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
  onAssigned: (device: Device, days: number) => void;
  onCancel: () => void;
}

/** The licenses an automatic pick takes, as the server picks them: by term, then by id. */
function autoPick(pool: readonly DeviceLicenseRow[], order: PickOrder, category: string, count: number): DeviceLicenseRow[] {
  return pool
    .filter((l) => category === '' || l.category === category)
    .sort((a, b) => (order === 'shortest' ? a.termDays - b.termDays : b.termDays - a.termDays) || a.id.localeCompare(b.id))
    .slice(0, count);
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
  const chosen = mode === 'auto' ? autoPick(available, order, category, Math.max(0, Math.floor(Number(count)) || 0)) : available.filter((l) => picked.includes(l.id));
  const days = chosen.reduce((sum, l) => sum + l.termDays, 0);
  const wanted = mode === 'auto' ? Number(count) : picked.length;
  const short = mode === 'auto' && chosen.length < wanted;

  const body: Assignment = mode === 'auto' ? { auto: order, count: Number(count), ...(category !== '' && { category }) } : { deviceLicenseIds: picked };
  const assign = (dryRun: boolean) => ok(api.POST('/v1/tenants/{t}/devices/{d}/license', { params: { path: { t: tenantId, d: device.id }, query: { dryRun } }, body }));
  // The end date is the server's (its calendar rule, in the tenant's zone): the assignment as a dry run.
  const preview = useDryRun(chosen.length === 0 || short ? null : JSON.stringify(body), () => assign(true));
  const until = preview.data?.validUntil ?? null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onAssigned(await assign(false), days));
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
      <div className={`banner ${short || preview.problem !== null ? 'banner-warning' : 'banner-info'} assign-preview`} data-testid="assign-preview" aria-busy={preview.pending}>
        {chosen.length === 0
          ? short
            ? 'No license in the pool matches.'
            : 'Choose at least one license.'
          : short
            ? `Only ${chosen.length} of ${wanted} match.`
            : preview.problem !== null
              ? preview.problem.detail
              : `Takes ${chosen.length} ${chosen.length === 1 ? 'license' : 'licenses'}, ${days} days: valid until ${until === null ? '…' : calendarDayText(until)}.`}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy || chosen.length === 0 || short || preview.problem !== null}>
          Assign licenses
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
