import { useState } from 'react';
import type { DayCodeUse, IssuedDayCode } from '@allot/sdk/openapi';
import { api, ok, href } from '../api/client';
import { IdText } from '../components/IdText';
import { Moment } from '../components/Moment';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useCatalogModules } from '../hooks/useCatalogModules';
import { useDirectory } from '../hooks/useDirectory';
import { useNow } from '../hooks/useNow';
import { usePagedList } from '../hooks/usePagedList';
import { useSession } from '../lib/session';
import { tenantNowMs } from '../lib/sessions';
import { useTenant } from '../lib/tenant';
import { IssueDayCodeForm } from './IssueDayCodeForm';
import { IssuedDayCodeNotice } from './IssuedDayCodeNotice';
import { IssuedDayCodesPanel } from './IssuedDayCodesPanel';
import { UsageFilters, noUsageFilter, type UsageFilter } from './UsageFilters';
import { UserCell } from './UserCell';

/** Planon's "Day code – license usage": every session a day code opened; vendors issue the codes here. */
export function DayCodesPage() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const [filter, setFilter] = useState<UsageFilter>(noUsageFilter);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedDayCode | null>(null);
  const [issuedCount, setIssuedCount] = useState(0);
  const query = { userId: filter.userId, module: filter.module };
  const list = usePagedList([tenant.id, query], (page) => ok(api.GET('/v1/tenants/{t}/logs/day-codes', { params: { path: { t: tenant.id }, query: { ...query, ...page } } })));
  const directory = useDirectory(tenant.id);
  const catalog = useCatalogModules();
  const nowMs = tenantNowMs(tenant, useNow(60_000));

  const columns: Column<DayCodeUse>[] = [
    { header: 'Time', className: 'cell-nowrap', cell: (use) => <Moment iso={use.at} timeZone={tenant.timeZone} nowMs={nowMs} /> },
    { header: 'User', cell: (use) => <UserCell userId={use.userId} directory={directory} /> },
    { header: 'Module', cell: (use) => <span className="mono">{use.module}</span> },
    { header: 'Session', cell: (use) => <IdText id={use.sessionId} /> },
    { header: 'Day code', cell: (use) => <IdText id={use.dayCodeId} /> },
  ];

  return (
    <>
      <PageHeader
        title="Day codes"
        description="A day code grants one module for one calendar day of the tenant, even when it is unlicensed or full. Each use is logged here."
        actions={
          <>
            {can('vendor.manage') && !issuing && (
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  setIssuing(true);
                  setIssued(null);
                }}
              >
                Issue day code
              </button>
            )}
            <a className="button" href={href('/v1/tenants/{t}/logs/day-codes', { path: { t: tenant.id }, query: { ...query, format: 'csv', limit: 500 } })} download="day-codes.csv">
              Download CSV
            </a>
          </>
        }
      />
      {issued !== null && <IssuedDayCodeNotice issued={issued} onDismiss={() => setIssued(null)} />}
      {issuing && (
        <Panel focusFirstField title="Issue day code" description={`The code is valid on one day in the tenant's time zone (${tenant.timeZone}).`}>
          <ProblemBanner problem={catalog.problem} context="Could not load the catalog" />
          <IssueDayCodeForm
            tenantId={tenant.id}
            timeZone={tenant.timeZone}
            products={catalog.products}
            onIssued={(code) => {
              setIssuing(false);
              setIssued(code);
              setIssuedCount((n) => n + 1);
            }}
            onCancel={() => setIssuing(false)}
          />
        </Panel>
      )}
      <Panel>
        <UsageFilters users={directory.users} moduleRefs={catalog.refs} onApply={setFilter} label="Day code log filters" />
      </Panel>
      <Panel
        title="Day-code log"
        label="Day-code log"
        description={`Every session a day code opened, newest first. Times in ${tenant.timeZone}.`}
        actions={
          <button type="button" className="button button-small" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
        }
      >
        <ProblemBanner problem={list.problem} context="Could not load the day-code log" />
        <Table label="Day-code uses" columns={columns} rows={list.items} rowKey={(use) => use.id} loading={list.loading} empty="No day code has been used." />
        <Pager list={list} />
      </Panel>
      {can('licenses.read') && <IssuedDayCodesPanel tenantId={tenant.id} timeZone={tenant.timeZone} nowMs={nowMs} issuedCount={issuedCount} />}
    </>
  );
}
