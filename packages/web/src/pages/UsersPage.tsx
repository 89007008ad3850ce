import { useState } from 'react';
import type { ListedUser, Role } from '@allot/sdk/openapi';
import { api, ok, href } from '../api/client';
import { Badge } from '../components/Badge';
import { Link } from '../components/Link';
import { ConfirmButton } from '../components/ConfirmButton';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { RoleBadges } from '../components/RoleBadges';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { allRoles, formatInstant, roleLabel } from '../lib/format';
import { routes } from '../lib/router';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { AssignLicenseDialog } from './AssignLicenseDialog';
import { EditUserForm } from './EditUserForm';
import { NewUserForm } from './NewUserForm';

function isRole(value: string): value is Role {
  return (allRoles as readonly string[]).includes(value);
}

export function UsersPage() {
  const { tenant } = useTenant();
  const { can, session } = useSession();
  const mayManage = can('users.manage');
  const mayAssign = can('licenses.manage');
  const [role, setRole] = useState<Role | ''>('');
  const [query, setQuery] = useState('');
  const [assigning, setAssigning] = useState<ListedUser | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const removal = useSubmit();
  const filter = { role: role === '' ? undefined : role, q: query.trim() };
  const list = usePagedList([tenant.id, filter], (page) => ok(api.GET('/v1/tenants/{t}/users', { params: { path: { t: tenant.id }, query: { ...filter, ...page } } })));

  const remove = (user: ListedUser) =>
    removal.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/users/{id}', { params: { path: { t: tenant.id, id: user.id } } }));
      setNotice(`Deleted ${user.email}.`);
      list.reload();
    });

  const columns: Column<ListedUser>[] = [
    {
      header: 'User',
      cell: (user) => (
        <div className="cell-stack">
          <span className="strong">{user.name}</span>
          <span className="muted">{user.email}</span>
        </div>
      ),
    },
    { header: 'Roles', cell: (user) => <RoleBadges roles={user.roles} /> },
    {
      header: 'Licenses',
      cell: (user) => (
        <div className="cell-stack cell-licenses">
          {user.seats.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <span className="badge-list">
              {user.seats.map((seat) => (
                <Link key={seat.licenseId} to={routes.license(tenant.id, seat.licenseId)} className="badge badge-accent" title={seat.direct ? 'Assigned directly' : 'Through a linked group'}>
                  {seat.code}
                  {!seat.direct && ' (group)'}
                </Link>
              ))}
            </span>
          )}
          {mayAssign && (
            <span>
              <button type="button" className="button button-small" aria-label={`Assign a license to ${user.email}`} onClick={() => setAssigning(user)}>
                Assign license
              </button>
            </span>
          )}
        </div>
      ),
    },
    {
      header: 'Certified',
      cell: (user) =>
        user.certifiedProfessional ? (
          <Badge tone="success" title="Uses licensed products without consuming a slot">
            Certified professional
          </Badge>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { header: 'Console login', cell: (user) => (user.hasPassword ? 'Password set' : <span className="muted">No password</span>) },
    { header: 'Created', cell: (user) => formatInstant(user.createdAt, tenant.timeZone) },
  ];
  if (mayManage) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (user) => (
        <span className="row-actions">
          <button type="button" className="button button-small" onClick={() => setEditing(editing === user.id ? null : user.id)}>
            {editing === user.id ? 'Close' : 'Edit'}
          </button>
          {user.id !== session.userId && <ConfirmButton label="Delete" onConfirm={() => remove(user)} busy={removal.busy} />}
        </span>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title="Users"
        description="People of this tenant, their roles, the licenses they hold a seat of, and whether they may log in to the console."
        actions={
          <>
            <a className="button" href={href('/v1/tenants/{t}/users', { path: { t: tenant.id }, query: { ...filter, format: 'csv', limit: 500 } })} download="users.csv">
              Download CSV
            </a>
            {mayManage && !creating && (
              <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
                New user
              </button>
            )}
          </>
        }
      />
      {creating && (
        <Panel focusFirstField title="New user">
          <NewUserForm
            onCreated={(user) => {
              setCreating(false);
              setNotice(`Created ${user.email}.`);
              list.reload();
            }}
            onCancel={() => setCreating(false)}
          />
        </Panel>
      )}
      {assigning !== null && (
        <AssignLicenseDialog
          tenantId={tenant.id}
          user={assigning}
          onAssigned={(message) => {
            setAssigning(null);
            setNotice(message);
            list.reload();
          }}
          onClose={() => setAssigning(null)}
        />
      )}
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      <Panel>
        <div className="toolbar">
          <label className="inline-field">
            <span>Role</span>
            <select value={role} onChange={(e) => setRole(isRole(e.target.value) ? e.target.value : '')}>
              <option value="">All roles</option>
              {allRoles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>Search</span>
            <input type="search" placeholder="name or e-mail" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
        </div>
        <ProblemBanner problem={list.problem ?? removal.problem} />
        <Table
          label="Users"
          columns={columns}
          rows={list.items}
          rowKey={(user) => user.id}
          loading={list.loading}
          empty="No users match."
          expanded={(user) =>
            editing === user.id ? (
              <EditUserForm
                tenantId={tenant.id}
                user={user}
                self={user.id === session.userId}
                onSaved={(saved) => {
                  setEditing(null);
                  setNotice(`Saved ${saved.email}.`);
                  list.reload();
                }}
                onCancel={() => setEditing(null)}
              />
            ) : null
          }
        />
        <Pager list={list} />
      </Panel>
    </>
  );
}
