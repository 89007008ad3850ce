import { useState } from 'react';
import type { Denial, License } from '@allot/sdk/openapi';
import { api, ok, href } from '../api/client';
import { Badge } from '../components/Badge';
import { IdText } from '../components/IdText';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useDirectory } from '../hooks/useDirectory';
import { useLoad } from '../hooks/useLoad';
import { usePagedList } from '../hooks/usePagedList';
import { accessCodeLabel, accessCodeMeaning, accessCodeTone } from '../lib/access';
import { formatInstant } from '../lib/format';
import { routes } from '../lib/router';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { DeniedFilters, noDeniedFilter, type DeniedFilter } from './DeniedFilters';
import { TestAccessPanel } from './TestAccessPanel';

/** Every refused access check of the tenant, newest first (SPEC 5), and a panel to run one. */
export function DeniedAccessPage() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const [filter, setFilter] = useState<DeniedFilter>(noDeniedFilter);
  const list = usePagedList([tenant.id, filter], (page) => ok(api.GET('/v1/tenants/{t}/logs/denied', { params: { path: { t: tenant.id }, query: { ...filter, ...page } } })));
  const directory = useDirectory(tenant.id);
  const licenses = useLoad(`denied-licenses:${tenant.id}`, () => ok(api.GET('/v1/tenants/{t}/licenses', { params: { path: { t: tenant.id }, query: { limit: 500 } } })));
  const licenseCode = (id: string) => licenses.data?.items.find((l) => l.id === id)?.code;

  const columns: Column<Denial>[] = [
    { header: 'Time', className: 'cell-nowrap', cell: (denial) => <time dateTime={denial.at}>{formatInstant(denial.at, tenant.timeZone)}</time> },
    {
      header: 'User',
      cell: (denial) => {
        const email = directory.userLabel(denial.userId);
        return email === denial.userId ? <IdText id={denial.userId} /> : <span title={denial.userId}>{email}</span>;
      },
    },
    { header: 'Module', cell: (denial) => <span className="mono">{denial.module}</span> },
    {
      header: 'Reason',
      cell: (denial) => (
        <span data-code={denial.code}>
          <Badge tone={accessCodeTone(denial.code, false)} title={`${denial.code}: ${accessCodeMeaning(denial.code)}`}>
            {accessCodeLabel(denial.code)}
          </Badge>
        </span>
      ),
    },
    {
      header: 'License',
      cell: (denial) =>
        denial.licenseId === null ? (
          <span className="muted">—</span>
        ) : (
          <Link to={routes.license(tenant.id, denial.licenseId)} className="mono">
            {licenseCode(denial.licenseId) ?? <IdText id={denial.licenseId} />}
          </Link>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Denied access"
        description="Every access check that was refused, newest first: who, which module, and why."
        actions={
          <a className="button" href={href('/v1/tenants/{t}/logs/denied', { path: { t: tenant.id }, query: { ...filter, format: 'csv', limit: 500 } })} download="denied-access.csv">
            Download CSV
          </a>
        }
      />
      {can('runtime.use') && <TestAccessPanel tenantId={tenant.id} users={directory.users} licenseCode={licenseCode} onDenied={list.reload} />}
      <Panel>
        <DeniedFilters users={directory.users} timeZone={tenant.timeZone} onApply={setFilter} />
      </Panel>
      <Panel>
        <ProblemBanner problem={list.problem} context="Could not load the denied-access log" />
        <Table label="Denied access" columns={columns} rows={list.items} rowKey={(denial) => denial.id} loading={list.loading} empty="No access was denied." />
        <Pager list={list} />
      </Panel>
    </>
  );
}
