import { useState } from 'react';
import type { ExcessUse, License } from '@allot/sdk/openapi';
import { api, ok, href } from '../api/client';
import { Badge } from '../components/Badge';
import { IdText } from '../components/IdText';
import { Link } from '../components/Link';
import { Moment } from '../components/Moment';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useCatalogModules } from '../hooks/useCatalogModules';
import { useDirectory } from '../hooks/useDirectory';
import { useLoad } from '../hooks/useLoad';
import { useNow } from '../hooks/useNow';
import { usePagedList } from '../hooks/usePagedList';
import { routes } from '../lib/router';
import { tenantNowMs } from '../lib/sessions';
import { useTenant } from '../lib/tenant';
import { UsageFilters, noUsageFilter, type UsageFilter } from './UsageFilters';
import { UserCell } from './UserCell';

/** Planon's "Grace period – excess license usage": every session admitted beyond a license's maximum. */
export function ExcessUsagePage() {
  const { tenant } = useTenant();
  const [filter, setFilter] = useState<UsageFilter>(noUsageFilter);
  const list = usePagedList([tenant.id, filter], (page) => ok(api.GET('/v1/tenants/{t}/logs/excess', { params: { path: { t: tenant.id }, query: { ...filter, ...page } } })));
  const directory = useDirectory(tenant.id);
  const catalog = useCatalogModules();
  const nowMs = tenantNowMs(tenant, useNow(60_000));
  const licenses = useLoad(`concurrent-licenses:${tenant.id}`, () => ok(api.GET('/v1/tenants/{t}/licenses', { params: { path: { t: tenant.id }, query: { model: 'concurrent', limit: 500 } } })));

  const columns: Column<ExcessUse>[] = [
    { header: 'Time', className: 'cell-nowrap', cell: (use) => <Moment iso={use.at} timeZone={tenant.timeZone} nowMs={nowMs} /> },
    {
      header: 'License',
      className: 'cell-nowrap',
      cell: (use) =>
        use.licenseId === null ? (
          <span className="mono">{use.licenseCode}</span>
        ) : (
          <Link to={routes.license(tenant.id, use.licenseId)} className="mono">
            {use.licenseCode}
          </Link>
        ),
    },
    { header: 'User', cell: (use) => <UserCell userId={use.userId} directory={directory} /> },
    { header: 'Module', cell: (use) => <span className="mono">{use.module}</span> },
    {
      header: 'Excess users',
      className: 'cell-number',
      cell: (use) => (
        <Badge tone="warning" title={`${use.excessUsers} beyond the maximum of ${use.licensedMaximum}, with this session`}>
          +{use.excessUsers}
        </Badge>
      ),
    },
    { header: 'Maximum', className: 'cell-number', cell: (use) => <span title="Concurrent users the license allows">{use.licensedMaximum}</span> },
    { header: 'Session', cell: (use) => (use.sessionId === null ? <span className="muted">—</span> : <IdText id={use.sessionId} />) },
  ];

  return (
    <>
      <PageHeader
        title="Excess usage"
        description="Sessions admitted beyond a concurrent license's maximum during a grace period, newest first: whether the tenant needs more concurrent users."
        actions={
          <a className="button" href={href('/v1/tenants/{t}/logs/excess', { path: { t: tenant.id }, query: { ...filter, format: 'csv', limit: 500 } })} download="excess-usage.csv">
            Download CSV
          </a>
        }
      />
      <Panel>
        <UsageFilters users={directory.users} moduleRefs={catalog.refs} licenses={licenses.data?.items ?? []} onApply={setFilter} label="Excess usage filters" />
      </Panel>
      <Panel
        title="Excess-usage log"
        label="Excess-usage log"
        description={`Times in ${tenant.timeZone}; the number of excess users counts this session.`}
        actions={
          <button type="button" className="button button-small" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        }
      >
        <ProblemBanner problem={list.problem} context="Could not load the excess-usage log" />
        <Table label="Excess usage" columns={columns} rows={list.items} rowKey={(use) => use.id} loading={list.loading} empty="No excess usage: no session went beyond a license's maximum." />
        <Pager list={list} />
      </Panel>
    </>
  );
}
