import type { License, LicenseHolder } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { Link } from '../components/Link';
import { Moment } from '../components/Moment';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import type { SessionRef } from '../hooks/useEndSession';
import { useLoad } from '../hooks/useLoad';
import { quantityText } from '../lib/license';
import { routes } from '../lib/router';
import { heartbeatText } from '../lib/sessions';
import { SessionHolderCell } from './SessionHolderColumns';

interface LiveHoldersPanelProps {
  license: License;
  directory: Directory;
  nowMs: number;
  timeZone: string;
  /** Bumped by the page after a session ended. */
  version: number;
  /** Set when the session may end sessions (licenses.manage). */
  onEnd?: ((session: SessionRef) => unknown) | undefined;
  busy: boolean;
}

/** Who holds this concurrent license now, per module (its quantity applies to each module on its own), oldest first. */
export function LiveHoldersPanel({ license, directory, nowMs, timeZone, version, onEnd, busy }: LiveHoldersPanelProps) {
  const usage = useLoad(`license-holders:${license.id}:${version}`, () => ok(api.GET('/v1/tenants/{t}/licenses/{l}/sessions', { params: { path: { t: license.tenantId, l: license.id }, query: { limit: 500 } } })));

  const columns: Column<LicenseHolder>[] = [
    {
      header: 'User',
      cell: (holder) => <SessionHolderCell userId={holder.userId} sessionId={holder.sessionId} directory={directory} />,
    },
    {
      header: 'Module',
      cell: (holder) => (
        <>
          <span className="chip mono">{holder.module}</span>{' '}
          {holder.excess && (
            <Badge tone="warning" title="Beyond the licensed maximum, admitted by a grace period and written to the excess-usage log">
              Excess
            </Badge>
          )}
        </>
      ),
    },
    { header: 'Since', className: 'cell-nowrap', cell: (holder) => <Moment iso={holder.since} timeZone={timeZone} nowMs={nowMs} /> },
    { header: 'Last seen', className: 'cell-nowrap', cell: (holder) => <Moment iso={holder.lastSeenAt} timeZone={timeZone} nowMs={nowMs} /> },
  ];
  if (onEnd !== undefined) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (holder) => <ConfirmButton label="End session" confirmLabel="Yes, end session" onConfirm={() => onEnd({ id: holder.sessionId, userId: holder.userId })} busy={busy} />,
    });
  }
  const heartbeat = license.heartbeatSeconds === null ? '' : ` A session not heard from for ${heartbeatText(license.heartbeatSeconds)} stops counting.`;
  return (
    <Panel
      title="Live holders"
      description={`Sessions holding this license now, once for each module they hold, oldest first; times in ${timeZone}. Each module has ${quantityText(license)} concurrent user${license.quantity === 1 ? '' : 's'} of its own.${heartbeat}`}
      actions={
        <>
          {usage.data?.inGrace === true && (
            <Badge tone="warning" title="Sessions beyond the maximum are admitted and written to the excess-usage log">
              Grace period in force
            </Badge>
          )}
          <Link to={routes.sessions(license.tenantId)} className="button button-small">
            All sessions
          </Link>
        </>
      }
    >
      <ProblemBanner problem={usage.problem} context="Could not load who holds the license" />
      {usage.data !== null && usage.data.modules.length > 0 && (
        <ul className="session-modules" aria-label="In use per module">
          {usage.data.modules.map((m) => (
            <li key={m.module} data-testid="module-usage">
              <span className="chip mono">{m.module}</span> {m.live} / {quantityText(license)}
            </li>
          ))}
        </ul>
      )}
      <Table
        label="Live holders"
        columns={columns}
        rows={usage.data?.items ?? []}
        rowKey={(holder) => `${holder.sessionId} ${holder.module}`}
        loading={usage.loading}
        empty="Nobody holds this license now."
      />
    </Panel>
  );
}
