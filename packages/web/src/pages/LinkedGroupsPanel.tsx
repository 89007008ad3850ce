import { useState, type FormEvent } from 'react';
import type { Group } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { searchGroups } from '../api/pickers';
import { CheckboxPicker } from '../components/CheckboxPicker';
import { Link } from '../components/Link';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { SeatPreview } from '../components/SeatPreview';
import { SeatProblemBanner } from '../components/SeatProblemBanner';
import { Table, type Column } from '../components/Table';
import type { Directory } from '../hooks/useDirectory';
import { useLoad } from '../hooks/useLoad';
import { useSeatChange } from '../hooks/useSeatChange';
import type { PickerOption } from '../lib/picker';
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
  const [chosen, setChosen] = useState<PickerOption[]>([]);
  const group = chosen[0];
  const flow = useSeatChange((outcome, label) => {
    setChosen([]);
    const seats = [outcome.added.length > 0 && `${outcome.added.length} seated`, outcome.removed.length > 0 && `${outcome.removed.length} lost their seat`].filter(Boolean).join(', ');
    onChanged(`${label.charAt(0).toUpperCase()}${label.slice(1)}${seats === '' ? '.' : `: ${seats}.`}`);
  });

  const rows = linked.data?.items ?? [];
  const linkedIds = rows.map((row) => row.id);

  const onLink = (event: FormEvent) => {
    event.preventDefault();
    if (group === undefined) return;
    void flow.preview(`link group ${group.label}`, (dryRun) =>
      ok(api.POST('/v1/tenants/{t}/licenses/{l}/groups', { params: { path: { t: tenantId, l: licenseId }, query: { dryRun } }, body: { groupId: group.id } })),
    );
  };
  const unlink = (row: Group) =>
    flow.preview(`unlink group ${row.name}`, (dryRun) => ok(api.DELETE('/v1/tenants/{t}/licenses/{l}/groups/{groupId}', { params: { path: { t: tenantId, l: licenseId, groupId: row.id }, query: { dryRun } } })));

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
        <button type="button" className="button button-small button-danger-ghost" disabled={flow.busy} onClick={() => void unlink(row)}>
          Unlink
        </button>
      ),
    });
  }

  return (
    <Panel title="Linked groups" description="Every member of a linked group holds a seat while the group stays linked.">
      <ProblemBanner problem={linked.problem} context="Could not load linked groups" />
      {mayManage && (
        <form className="form" onSubmit={onLink} aria-label="Link group">
          <CheckboxPicker
            label="Group to link"
            noun={['group', 'groups']}
            hint="Search by name; ↓ to the matches, Space to choose"
            search={searchGroups(tenantId, (group) => (linkedIds.includes(group.id) ? 'Linked already' : undefined))}
            sourceKey={`link-group:${tenantId}:${licenseId}:${linkedIds.join(',')}`}
            chosen={chosen}
            onChange={(options) => {
              setChosen(options);
              flow.cancel();
            }}
            max={1}
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={flow.busy || group === undefined || flow.pending !== null}>
              Preview link
            </button>
          </div>
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
