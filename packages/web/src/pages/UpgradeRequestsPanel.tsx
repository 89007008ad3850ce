import { useEffect } from 'react';
import type { Contract, UpgradeRequest } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { upgradeStatusText } from '../lib/commerce';
import { formatInstant } from '../lib/format';
import { defaultMoneyLocale } from '../lib/money';
import { upgradeOrderColumns } from './upgradeOrderColumns';

interface UpgradeRequestsPanelProps {
  tenantId: string;
  contract: Contract | null;
  timeZone: string;
  /** Bumped by the page after a request was sent. */
  version: number;
}

/** The tenant's upgrade requests, newest first, with their state and the vendor's reason for a rejection. */
export function UpgradeRequestsPanel({ tenantId, contract, timeZone, version }: UpgradeRequestsPanelProps) {
  const list = usePagedList([tenantId], (page) => ok(api.GET('/v1/tenants/{t}/upgrade-requests', { params: { path: { t: tenantId }, query: page } })));
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const locale = contract?.locale ?? defaultMoneyLocale;

  const columns: Column<UpgradeRequest>[] = [
    { header: 'Requested', className: 'cell-nowrap', cell: (r) => formatInstant(r.requestedAt, timeZone) },
    {
      header: 'Product',
      cell: (r) => (
        <div className="cell-stack">
          <span>{r.productName}</span>
          <span className="mono muted">{r.product}</span>
        </div>
      ),
    },
    ...upgradeOrderColumns(locale),
    {
      header: 'State',
      cell: (r) => {
        const status = upgradeStatusText(r.status);
        return (
          <div className="cell-stack">
            <Badge tone={status.tone}>{status.label}</Badge>
            {r.reason !== null && <span className="muted">{r.reason}</span>}
          </div>
        );
      },
    },
  ];

  return (
    <Panel title="Upgrade requests" description="One request per product can be in progress at a time; you receive an e-mail and an in-app notification when it has been processed.">
      <ProblemBanner problem={list.problem} context="Could not load the upgrade requests" />
      <Table label="Upgrade requests" columns={columns} rows={list.items} rowKey={(r) => r.id} loading={list.loading} empty="No upgrade has been requested." />
      <Pager list={list} />
    </Panel>
  );
}
