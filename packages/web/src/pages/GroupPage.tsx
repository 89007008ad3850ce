import { useState, type FormEvent } from 'react';
import type { Group, User } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { RoleBadges } from '../components/RoleBadges';
import { Table, type Column } from '../components/Table';
import { useLoad } from '../hooks/useLoad';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError } from '../lib/form';
import { navigate, routes } from '../lib/router';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { AddMembersForm } from './AddMembersForm';

function RenameGroupForm({ group, onSaved, onCancel }: { group: Group; onSaved: (group: Group) => void; onCancel: () => void }) {
  const [name, setName] = useState(group.name);
  const submit = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onSaved(await ok(api.PATCH('/v1/tenants/{t}/groups/{id}', { params: { path: { t: group.tenantId, id: group.id } }, body: { name: name.trim() } }))));
  };
  return (
    <form className="form-inline" onSubmit={onSubmit} aria-label="Rename group">
      <Field label="Group name" error={fieldError(submit.problem, 'name') ?? submit.problem?.detail}>
        <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <button type="submit" className="button button-primary" disabled={submit.busy}>
        Save
      </button>
      <button type="button" className="button button-ghost" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

export function GroupPage({ groupId }: { groupId: string }) {
  const { tenant } = useTenant();
  const { can } = useSession();
  const mayManage = can('users.manage');
  const group = useLoad<Group>(`group:${groupId}`, () => ok(api.GET('/v1/tenants/{t}/groups/{id}', { params: { path: { t: tenant.id, id: groupId } } })));
  const members = usePagedList([tenant.id, groupId], (page) => ok(api.GET('/v1/tenants/{t}/groups/{id}/members', { params: { path: { t: tenant.id, id: groupId }, query: page } })));
  const [version, setVersion] = useState(0);
  const [renaming, setRenaming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const change = useSubmit();

  const changed = (message: string) => {
    setNotice(message);
    setVersion((n) => n + 1);
    members.reload();
    group.reload();
  };
  const removeMember = (user: User) =>
    change.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/groups/{id}/members/{userId}', { params: { path: { t: tenant.id, id: groupId, userId: user.id } } }));
      changed(`Removed ${user.email} from the group.`);
    });
  const removeGroup = () =>
    change.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/groups/{id}', { params: { path: { t: tenant.id, id: groupId } } }));
      navigate(routes.groups(tenant.id));
    });

  const columns: Column<User>[] = [
    { header: 'Name', cell: (user) => <span className="strong">{user.name}</span> },
    { header: 'Email', cell: (user) => user.email },
    { header: 'Roles', cell: (user) => <RoleBadges roles={user.roles} /> },
  ];
  if (mayManage) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (user) => <ConfirmButton label="Remove" confirmLabel="Yes, remove" onConfirm={() => removeMember(user)} busy={change.busy} />,
    });
  }

  if (group.data === null) {
    return (
      <>
        <PageHeader title="Group" />
        {group.problem !== null ? <ProblemBanner problem={group.problem} context="Could not load the group" /> : <p className="muted">Loading…</p>}
      </>
    );
  }
  const current = group.data;
  return (
    <>
      <p className="crumbs">
        <Link to={routes.groups(tenant.id)}>Groups</Link> / {current.name}
      </p>
      <PageHeader
        title={current.name}
        description={`${current.memberCount} ${current.memberCount === 1 ? 'member' : 'members'}`}
        actions={
          mayManage &&
          !renaming && (
            <>
              <button type="button" className="button" onClick={() => setRenaming(true)}>
                Rename
              </button>
              <ConfirmButton label="Delete group" onConfirm={removeGroup} busy={change.busy} />
            </>
          )
        }
      />
      {renaming && (
        <Panel focusFirstField title="Rename group">
          <RenameGroupForm
            group={current}
            onSaved={(saved) => {
              setRenaming(false);
              group.setData(saved);
            }}
            onCancel={() => setRenaming(false)}
          />
        </Panel>
      )}
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      <ProblemBanner problem={change.problem} />
      {mayManage && (
        <Panel focusFirstField title="Add members">
          <AddMembersForm
            tenantId={tenant.id}
            groupId={groupId}
            version={version}
            onAdded={(result) =>
              changed(
                `Added ${result.added.length} ${result.added.length === 1 ? 'user' : 'users'}` +
                  (result.alreadyMembers.length > 0 ? `; ${result.alreadyMembers.length} already a member.` : '.'),
              )
            }
          />
        </Panel>
      )}
      <Panel title="Members">
        <ProblemBanner problem={members.problem} context="Could not load members" />
        <Table label="Members" columns={columns} rows={members.items} rowKey={(user) => user.id} loading={members.loading} empty="This group has no members yet." />
        <Pager list={members} />
      </Panel>
    </>
  );
}
