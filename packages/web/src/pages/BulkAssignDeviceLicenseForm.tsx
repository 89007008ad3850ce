import { useState, type FormEvent } from 'react';
import type { BulkAssigned, BulkAssignment, Device } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { ProblemBanner } from '../components/ProblemBanner';
import { useDryRun } from '../hooks/useDryRun';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { calendarDayText } from '../lib/dates';
import { fieldError } from '../lib/form';
import { AutoPickFields, type PickOrder } from './AutoPickFields';


interface BulkAssignDeviceLicenseFormProps {
  tenantId: string;
  devices: readonly Device[];
  onAssigned: (result: BulkAssigned) => void;
  onCancel: () => void;
}

/**
 * LANCOM's "Assign licenses" for the selected devices: a default assignment (shortest or longest term
 * first, so many licenses per device, one category) made for all of them at once, or for none.
 * What it would take and where each device would end are the server's answer to a dry run.
 */
export function BulkAssignDeviceLicenseForm({ tenantId, devices, onAssigned, onCancel }: BulkAssignDeviceLicenseFormProps) {
  const pool = useLoad(`device-pool:${tenantId}`, () => ok(api.GET('/v1/tenants/{t}/device-licenses', { params: { path: { t: tenantId }, query: { state: 'available', limit: 500 } } })));
  const available = pool.data?.items ?? [];
  const categories = [...new Set(available.map((l) => l.category))].sort();
  const [order, setOrder] = useState<PickOrder>('shortest');
  const [count, setCount] = useState('1');
  const [category, setCategory] = useState('');
  const submit = useSubmit();

  const perDevice = Math.max(0, Math.floor(Number(count)) || 0);
  const needed = perDevice * devices.length;

  const body: BulkAssignment = { deviceIds: devices.map((d) => d.id), auto: order, count: perDevice, ...(category !== '' && { category }) };
  const assign = (dryRun: boolean) => ok(api.POST('/v1/tenants/{t}/device-assignments', { params: { path: { t: tenantId }, query: { dryRun } }, body }));
  // The assignment as a dry run: each device's new end, or the refusal (too few in the pool, a device of another category).
  const preview = useDryRun(needed === 0 ? null : JSON.stringify(body), () => assign(true));
  const refused = preview.problem !== null;

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
      <AutoPickFields
        order={order}
        onOrder={setOrder}
        count={count}
        onCount={setCount}
        countLabel="Licenses per device"
        maxCount={10}
        category={category}
        onCategory={setCategory}
        categories={categories}
        poolLoading={pool.loading}
        problem={problem}
      />
      <div className={`banner ${refused ? 'banner-warning' : 'banner-info'} assign-preview`} aria-busy={preview.pending}>
        <span data-testid="bulk-assign-preview">
          {preview.problem !== null
            ? preview.problem.detail
            : preview.data === null
              ? 'Asking the pool…'
              : `Takes ${preview.data.licenses} ${preview.data.licenses === 1 ? 'license' : 'licenses'} from the pool: ${perDevice} for each of ${devices.length} ${devices.length === 1 ? 'device' : 'devices'}.`}
        </span>
        {preview.data !== null && !refused && (
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
        <button type="submit" className="button button-primary" disabled={submit.busy || needed === 0 || preview.pending || refused}>
          Assign licenses
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
