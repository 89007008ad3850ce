import type { Session } from '@allot/sdk/openapi';
import { ConfirmButton } from '../components/ConfirmButton';
import { Moment } from '../components/Moment';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { heartbeatText, timeLeftText } from '../lib/sessions';
import { sessionHolderColumns } from './SessionHolderColumns';

interface LiveSessionsTableProps {
  tenantId: string;
  timeZone: string;
  rows: readonly Session[];
  loading: boolean;
  directory: Pick<Directory, 'user'>;
  licenseCode: (id: string) => string | undefined;
  /** The tenant's now, for the time left until a session stops counting. */
  nowMs: number;
  /** Set when the session may end sessions (licenses.manage). */
  onEnd?: ((session: Session) => unknown) | undefined;
  busy?: boolean;
  label: string;
  empty: string;
}

/** Who holds which module now: since when, last heard from, and when the session stops counting (times in the tenant's zone). */
export function LiveSessionsTable({ tenantId, timeZone, rows, loading, directory, licenseCode, nowMs, onEnd, busy = false, label, empty }: LiveSessionsTableProps) {
  const columns: Column<Session>[] = [
    ...sessionHolderColumns({ tenantId, directory, licenseCode }),
    { header: 'Since', className: 'cell-nowrap', cell: (session) => <Moment iso={session.startedAt} timeZone={timeZone} nowMs={nowMs} /> },
    { header: 'Last seen', className: 'cell-nowrap', cell: (session) => <Moment iso={session.lastSeenAt} timeZone={timeZone} nowMs={nowMs} /> },
    {
      header: 'Expires',
      className: 'cell-nowrap',
      cell: (session) => {
        const left = timeLeftText(session.expiresAt, nowMs);
        return (
          <div className="cell-stack" title={`Heartbeat every ${heartbeatText(session.heartbeatSeconds)} keeps it`}>
            <Moment iso={session.expiresAt} timeZone={timeZone} nowMs={nowMs} />
            <span className={left === 'due' ? 'text-warning' : 'muted'} data-testid="time-left">
              {left}
            </span>
          </div>
        );
      },
    },
  ];
  if (onEnd !== undefined) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (session) => <ConfirmButton label="End session" confirmLabel="Yes, end session" onConfirm={() => onEnd(session)} busy={busy} />,
    });
  }
  return <Table label={label} columns={columns} rows={rows} rowKey={(session) => session.id} loading={loading} empty={empty} />;
}
