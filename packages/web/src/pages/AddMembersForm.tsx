import { useState, type FormEvent } from 'react';
import type { MembershipChange } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';

interface AddMembersFormProps {
  tenantId: string;
  groupId: string;
  /** Bumped by the page whenever membership changes, so the choices leave out members. */
  version: number;
  onAdded: (change: MembershipChange) => void;
}

// One page of the largest size the API gives; a tenant with more users types the user id instead.
const choiceLimit = 500;

export function AddMembersForm({ tenantId, groupId, version, onAdded }: AddMembersFormProps) {
  const users = useLoad(`choices:${groupId}:${version}`, async () => {
    const [all, members] = await Promise.all([
      ok(api.GET('/v1/tenants/{t}/users', { params: { path: { t: tenantId }, query: { limit: choiceLimit } } })),
      ok(api.GET('/v1/tenants/{t}/groups/{id}/members', { params: { path: { t: tenantId, id: groupId }, query: { limit: choiceLimit } } })),
    ]);
    return { all, members };
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const submit = useSubmit();

  const memberIds = new Set(users.data?.members.items.map((user) => user.id) ?? []);
  const choices = users.data?.all.items.filter((user) => !memberIds.has(user.id)) ?? [];
  const tooMany = users.data !== null && users.data.all.nextCursor !== null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const typedIds = typed
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id !== '');
    const userIds = [...new Set([...selected, ...typedIds])];
    if (userIds.length === 0) return;
    void submit.run(async () => {
      onAdded(await ok(api.POST('/v1/tenants/{t}/groups/{id}/members', { params: { path: { t: tenantId, id: groupId } }, body: { userIds } })));
      setSelected([]);
      setTyped('');
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add members">
      <ProblemBanner problem={users.problem} context="Could not load users" />
      {/* A group linked to a full license refuses new members with 409 seat_limit. */}
      <SeatProblemBanner problem={submit.problem} context="Could not add members" nameOf={(id) => users.data?.all.items.find((user) => user.id === id)?.email ?? id} />
      <div className="form-grid">
        <Field wide label="Users to add" hint={choices.length === 0 ? 'Every user is a member already' : 'Hold Ctrl or ⌘ to pick several'}>
          <select
            name="userIds"
            multiple
            size={Math.min(8, Math.max(3, choices.length))}
            value={selected}
            onChange={(e) => setSelected([...e.target.selectedOptions].map((option) => option.value))}
          >
            {choices.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} — {user.email}
              </option>
            ))}
          </select>
        </Field>
        {tooMany && (
          <Field label="Or user ids" hint="Separated by spaces or commas" error={undefined}>
            <input name="typedIds" className="mono" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </Field>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy || (selected.length === 0 && typed.trim() === '')}>
          Add to group
        </button>
      </div>
    </form>
  );
}
