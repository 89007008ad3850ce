import { useState } from 'react';
import type { GraceKey } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { Link } from '../components/Link';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useLoad } from '../hooks/useLoad';
import { formatBound } from '../lib/dates';
import { formatInstant } from '../lib/format';
import { routes } from '../lib/router';
import { AddGraceForm } from './AddGraceForm';

interface GracePeriodsPanelProps {
  tenantId: string;
  licenseId: string;
  timeZone: string;
  nowMs: number;
  /** Vendor admins add grace periods. */
  mayAdd: boolean;
  onAdded: (message: string) => void;
}

function GraceState({ grace, nowMs }: { grace: GraceKey; nowMs: number }) {
  if (nowMs < Date.parse(grace.startsAt)) return <Badge tone="info">Upcoming</Badge>;
  if (nowMs < Date.parse(grace.endsAt)) return <Badge tone="warning">In force</Badge>;
  return <Badge>Over</Badge>;
}

/** Grace keys of a concurrent license: while one is in force, sessions beyond the maximum are admitted and logged as excess. */
export function GracePeriodsPanel({ tenantId, licenseId, timeZone, nowMs, mayAdd, onAdded }: GracePeriodsPanelProps) {
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const graces = useLoad(`grace:${licenseId}:${version}`, () => ok(api.GET('/v1/tenants/{t}/licenses/{l}/grace', { params: { path: { t: tenantId, l: licenseId }, query: { limit: 500 } } })));
  const rows = [...(graces.data?.items ?? [])].sort((a, b) => b.startsAt.localeCompare(a.startsAt));

  const columns: Column<GraceKey>[] = [
    { header: 'Order number', cell: (grace) => <span className="strong">{grace.orderNumber}</span> },
    { header: 'First day', className: 'cell-nowrap', cell: (grace) => formatBound(grace.startsAt, 'from', timeZone) },
    { header: 'Last day', className: 'cell-nowrap', cell: (grace) => formatBound(grace.endsAt, 'until', timeZone) },
    { header: 'State', cell: (grace) => <GraceState grace={grace} nowMs={nowMs} /> },
    { header: 'Added', className: 'cell-nowrap', cell: (grace) => <span className="muted">{formatInstant(grace.createdAt, timeZone)}</span> },
  ];

  return (
    <Panel
      title="Grace periods"
      description={
        <>
          While a grace period is in force the concurrency limit is lifted; every session beyond it is written to the <Link to={routes.excess(tenantId)}>excess-usage log</Link>.
        </>
      }
      actions={
        mayAdd &&
        !adding && (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            Add grace period
          </button>
        )
      }
    >
      {adding && (
        <div className="inset">
          <AddGraceForm
            tenantId={tenantId}
            licenseId={licenseId}
            timeZone={timeZone}
            onAdded={(grace) => {
              setAdding(false);
              setVersion((n) => n + 1);
              onAdded(`Added grace period ${grace.orderNumber}: ${formatBound(grace.startsAt, 'from', timeZone)} through ${formatBound(grace.endsAt, 'until', timeZone)}.`);
            }}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}
      <ProblemBanner problem={graces.problem} context="Could not load the grace periods" />
      <Table label="Grace periods" columns={columns} rows={rows} rowKey={(grace) => grace.id} loading={graces.loading} empty="No grace period." />
    </Panel>
  );
}
