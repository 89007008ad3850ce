import { useEffect, useState } from 'react';
import type { Device } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { daysLeftText, deviceLicenseTone } from '../lib/devices';
import { DeviceLicenseCell } from './DeviceLicenseCell';

interface DevicesPanelProps {
  tenantId: string;
  /** Set when the session may assign, detach and remove (licenses.manage). */
  mayManage: boolean;
  /** Bumped by the page after each change. */
  version: number;
  onAssign: (device: Device) => void;
  /** One assignment for every device chosen with the checkboxes. */
  onAssignSelected: (devices: Device[]) => void;
  onDetach: (device: Device) => void;
  onChanged: (message: string) => void;
}

/**
 * LANCOM's device list: name, serial, model, the license column and the days left, with Assign,
 * Detach and Remove; checkboxes choose devices for one assignment to all of them.
 */
export function DevicesPanel({ tenantId, mayManage, version, onAssign, onAssignSelected, onDetach, onChanged }: DevicesPanelProps) {
  const list = usePagedList([tenantId], (page) => ok(api.GET('/v1/tenants/{t}/devices', { params: { path: { t: tenantId }, query: page } })));
  const removal = useSubmit();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  // A change (an assignment) or another page starts a new choice.
  useEffect(() => setSelected(new Set()), [version, list.pageNumber]);

  const shown = list.items;
  const chosen = shown.filter((device) => selected.has(device.id));
  const allChosen = shown.length > 0 && chosen.length === shown.length;
  const choose = (device: Device, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(device.id);
      else next.delete(device.id);
      return next;
    });

  const remove = (device: Device) =>
    removal.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/devices/{d}', { params: { path: { t: tenantId, d: device.id } } }));
      onChanged(`Removed the device ${device.name}.`);
    });

  const columns: Column<Device>[] = [];
  if (mayManage) {
    columns.push({
      header: 'Select',
      className: 'cell-select',
      cell: (device) => <input type="checkbox" aria-label={`Select ${device.name}`} checked={selected.has(device.id)} onChange={(e) => choose(device, e.target.checked)} />,
    });
  }
  columns.push(
    { header: 'Name', cell: (device) => <span className="strong">{device.name}</span> },
    { header: 'Serial number', className: 'cell-nowrap', cell: (device) => <span className="mono">{device.serial}</span> },
    { header: 'Model', cell: (device) => device.model },
    { header: 'License', className: 'cell-nowrap', cell: (device) => <DeviceLicenseCell device={device} onAssign={mayManage ? () => onAssign(device) : undefined} /> },
    {
      header: 'Days left',
      className: 'cell-nowrap',
      cell: (device) =>
        device.daysLeft === null ? (
          <span className="muted">—</span>
        ) : (
          <span data-testid="days-left">
            <Badge tone={deviceLicenseTone(device)} title={device.expiry === 'expiring' ? '30 days left or fewer' : undefined}>
              {daysLeftText(device)}
            </Badge>
          </span>
        ),
    },
  );
  if (mayManage) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (device) => (
        <span className="row-actions">
          <button type="button" className="button button-small" onClick={() => onAssign(device)}>
            Assign license
          </button>
          {device.license === 'valid' ? (
            <button type="button" className="button button-small button-danger-ghost" onClick={() => onDetach(device)}>
              Detach
            </button>
          ) : (
            <ConfirmButton label="Remove" confirmLabel="Yes, remove device" onConfirm={() => remove(device)} busy={removal.busy} />
          )}
        </span>
      ),
    });
  }

  return (
    <Panel
      title="Devices"
      description="Each device runs one cumulative license: the licenses assigned to it add up to one term."
      actions={
        <button type="button" className="button button-small" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      }
    >
      <ProblemBanner problem={list.problem ?? removal.problem} context="Could not load or change the devices" />
      {mayManage && (
        // Above the table rather than in its heading, which a phone's card layout hides.
        <div className="selection-bar" role="group" aria-label="Device selection">
          <label className="check">
            <input
              type="checkbox"
              checked={allChosen}
              ref={(box) => {
                if (box !== null) box.indeterminate = chosen.length > 0 && !allChosen;
              }}
              disabled={shown.length === 0}
              onChange={(e) => setSelected(e.target.checked ? new Set(shown.map((device) => device.id)) : new Set())}
            />{' '}
            Select all devices on this page
          </label>
          <button type="button" className="button button-small button-primary" onClick={() => onAssignSelected(chosen)} disabled={chosen.length === 0}>
            {chosen.length === 0 ? 'Assign to selected' : `Assign to ${chosen.length} selected`}
          </button>
        </div>
      )}
      <Table label="Devices" columns={columns} rows={list.items} rowKey={(device) => device.id} loading={list.loading} empty="No devices yet. Add the first one." />
      <Pager list={list} />
    </Panel>
  );
}
