import type { Detached, Device } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { calendarDayText } from '../lib/dates';
import { detachDeduction, detachPreview } from '../lib/devices';

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
 * originals) with the remaining time, which is explained before anything changes.
 */
export function DetachDeviceLicenseForm({ tenantId, device, today, onDetached, onCancel }: DetachDeviceLicenseFormProps) {
  const submit = useSubmit();
  const until = device.validUntil ?? today;
  const { daysToEnd, remaining } = detachPreview(today, until);
  const detach = () => void submit.run(async () => onDetached(await ok(api.DELETE('/v1/tenants/{t}/devices/{d}/license', { params: { path: { t: tenantId, d: device.id } } }))));
  return (
    <div className="form">
      <ProblemBanner problem={submit.problem} context="Could not detach" />
      <p>
        {device.name} runs one cumulative license, valid until <strong>{calendarDayText(until)}</strong>. Detaching releases it; its remaining time goes back to the pool as one
        license, not as the licenses it was made of.
      </p>
      <table className="calc" aria-label="Remaining time">
        <tbody>
          <tr>
            <th scope="row">
              Days from today ({calendarDayText(today)}) to {calendarDayText(until)}
            </th>
            <td className="cell-number">{daysToEnd}</td>
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
              {remaining} {remaining === 1 ? 'day' : 'days'}
            </td>
          </tr>
        </tbody>
      </table>
      {daysToEnd - detachDeduction <= 0 && <div className="banner banner-warning">No time is left to return: the license is released and nothing goes back to the pool.</div>}
      <div className="form-actions">
        <button type="button" className="button button-danger" onClick={detach} disabled={submit.busy}>
          Detach
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
