import { useEffect } from 'react';
import type { SeatHolder } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';

interface SeatHoldersPanelProps {
  tenantId: string;
  licenseId: string;
  directory: Directory;
  mayManage: boolean;
  /** Bumped by the page after each seat change. */
  version: number;
  onChanged: (message: string) => void;
}

/** Who holds a seat, and how: directly and/or through linked groups. Direct seats can be recalled. */
export function SeatHoldersPanel({ tenantId, licenseId, directory, mayManage, version, onChanged }: SeatHoldersPanelProps) {
  const list = usePagedList([tenantId, licenseId], (page) => ok(api.GET('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: page } })));
  const recall = useSubmit();
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const recallSeat = (holder: SeatHolder) =>
    recall.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/licenses/{l}/assignments', { params: { path: { t: tenantId, l: licenseId }, query: { dryRun: false } }, body: { userIds: [holder.userId] } }));
      const stays = holder.groupIds.length > 0 ? ` They keep a seat through ${holder.groupIds.map(directory.groupName).join(', ')}.` : '';
      onChanged(`Recalled the direct seat of ${holder.email}.${stays}`);
    });

  const columns: Column<SeatHolder>[] = [
    {
      header: 'User',
      cell: (holder) => (
        <div className="cell-stack">
          <span className="strong">{holder.name}</span>
          <span className="muted">{holder.email}</span>
        </div>
      ),
    },
    {
      header: 'Seated',
      cell: (holder) => (
        <span className="badge-list">
          {holder.direct && <Badge tone="info">Direct</Badge>}
          {holder.groupIds.map((groupId) => (
            <Badge key={groupId} title={groupId}>
              Group {directory.groupName(groupId)}
            </Badge>
          ))}
        </span>
      ),
    },
  ];
  if (mayManage) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (holder) =>
        holder.direct ? (
          <ConfirmButton label="Recall" confirmLabel="Yes, recall" onConfirm={() => recallSeat(holder)} busy={recall.busy} />
        ) : (
          <span className="muted" title="Seated through a group: remove them from the group or unlink it">
            via group
          </span>
        ),
    });
  }

  return (
    <Panel title="Seat holders" description="A user reached directly and through groups holds one seat.">
      <ProblemBanner problem={list.problem ?? recall.problem} />
      <Table label="Seat holders" columns={columns} rows={list.items} rowKey={(holder) => holder.userId} loading={list.loading} empty="Nobody holds a seat yet." />
      <Pager list={list} />
    </Panel>
  );
}
