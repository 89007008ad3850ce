import { useState, type FormEvent } from 'react';
import type { Group } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { SeatPreview } from '../components/SeatPreview';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { useLoad } from '../hooks/useLoad';
import { useSeatChange } from '../hooks/useSeatChange';
import { routes } from '../lib/router';

interface LinkedGroupsPanelProps {
  tenantId: string;
  licenseId: string;
  directory: Directory;
  mayManage: boolean;
  version: number;
  onChanged: (message: string) => void;
}

/** Groups whose members get seats. Linking and unlinking are previewed with a dry run first. */
export function LinkedGroupsPanel({ tenantId, licenseId, directory, mayManage, version, onChanged }: LinkedGroupsPanelProps) {
  const linked = useLoad(`linked-groups:${licenseId}:${version}`, () => ok(api.GET('/v1/tenants/{t}/licenses/{l}/groups', { params: { path: { t: tenantId, l: licenseId }, query: { limit: 500 } } })));
  const [groupId, setGroupId] = useState('');
  const flow = useSeatChange((outcome, label) => {
    setGroupId('');
    const seats = [outcome.added.length > 0 && `${outcome.added.length} seated`, outcome.removed.length > 0 && `${outcome.removed.length} lost their seat`].filter(Boolean).join(', ');
    onChanged(`${label.charAt(0).toUpperCase()}${label.slice(1)}${seats === '' ? '.' : `: ${seats}.`}`);
  });

  const rows = linked.data?.items ?? [];
  const linkedIds = rows.map((group) => group.id);
  const choices = directory.groups.filter((group) => !linkedIds.includes(group.id));

  const onLink = (event: FormEvent) => {
    event.preventDefault();
    if (groupId === '') return;
    void flow.preview(`link group ${directory.groupName(groupId)}`, (dryRun) =>
      ok(api.POST('/v1/tenants/{t}/licenses/{l}/groups', { params: { path: { t: tenantId, l: licenseId }, query: { dryRun } }, body: { groupId } })),
    );
  };
  const unlink = (id: string) =>
    flow.preview(`unlink group ${directory.groupName(id)}`, (dryRun) => ok(api.DELETE('/v1/tenants/{t}/licenses/{l}/groups/{groupId}', { params: { path: { t: tenantId, l: licenseId, groupId: id }, query: { dryRun } } })));

  const columns: Column<Group>[] = [
    {
      header: 'Group',
      cell: (row) => (
        <Link to={routes.group(tenantId, row.id)} className="strong-link">
          {row.name}
        </Link>
      ),
    },
    { header: 'Members', className: 'cell-number', cell: (row) => row.memberCount },
  ];
  if (mayManage) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (row) => (
        <button type="button" className="button button-small button-danger-ghost" disabled={flow.busy} onClick={() => void unlink(row.id)}>
          Unlink
        </button>
      ),
    });
  }

  return (
    <Panel title="Linked groups" description="Every member of a linked group holds a seat while the group stays linked.">
      <ProblemBanner problem={linked.problem} context="Could not load linked groups" />
      {mayManage && (
        <form className="form-inline" onSubmit={onLink} aria-label="Link group">
          <Field label="Group to link" hint={choices.length === 0 ? 'Every group is linked already' : undefined}>
            <select
              name="groupId"
              value={groupId}
              onChange={(e) => {
                setGroupId(e.target.value);
                flow.cancel();
              }}
            >
              <option value="">Choose a group</option>
              {choices.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name} ({group.memberCount} {group.memberCount === 1 ? 'member' : 'members'})
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button button-primary" disabled={flow.busy || groupId === '' || flow.pending !== null}>
            Preview link
          </button>
        </form>
      )}
      <SeatProblemBanner problem={flow.problem} context="Could not change the linked groups" nameOf={directory.userLabel} />
      {flow.pending !== null && (
        <SeatPreview change={flow.pending} userLabel={directory.userLabel} busy={flow.busy} onConfirm={() => void flow.confirm()} onCancel={flow.cancel} />
      )}
      <Table label="Linked groups" columns={columns} rows={rows} rowKey={(row) => row.id} loading={linked.loading} empty="No group is linked." />
    </Panel>
  );
}
