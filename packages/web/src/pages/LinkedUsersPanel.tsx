import { useEffect } from 'react';
import type { License, LinkedUser } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { Moment } from '../components/Moment';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { usePagedList } from '../hooks/usePagedList';
import { UserCell } from './UserCell';

interface LinkedUsersPanelProps {
  license: License;
  directory: Directory;
  timeZone: string;
  nowMs: number;
  /** Bumped by the page to read the links again. */
  version: number;
  onRefresh: () => void;
}

/** Days left under a week read as a warning: the license goes back to the pool soon unless the user returns. */
function DaysLeft({ days }: { days: number }) {
  const text = `${days} ${days === 1 ? 'day' : 'days'}`;
  return days <= 7 ? <Badge tone="warning">{text}</Badge> : <span>{text}</span>;
}

/** Planon's active user licenses: who holds a license of the pool, their last access, and how long the link lasts. */
export function LinkedUsersPanel({ license, directory, timeZone, nowMs, version, onRefresh }: LinkedUsersPanelProps) {
  const list = usePagedList([license.tenantId, license.id], (page) => ok(api.GET('/v1/tenants/{t}/licenses/{l}/linked-users', { params: { path: { t: license.tenantId, l: license.id }, query: page } })));
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const columns: Column<LinkedUser>[] = [
    { header: 'User', cell: (link) => <UserCell userId={link.userId} directory={directory} /> },
    { header: 'Linked', className: 'cell-nowrap', cell: (link) => <Moment iso={link.linkedAt} timeZone={timeZone} nowMs={nowMs} /> },
    { header: 'Last access', className: 'cell-nowrap', cell: (link) => <Moment iso={link.lastAccessAt} timeZone={timeZone} nowMs={nowMs} /> },
    { header: 'Runs out', className: 'cell-nowrap', cell: (link) => <Moment iso={link.expiresAt} timeZone={timeZone} nowMs={nowMs} /> },
    { header: 'Days left', className: 'cell-number', cell: (link) => <DaysLeft days={link.daysLeft} /> },
  ];
  const retention = license.retentionDays === null ? '' : ` ${license.retentionDays} days`;
  return (
    <Panel
      title="Linked users"
      actions={
        <button type="button" className="button button-small" onClick={onRefresh}>
          Refresh
        </button>
      }
      description={`A user is linked on first use when a license of the pool is free. The link lasts${retention} after their last access, each access starts it again, and when it runs out the license goes back to the pool.`}
    >
      <ProblemBanner problem={list.problem} context="Could not load the linked users" />
      <Table label="Linked users" columns={columns} rows={list.items} rowKey={(link) => link.userId} loading={list.loading} empty="No user is linked now." />
      <Pager list={list} />
    </Panel>
  );
}
