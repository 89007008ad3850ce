import type { Detached, Device } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { ProblemBanner } from '../components/ProblemBanner';
import { useDryRun } from '../hooks/useDryRun';
import { useSubmit } from '../hooks/useSubmit';
import { calendarDayText } from '../lib/dates';

interface DetachDeviceLicenseFormProps {
  tenantId: string;
  device: Device;
  /** The tenant's today, `2024-03-06`, read fresh when the dialog opened. */
  today: string;
  onDetached: (detached: Detached) => void;
  onCancel: () => void;
}

/**
 * LANCOM's "Detach": the device's cumulative license goes back to the pool as one license (not the
 * originals) with the remaining time, which is explained before anything changes: the figures are
 * the server's, from the detach as a dry run.
 */
export function DetachDeviceLicenseForm({ tenantId, device, today, onDetached, onCancel }: DetachDeviceLicenseFormProps) {
  const submit = useSubmit();
  const until = device.validUntil ?? today;
  const run = (dryRun: boolean) => ok(api.DELETE('/v1/tenants/{t}/devices/{d}/license', { params: { path: { t: tenantId, d: device.id }, query: { dryRun } } }));
  const preview = useDryRun(`detach:${device.id}:${today}`, () => run(true), 0);
  const figures = preview.data;
  const detach = () => void submit.run(async () => onDetached(await run(false)));
  return (
    <div className="form">
      <ProblemBanner problem={submit.problem ?? preview.problem} context="Could not detach" />
      <p>
        {device.name} runs one cumulative license, valid until <strong>{calendarDayText(until)}</strong>. Detaching releases it; its remaining time goes back to the pool as one
        license, not as the licenses it was made of.
      </p>
      <table className={`calc${preview.pending ? ' is-stale' : ''}`} aria-label="Remaining time" aria-busy={preview.pending}>
        <tbody>
          <tr>
            <th scope="row">
              Days from today ({calendarDayText(today)}) to {calendarDayText(until)}
            </th>
            <td className="cell-number">{figures?.daysToEnd ?? '…'}</td>
          </tr>
          <tr>
            <th scope="row">Today counts as used</th>
            <td className="cell-number">− 1</td>
          </tr>
          <tr>
            <th scope="row">The moment is rounded up to 00:00 tomorrow</th>
            <td className="cell-number">− 1</td>
          </tr>
          <tr>
            <th scope="row">One more day is deducted</th>
            <td className="cell-number">− 1</td>
          </tr>
          <tr className="calc-total">
            <th scope="row">Back to the pool</th>
            <td className="cell-number" data-testid="detach-preview">
              {figures === null ? '…' : `${figures.remainingDays} ${figures.remainingDays === 1 ? 'day' : 'days'}`}
            </td>
          </tr>
        </tbody>
      </table>
      {figures !== null && figures.returned === null && <div className="banner banner-warning">No time is left to return: the license is released and nothing goes back to the pool.</div>}
      <div className="form-actions">
        <button type="button" className="button button-danger" onClick={detach} disabled={submit.busy || preview.problem !== null}>
          Detach
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
