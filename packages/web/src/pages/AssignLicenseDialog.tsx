import { useState, type FormEvent } from 'react';
import type { ListedUser } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { SeatPreview } from '../components/SeatPreview';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { useSeatChange } from '../hooks/useSeatChange';
import { hasSeats, usageText } from '../lib/license';

interface AssignLicenseDialogProps {
  tenantId: string;
  user: ListedUser;
  onAssigned: (message: string) => void;
  onClose: () => void;
}

/** Gives one user a direct seat of a named or solution license: pick it, preview the dry run, confirm. */
export function AssignLicenseDialog({ tenantId, user, onAssigned, onClose }: AssignLicenseDialogProps) {
  const licenses = useLoad(`seat-licenses:${tenantId}`, () => ok(api.GET('/v1/tenants/{t}/licenses', { params: { path: { t: tenantId }, query: { status: 'active', limit: 500 } } })));
  const [licenseId, setLicenseId] = useState('');
  const assigned = new Set(user.seats.filter((seat) => seat.direct).map((seat) => seat.licenseId));
  const choices = (licenses.data?.items ?? []).filter((license) => hasSeats(license) && !assigned.has(license.id));
  const userLabel = (id: string) => (id === user.id ? user.email : id);
  const flow = useSeatChange(() => {
    const license = choices.find((l) => l.id === licenseId);
    onAssigned(`Assigned ${license?.code ?? licenseId} to ${user.email}.`);
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (licenseId === '') return;
    void flow.preview(`assign ${user.email}`, (dryRun) =>
      ok(api.POST('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: { dryRun } }, body: { userIds: [user.id] } })),
    );
  };

  return (
    <Dialog title={`Assign a license to ${user.name}`} description={`${user.email} gets a direct seat. The preview shows what it takes before anything changes.`} onClose={onClose}>
      <form className="form" onSubmit={onSubmit} aria-label="Assign license">
        <ProblemBanner problem={licenses.problem} context="Could not load the licenses" />
        <Field label="License" hint={licenses.data !== null && choices.length === 0 ? 'No active named or solution license left to assign' : 'Active named and solution licenses: used / seats'}>
          <select
            name="licenseId"
            value={licenseId}
            onChange={(event) => {
              setLicenseId(event.target.value);
              flow.cancel();
            }}
          >
            <option value="">Choose a license</option>
            {choices.map((license) => (
              <option key={license.id} value={license.id}>
                {license.code} — {license.name} ({usageText(license)})
              </option>
            ))}
          </select>
        </Field>
        <SeatProblemBanner problem={flow.problem} context="Could not assign the license" nameOf={userLabel} />
        {flow.pending !== null && <SeatPreview change={flow.pending} userLabel={userLabel} busy={flow.busy} onConfirm={() => void flow.confirm()} onCancel={flow.cancel} />}
        {flow.pending === null && (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={flow.busy || licenseId === ''}>
              Preview assignment
            </button>
            <button type="button" className="button button-ghost" onClick={onClose}>
              Cancel
            </button>
          </div>
        )}
      </form>
    </Dialog>
  );
}
