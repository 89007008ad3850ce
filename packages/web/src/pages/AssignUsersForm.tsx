import { useState, type FormEvent } from 'react';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { SeatPreview } from '../components/SeatPreview';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import type { Directory } from '../hooks/useDirectory';
import { useLoad } from '../hooks/useLoad';
import { useSeatChange } from '../hooks/useSeatChange';

interface AssignUsersFormProps {
  tenantId: string;
  licenseId: string;
  directory: Directory;
  version: number;
  onChanged: (message: string) => void;
}

function typedIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/** Picks users, previews the assignment with a dry run, and assigns on Confirm. */
export function AssignUsersForm({ tenantId, licenseId, directory, version, onChanged }: AssignUsersFormProps) {
  // Users with a direct seat already are left out of the choices.
  const holders = useLoad(`direct-seats:${licenseId}:${version}`, () => ok(api.GET('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: { limit: 500 } } })));
  const direct = new Set(holders.data?.items.filter((h) => h.direct).map((h) => h.userId) ?? []);
  const choices = directory.users.filter((user) => !direct.has(user.id));
  const [selected, setSelected] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const flow = useSeatChange((outcome) => {
    setSelected([]);
    setTyped('');
    const added = outcome.added.map(directory.userLabel).join(', ');
    onChanged(outcome.added.length === 0 ? 'Assigned: everyone held a seat already.' : `Assigned a seat to ${added}.`);
  });

  const userIds = [...new Set([...selected, ...typedIds(typed)])];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (userIds.length === 0) return;
    const body = { userIds };
    void flow.preview(`assign ${userIds.length} ${userIds.length === 1 ? 'user' : 'users'}`, (dryRun) =>
      ok(api.POST('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: { dryRun } }, body })),
    );
  };
  // A new pick makes the preview stale.
  const pick = (ids: string[]) => {
    setSelected(ids);
    flow.cancel();
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Assign users">
      <ProblemBanner problem={directory.problem ?? holders.problem} context="Could not load users" />
      <div className="form-grid">
        <Field wide label="Users to assign" hint={choices.length === 0 ? 'Every user holds a direct seat already' : 'Hold Ctrl or ⌘ to pick several'}>
          <select name="userIds" multiple size={Math.min(8, Math.max(3, choices.length))} value={selected} onChange={(e) => pick([...e.target.selectedOptions].map((o) => o.value))}>
            {choices.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} — {user.email}
              </option>
            ))}
          </select>
        </Field>
        {!directory.complete && (
          <Field label="Or user ids" hint="Separated by spaces or commas">
            <input name="typedIds" className="mono" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </Field>
        )}
      </div>
      <SeatProblemBanner problem={flow.problem} context="Could not assign seats" nameOf={directory.userLabel} />
      {flow.pending !== null && (
        <SeatPreview change={flow.pending} userLabel={directory.userLabel} busy={flow.busy} onConfirm={() => void flow.confirm()} onCancel={flow.cancel} />
      )}
      {flow.pending === null && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={flow.busy || userIds.length === 0}>
            Preview assignment
          </button>
        </div>
      )}
    </form>
  );
}
