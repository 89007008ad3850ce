import type { Session } from '@allot/sdk/openapi';
import { Badge } from '../components/Badge';
import { Moment } from '../components/Moment';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { endReasonHint, endReasonLabel, endReasonTone, spanText } from '../lib/sessions';
import { sessionHolderColumns } from './SessionHolderColumns';

interface EndedSessionsTableProps {
  tenantId: string;
  timeZone: string;
  rows: readonly Session[];
  loading: boolean;
  directory: Pick<Directory, 'user'>;
  licenseCode: (id: string) => string | undefined;
  nowMs: number;
}

/** Past sessions: when they ran and why they closed (logout, timeout, admin). */
export function EndedSessionsTable({ tenantId, timeZone, rows, loading, directory, licenseCode, nowMs }: EndedSessionsTableProps) {
  const columns: Column<Session>[] = [
    ...sessionHolderColumns({ tenantId, directory, licenseCode }),
    { header: 'Started', className: 'cell-nowrap', cell: (session) => <Moment iso={session.startedAt} timeZone={timeZone} nowMs={nowMs} /> },
    {
      header: 'Ended',
      className: 'cell-nowrap',
      cell: (session) =>
        session.endedAt === null ? (
          <span className="muted">—</span>
        ) : (
          <div className="cell-stack">
            <Moment iso={session.endedAt} timeZone={timeZone} nowMs={nowMs} />
            <span className="muted">after {spanText(Date.parse(session.endedAt) - Date.parse(session.startedAt))}</span>
          </div>
        ),
    },
    {
      header: 'Reason',
      cell: (session) =>
        session.endReason === null ? (
          <span className="muted">—</span>
        ) : (
          <Badge tone={endReasonTone(session.endReason)} title={endReasonHint(session.endReason)}>
            <span data-reason={session.endReason}>{endReasonLabel(session.endReason)}</span>
          </Badge>
        ),
    },
  ];
  return <Table label="Ended sessions" columns={columns} rows={rows} rowKey={(session) => session.id} loading={loading} empty="No session matches." />;
}
