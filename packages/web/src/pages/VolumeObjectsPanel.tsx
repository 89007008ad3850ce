import { useEffect, useState } from 'react';
import type { License, VolumeObject } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { Moment } from '../components/Moment';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { ObjectStatusForm } from './ObjectStatusForm';
import { RegisterObjectForm } from './RegisterObjectForm';

interface VolumeObjectsPanelProps {
  license: License;
  timeZone: string;
  nowMs: number;
  /** Set when the session may change objects (runtime.use). */
  mayChange: boolean;
  /** Bumped by the page to read the objects again. */
  version: number;
  /** After a change: the page reads the license's count again. */
  onChanged: (message: string) => void;
  onRefresh: () => void;
}

/** The business objects of a volume license: their status and whether it counts; registering, moving and removing them. */
export function VolumeObjectsPanel({ license, timeZone, nowMs, mayChange, version, onChanged, onRefresh }: VolumeObjectsPanelProps) {
  const list = usePagedList([license.tenantId, license.id], (page) => ok(api.GET('/v1/tenants/{t}/licenses/{l}/objects', { params: { path: { t: license.tenantId, l: license.id }, query: page } })));
  const [moving, setMoving] = useState<string | null>(null);
  const removal = useSubmit();
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const statusListId = `statuses-${license.id}`;
  const suggestions = [...new Set([...(license.countedStatuses ?? []), ...list.items.map((o) => o.status)])];
  const kind = license.objectKind ?? 'object';

  const remove = (object: VolumeObject) =>
    removal.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/licenses/{l}/objects/{ref}', { params: { path: { t: license.tenantId, l: license.id, ref: object.ref } } }));
      onChanged(`Removed ${object.ref}${object.counted ? '; it no longer counts' : ''}.`);
    });

  const columns: Column<VolumeObject>[] = [
    { header: 'Reference', cell: (object) => <span className="mono strong">{object.ref}</span> },
    { header: 'Status', cell: (object) => object.status },
    {
      header: 'Counted',
      cell: (object) => (object.counted ? <Badge tone="success">Counted</Badge> : <Badge title="Its status is not one the license counts">Not counted</Badge>),
    },
    { header: 'Registered', className: 'cell-nowrap', cell: (object) => <Moment iso={object.createdAt} timeZone={timeZone} nowMs={nowMs} /> },
    { header: 'Changed', className: 'cell-nowrap', cell: (object) => <Moment iso={object.updatedAt} timeZone={timeZone} nowMs={nowMs} /> },
  ];
  if (mayChange) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (object) => (
        <span className="row-actions">
          <button type="button" className="button button-small" onClick={() => setMoving(moving === object.ref ? null : object.ref)}>
            Change status
          </button>
          <ConfirmButton label="Remove" confirmLabel="Yes, remove" onConfirm={() => remove(object)} busy={removal.busy} />
        </span>
      ),
    });
  }

  const counting = license.countedStatuses === null ? 'Every status counts.' : `Statuses that count: ${license.countedStatuses.join(', ')}.`;
  return (
    <Panel
      title="Objects"
      label="Volume objects"
      description={`Each ${kind} the applications registered. ${counting} Objects over the maximum keep working; only new counted ones are refused.`}
      actions={
        <button type="button" className="button button-small" onClick={onRefresh}>
          Refresh
        </button>
      }
    >
      <datalist id={statusListId}>
        {suggestions.map((status) => (
          <option key={status} value={status} />
        ))}
      </datalist>
      {mayChange && (
        <div className="inset">
          <RegisterObjectForm license={license} statusListId={statusListId} onRegistered={(object) => onChanged(`Registered ${object.ref} with status ${object.status}${object.counted ? '; it counts' : '; it does not count'}.`)} />
        </div>
      )}
      <ProblemBanner problem={list.problem ?? removal.problem} context="Could not load or change the objects" />
      <Table
        label="Objects"
        columns={columns}
        rows={list.items}
        rowKey={(object) => object.ref}
        loading={list.loading}
        empty="No object is registered."
        expanded={(object) =>
          moving === object.ref ? (
            <ObjectStatusForm
              tenantId={license.tenantId}
              object={object}
              statusListId={statusListId}
              onMoved={(moved) => {
                setMoving(null);
                onChanged(`Moved ${moved.ref} to ${moved.status}${moved.counted ? '; it counts' : '; it does not count'}.`);
              }}
              onCancel={() => setMoving(null)}
            />
          ) : null
        }
      />
      <Pager list={list} />
    </Panel>
  );
}
