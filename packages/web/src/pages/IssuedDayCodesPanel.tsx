import { useEffect } from 'react';
import type { DayCodeListItem } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { IdText } from '../components/IdText';
import { Moment } from '../components/Moment';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';

/** The day codes issued for a tenant and how often each was used; the codes themselves were shown once, when issued. */
export function IssuedDayCodesPanel({ tenantId, timeZone, nowMs, issuedCount }: { tenantId: string; timeZone: string; nowMs: number; issuedCount: number }) {
  const list = usePagedList([tenantId], (page) => ok(api.GET('/v1/tenants/{t}/day-codes', { params: { path: { t: tenantId }, query: page } })));
  const { reload } = list;
  // A code issued on this page shows at once.
  useEffect(() => {
    if (issuedCount > 0) reload();
  }, [issuedCount, reload]);

  const columns: Column<DayCodeListItem>[] = [
    { header: 'Valid on', className: 'cell-nowrap', cell: (code) => code.validOn },
    { header: 'Module', cell: (code) => <span className="mono">{code.module}</span> },
    { header: 'Uses', className: 'cell-number', cell: (code) => code.uses },
    { header: 'Issued', className: 'cell-nowrap', cell: (code) => <Moment iso={code.createdAt} timeZone={timeZone} nowMs={nowMs} /> },
    { header: 'Id', cell: (code) => <IdText id={code.id} /> },
  ];
  return (
    <Panel
      title="Issued day codes"
      label="Issued day codes"
      description={`Newest first; each is valid on one day in ${timeZone}. A code is shown only once, when it is issued.`}
      actions={
        <button type="button" className="button button-small" onClick={reload} disabled={list.loading}>
          Refresh
        </button>
      }
    >
      <ProblemBanner problem={list.problem} context="Could not load the day codes" />
      <Table label="Issued day codes" columns={columns} rows={list.items} rowKey={(code) => code.id} loading={list.loading} empty="No day code has been issued." />
      <Pager list={list} />
    </Panel>
  );
}
