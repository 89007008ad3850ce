import { useState, type FormEvent } from 'react';
import { api, ok } from '../api/client';
import { searchUsers } from '../api/pickers';
import { CheckboxPicker } from '../components/CheckboxPicker';
import { SeatPreview } from '../components/SeatPreview';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import type { Directory } from '../hooks/useDirectory';
import { useSeatChange } from '../hooks/useSeatChange';
import type { PickerOption } from '../lib/picker';

interface AssignUsersFormProps {
  tenantId: string;
  licenseId: string;
  directory: Directory;
  version: number;
  onChanged: (message: string) => void;
}

/** Picks users by searching, previews the assignment with a dry run, and assigns on Confirm. */
export function AssignUsersForm({ tenantId, licenseId, directory, version, onChanged }: AssignUsersFormProps) {
  const [chosen, setChosen] = useState<PickerOption[]>([]);
  // The chosen users are named by the picker even when the directory (one page of users) lacks them.
  const userLabel = (id: string) => chosen.find((option) => option.id === id)?.detail ?? directory.userLabel(id);
  const flow = useSeatChange((outcome) => {
    setChosen([]);
    const added = outcome.added.map(userLabel).join(', ');
    onChanged(outcome.added.length === 0 ? 'Assigned: everyone held a seat already.' : `Assigned a seat to ${added}.`);
  });
  // Users with a direct seat already are shown, but cannot be chosen again.
  const search = searchUsers(tenantId, () => (user) => (user.seats.some((seat) => seat.licenseId === licenseId && seat.direct) ? 'Assigned already' : undefined));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) return;
    const body = { userIds: chosen.map((option) => option.id) };
    void flow.preview(`assign ${chosen.length} ${chosen.length === 1 ? 'user' : 'users'}`, (dryRun) =>
      ok(api.POST('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: { dryRun } }, body })),
    );
  };
  // A new pick makes the preview stale.
  const pick = (options: PickerOption[]) => {
    setChosen(options);
    flow.cancel();
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Assign users">
      <CheckboxPicker
        label="Users to assign"
        noun={['user', 'users']}
        hint="Search by name or e-mail; ↓ to the matches, Space to choose"
        search={search}
        sourceKey={`assign:${tenantId}:${licenseId}:${version}`}
        chosen={chosen}
        onChange={pick}
        max={1000}
      />
      <SeatProblemBanner problem={flow.problem} context="Could not assign seats" nameOf={userLabel} />
      {flow.pending !== null && <SeatPreview change={flow.pending} userLabel={userLabel} busy={flow.busy} onConfirm={() => void flow.confirm()} onCancel={flow.cancel} />}
      {flow.pending === null && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={flow.busy || chosen.length === 0}>
            Preview assignment
          </button>
        </div>
      )}
    </form>
  );
}
