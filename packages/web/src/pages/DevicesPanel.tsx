import { useEffect } from 'react';
import type { Device } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { useSubmit } from '../hooks/useSubmit';
import { calendarDayText } from '../lib/dates';
import { DeviceLicenseCell } from './DeviceLicenseCell';

interface DevicesPanelProps {
  tenantId: string;
  /** Set when the session may assign, detach and remove (licenses.manage). */
  mayManage: boolean;
  /** Bumped by the page after each change. */
  version: number;
  onAssign: (device: Device) => void;
  onDetach: (device: Device) => void;
  onChanged: (message: string) => void;
}

/** LANCOM's device list: name, serial, model and the license column, with Assign, Detach and Remove. */
export function DevicesPanel({ tenantId, mayManage, version, onAssign, onDetach, onChanged }: DevicesPanelProps) {
  const list = usePagedList([tenantId], (page) => ok(api.GET('/v1/tenants/{t}/devices', { params: { path: { t: tenantId }, query: page } })));
  const removal = useSubmit();
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const remove = (device: Device) =>
    removal.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/devices/{d}', { params: { path: { t: tenantId, d: device.id } } }));
      onChanged(`Removed the device ${device.name}.`);
    });

  const columns: Column<Device>[] = [
    { header: 'Name', cell: (device) => <span className="strong">{device.name}</span> },
    { header: 'Serial number', className: 'cell-nowrap', cell: (device) => <span className="mono">{device.serial}</span> },
    { header: 'Model', cell: (device) => device.model },
    { header: 'License', className: 'cell-nowrap', cell: (device) => <DeviceLicenseCell device={device} onAssign={mayManage ? () => onAssign(device) : undefined} /> },
    {
      header: 'Licensed since',
      className: 'cell-nowrap',
      cell: (device) => (device.license === 'valid' && device.licensedSince !== null ? calendarDayText(device.licensedSince) : <span className="muted">—</span>),
    },
  ];
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
      <Table label="Devices" columns={columns} rows={list.items} rowKey={(device) => device.id} loading={list.loading} empty="No devices yet. Add the first one." />
      <Pager list={list} />
    </Panel>
  );
}
