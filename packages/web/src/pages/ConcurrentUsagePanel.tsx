import type { License, QueueEntry } from '@allot/sdk/openapi';
import type { ShownProblem } from '../api/client';
import { Badge } from '../components/Badge';
import { LicenseStatusBadge } from '../components/LicenseStatusBadge';
import { Link } from '../components/Link';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { licenseCoversModule } from '@allot/core/module-ref';
import { isUnlimited, subjectText } from '../lib/license';
import { routes } from '../lib/router';
import { heartbeatText } from '../lib/sessions';
import { LicenseUsageCell } from './LicenseUsageCell';

interface ConcurrentUsagePanelProps {
  tenantId: string;
  /** The tenant's concurrent licenses, `used` counted by the server at the time of the answer; null while loading. */
  licenses: readonly License[] | null;
  /** Who waits for a module now; null while loading. */
  waiting: readonly QueueEntry[] | null;
  loading: boolean;
  problem: ShownProblem | null;
}

/** Free now: the maximum less what live sessions hold; past it (a grace period) the excess. */
function FreeCell({ license }: { license: License }) {
  if (isUnlimited(license)) return <span>∞</span>;
  const free = (license.quantity ?? 0) - license.used;
  if (free < 0) {
    return (
      <Badge tone="warning" title="Admitted beyond the maximum during a grace period">
        {-free} over
      </Badge>
    );
  }
  return <span className={free === 0 ? 'text-danger strong' : undefined}>{free}</span>;
}

/**
 * Planon's "Module license usage": per concurrent license, how many of its users live sessions hold
 * now. The quantity applies to each module on its own; "in use" is the busiest module's count.
 */
export function ConcurrentUsagePanel({ tenantId, licenses, waiting, loading, problem }: ConcurrentUsagePanelProps) {
  const waitingFor = (license: License) => waiting?.filter((entry) => entry.modules.some((ref) => licenseCoversModule(license, ref))).length ?? null;
  const columns: Column<License>[] = [
    {
      header: 'License',
      cell: (license) => (
        <div className="cell-stack">
          <Link to={routes.license(tenantId, license.id)} className="strong-link">
            {license.name}
          </Link>
          <span className="mono muted">{license.code}</span>
        </div>
      ),
    },
    { header: 'Modules', cell: (license) => <span className="mono">{subjectText(license)}</span> },
    { header: 'In use now', className: 'cell-usage', cell: (license) => <LicenseUsageCell license={license} /> },
    { header: 'Free', className: 'cell-number', cell: (license) => <FreeCell license={license} /> },
    { header: 'Waiting', className: 'cell-number', cell: (license) => <span data-testid="queue-length">{waitingFor(license) ?? '…'}</span> },
    { header: 'Heartbeat', className: 'cell-nowrap', cell: (license) => (license.heartbeatSeconds === null ? <span className="muted">—</span> : heartbeatText(license.heartbeatSeconds)) },
    { header: 'Status', cell: (license) => <LicenseStatusBadge status={license.status} /> },
  ];
  return (
    <Panel title="Concurrent licenses in use" description="Concurrent users per module: a live session takes one of each module it holds; in use is the license's busiest module." label="Concurrent license usage">
      <ProblemBanner problem={problem} context="Could not load the concurrent licenses" />
      <Table label="Concurrent license usage" columns={columns} rows={licenses ?? []} rowKey={(license) => license.id} loading={loading} empty="The tenant holds no concurrent license." />
    </Panel>
  );
}
