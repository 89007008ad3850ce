import { useState } from 'react';
import type { Group } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { IdText } from '../components/IdText';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { formatInstant } from '../lib/format';
import { navigate, routes } from '../lib/router';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { NewGroupForm } from './NewGroupForm';

export function GroupsPage() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const list = usePagedList([tenant.id], (page) => ok(api.GET('/v1/tenants/{t}/groups', { params: { path: { t: tenant.id }, query: page } })));

  const columns: Column<Group>[] = [
    {
      header: 'Name',
      cell: (group) => (
        <Link to={routes.group(tenant.id, group.id)} className="strong-link">
          {group.name}
        </Link>
      ),
    },
    { header: 'Members', className: 'cell-number', cell: (group) => group.memberCount },
    { header: 'Created', className: 'cell-nowrap', cell: (group) => formatInstant(group.createdAt, tenant.timeZone) },
    { header: 'Id', cell: (group) => <IdText id={group.id} /> },
  ];

  return (
    <>
      <PageHeader
        title="Groups"
        description="Named sets of users; a license linked to a group covers its members."
        actions={
          can('users.manage') &&
          !creating && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New group
            </button>
          )
        }
      />
      {creating && (
        <Panel focusFirstField title="New group">
          <NewGroupForm onCreated={(group) => navigate(routes.group(tenant.id, group.id))} onCancel={() => setCreating(false)} />
        </Panel>
      )}
      <Panel>
        <ProblemBanner problem={list.problem} context="Could not load groups" />
        <Table label="Groups" columns={columns} rows={list.items} rowKey={(group) => group.id} loading={list.loading} empty="No groups yet." />
        <Pager list={list} />
      </Panel>
    </>
  );
}
