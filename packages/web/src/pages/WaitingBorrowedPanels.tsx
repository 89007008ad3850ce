import type { Borrow, QueueEntry } from '@allot/sdk/openapi';
import type { ShownProblem } from '../api/client';
import { Badge } from '../components/Badge';
import { Moment } from '../components/Moment';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { formatBound } from '../lib/dates';
import { formatInstant } from '../lib/format';

interface Listed<T> {
  items: readonly T[] | null;
  problem: ShownProblem | null;
}

interface WaitingBorrowedProps {
  queue: Listed<QueueEntry>;
  borrows: Listed<Borrow>;
  directory: Directory;
  timeZone: string;
  nowMs: number;
}

/** The figures at the top of the sessions page: who waits for a full module, which seats are out for offline work. */
export function SessionFigures({ queue, borrows }: Pick<WaitingBorrowedProps, 'queue' | 'borrows'>) {
  const figures = [
    { label: 'Waiting', value: queue.items?.length ?? null, note: 'in the queue for a full module' },
    { label: 'Borrowed', value: borrows.items?.length ?? null, note: 'seats out for offline work' },
  ];
  return (
    <dl className="stats session-figures" aria-label="Session figures">
      {figures.map((figure) => (
        <div className="stat" key={figure.label}>
          <dt>{figure.label}</dt>
          <dd>
            <span className="stat-value">{figure.value ?? '…'}</span>
            <span className="stat-note">{figure.note}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Who waits for a full module (first come, first served per module) and which seats are borrowed until when. */
export function WaitingBorrowedPanels({ queue, borrows, directory, timeZone, nowMs }: WaitingBorrowedProps) {
  const queueColumns: Column<QueueEntry>[] = [
    { header: 'Position', className: 'cell-number', cell: (entry) => (entry.position === null ? '—' : entry.position) },
    { header: 'User', cell: (entry) => directory.userLabel(entry.userId) },
    { header: 'Modules', cell: (entry) => <span className="mono">{entry.modules.join(', ')}</span> },
    { header: 'Waiting since', className: 'cell-nowrap', cell: (entry) => <Moment iso={entry.requestedAt} timeZone={timeZone} nowMs={nowMs} /> },
    {
      header: 'State',
      cell: (entry) =>
        entry.state === 'offered' ? (
          <Badge tone="success" title={`Held for ${entry.claimSeconds} s for the waiter's first heartbeat`}>
            Offered a license
          </Badge>
        ) : (
          <Badge tone="info">Waiting</Badge>
        ),
    },
  ];
  const borrowColumns: Column<Borrow>[] = [
    { header: 'User', cell: (borrow) => directory.userLabel(borrow.userId) },
    { header: 'Modules', cell: (borrow) => <span className="mono">{borrow.modules.join(', ')}</span> },
    { header: 'Borrowed', className: 'cell-nowrap', cell: (borrow) => formatInstant(borrow.startsAt, timeZone) },
    { header: 'Until', className: 'cell-nowrap', cell: (borrow) => <span title={formatInstant(borrow.until, timeZone)}>{formatBound(borrow.until, 'until', timeZone)}</span> },
  ];
  return (
    <>
      <Panel title="Wait queue" description="Users who asked to wait for a full module, first come first served per module. A freed license is offered to the first; an offer not claimed in time passes to the next." label="Wait queue">
        <ProblemBanner problem={queue.problem} context="Could not load the wait queue" />
        <Table label="Wait queue" columns={queueColumns} rows={queue.items ?? []} rowKey={(entry) => entry.id} loading={queue.items === null && queue.problem === null} empty="Nobody is waiting." />
      </Panel>
      <Panel title="Borrowed seats" description="Sessions borrowed for offline work hold their licenses until they are returned or their end comes." label="Borrowed seats">
        <ProblemBanner problem={borrows.problem} context="Could not load the borrowed seats" />
        <Table label="Borrowed seats" columns={borrowColumns} rows={borrows.items ?? []} rowKey={(borrow) => borrow.id} loading={borrows.items === null && borrows.problem === null} empty="No seat is borrowed." />
      </Panel>
    </>
  );
}
