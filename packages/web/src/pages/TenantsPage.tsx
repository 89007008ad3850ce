import { useState } from 'react';
import type { Tenant, TenantMode } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { IdText } from '../components/IdText';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { formatInstant, tenantStatusLabel } from '../lib/format';
import { navigate, routes } from '../lib/router';
import { useSession } from '../lib/session';
import { NewTenantForm } from './NewTenantForm';

const columns: Column<Tenant>[] = [
  {
    header: 'Name',
    cell: (tenant) => (
      <Link to={routes.tenant(tenant.id)} className="strong-link">
        {tenant.name}
      </Link>
    ),
  },
  { header: 'Customer code', className: 'cell-nowrap', cell: (tenant) => <span className="mono">{tenant.customerCode}</span> },
  {
    header: 'Mode',
    cell: (tenant) => (tenant.mode === 'sandbox' ? <Badge tone="warning">Sandbox</Badge> : <Badge tone="success">Live</Badge>),
  },
  { header: 'Status', cell: (tenant) => <Badge tone={tenant.status === 'demo' ? 'info' : 'neutral'}>{tenantStatusLabel(tenant.status)}</Badge> },
  { header: 'Time zone', cell: (tenant) => tenant.timeZone },
  { header: 'Test clock', className: 'cell-nowrap', cell: (tenant) => (tenant.clock === null ? <span className="muted">real time</span> : formatInstant(tenant.clock, tenant.timeZone)) },
  { header: 'Id', cell: (tenant) => <IdText id={tenant.id} /> },
];

export function TenantsPage() {
  const { can } = useSession();
  const [mode, setMode] = useState<TenantMode | ''>('');
  const [creating, setCreating] = useState(false);
  const list = usePagedList([mode], (page) => ok(api.GET('/v1/tenants', { params: { query: { mode: mode === '' ? undefined : mode, ...page } } })));

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Customer organisations, each with its own users, licenses and audit trail."
        actions={
          can('vendor.manage') &&
          !creating && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New tenant
            </button>
          )
        }
      />
      {creating && (
        <Panel focusFirstField title="New tenant">
          <NewTenantForm onCreated={(tenant) => navigate(routes.tenant(tenant.id))} onCancel={() => setCreating(false)} />
        </Panel>
      )}
      <Panel>
        <div className="toolbar">
          <label className="inline-field">
            <span>Mode</span>
            <select value={mode} onChange={(e) => setMode(e.target.value === 'live' || e.target.value === 'sandbox' ? e.target.value : '')}>
              <option value="">All</option>
              <option value="live">Live</option>
              <option value="sandbox">Sandbox</option>
            </select>
          </label>
        </div>
        <ProblemBanner problem={list.problem} context="Could not load tenants" />
        <Table label="Tenants" columns={columns} rows={list.items} rowKey={(tenant) => tenant.id} loading={list.loading} empty="No tenants yet. Create the first one." />
        <Pager list={list} />
      </Panel>
    </>
  );
}
