import { useState, type FormEvent } from 'react';
import type { MembershipChange } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { searchUsers } from '../api/pickers';
import { CheckboxPicker } from '../components/CheckboxPicker';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import type { PickerOption } from '../lib/picker';

interface AddMembersFormProps {
  tenantId: string;
  groupId: string;
  /** Bumped by the page whenever membership changes, so the matches mark the new members. */
  version: number;
  onAdded: (change: MembershipChange) => void;
}

export function AddMembersForm({ tenantId, groupId, version, onAdded }: AddMembersFormProps) {
  const [chosen, setChosen] = useState<PickerOption[]>([]);
  const submit = useSubmit();
  // Members are shown but cannot be chosen: the members matching the same search, asked with the page.
  // (Beyond 500 such members some go unmarked; adding them again changes nothing and is reported.)
  const search = searchUsers(tenantId, async (q) => {
    const members = await ok(api.GET('/v1/tenants/{t}/users', { params: { path: { t: tenantId }, query: { q, groupId, limit: 500 } } }));
    const ids = new Set(members.items.map((user) => user.id));
    return (user) => (ids.has(user.id) ? 'Member already' : undefined);
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) return;
    void submit.run(async () => {
      onAdded(await ok(api.POST('/v1/tenants/{t}/groups/{id}/members', { params: { path: { t: tenantId, id: groupId } }, body: { userIds: chosen.map((option) => option.id) } })));
      setChosen([]);
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add members">
      {/* A group linked to a full license refuses new members with 409 seat_limit. */}
      <SeatProblemBanner problem={submit.problem} context="Could not add members" nameOf={(id) => chosen.find((option) => option.id === id)?.detail ?? id} />
      <CheckboxPicker
        label="Users to add"
        noun={['user', 'users']}
        hint="Search by name or e-mail; ↓ to the matches, Space to choose"
        search={search}
        sourceKey={`members:${tenantId}:${groupId}:${version}`}
        chosen={chosen}
        onChange={(options) => {
          setChosen(options);
          submit.clear();
        }}
        max={1000}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy || chosen.length === 0}>
          Add to group
        </button>
      </div>
    </form>
  );
}
