import { useState } from 'react';
import type { BulkAssigned, Detached, Device, LicenseKey } from '@allot/sdk/openapi';
import { Dialog } from '../components/Dialog';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { useTenantToday } from '../hooks/useTenantToday';
import { calendarDayText } from '../lib/dates';
import { termText } from '../lib/devices';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { AssignDeviceLicenseForm } from './AssignDeviceLicenseForm';
import { BulkAssignDeviceLicenseForm } from './BulkAssignDeviceLicenseForm';
import { DetachDeviceLicenseForm } from './DetachDeviceLicenseForm';
import { DeviceLicensesPanel } from './DeviceLicensesPanel';
import { DevicesPanel } from './DevicesPanel';
import { DeviceSummaryStats } from './DeviceSummaryStats';
import { IssueLicenseKeyForm } from './IssueLicenseKeyForm';
import { IssuedLicenseKeyNotice } from './IssuedLicenseKeyNotice';
import { NewDeviceForm } from './NewDeviceForm';
import { RegisterKeyForm } from './RegisterKeyForm';

type Opened = null | 'device' | 'register' | 'issue';
type DeviceDialog = { kind: 'assign' | 'detach'; device: Device; today: string | null };

/** What an assignment to several devices did, in one sentence. */
function bulkAssignedText(result: BulkAssigned): string {
  const count = result.devices.length;
  return `Assigned ${result.licenses} ${result.licenses === 1 ? 'license' : 'licenses'} to ${count} ${count === 1 ? 'device' : 'devices'}: ${result.devices
    .map((device) => `${device.name} until ${device.validUntil === null ? '—' : calendarDayText(device.validUntil)}`)
    .join(', ')}.`;
}

/** What a detach brought back, in one sentence. */
function detachedText(detached: Detached): string {
  const name = detached.device.name;
  if (detached.returned === null || detached.remainingDays <= 0) return `Detached the license from ${name}. No time was left, so nothing went back to the pool.`;
  return `Detached the license from ${name}: ${detached.remainingDays} days back to the pool as one ${detached.returned.category} license.`;
}

/** LANCOM's device licensing: devices with their license column, license keys, and the pool of device licenses. */
export function DevicesPage() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const mayManage = can('licenses.manage');
  const isVendor = can('vendor.manage');
  const { refresh } = useTenantToday();
  const [opened, setOpened] = useState<Opened>(null);
  const [issued, setIssued] = useState<LicenseKey | null>(null);
  const [prefill, setPrefill] = useState('');
  const [dialog, setDialog] = useState<DeviceDialog | null>(null);
  const [bulk, setBulk] = useState<Device[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const changed = (message: string) => {
    setNotice(message);
    setVersion((n) => n + 1);
  };
  const open = (next: Opened) => {
    setNotice(null);
    setOpened(next);
  };
  // The dialogs compute with today: read the tenant again first, its test clock may have moved.
  const openDialog = (kind: DeviceDialog['kind'], device: Device) => {
    setNotice(null);
    setDialog({ kind, device, today: null });
    void refresh().then((fresh) => setDialog((current) => (current?.device.id === device.id && current.kind === kind ? { ...current, today: fresh } : current)));
  };
  const closeDialog = () => setDialog(null);

  return (
    <>
      <PageHeader
        title="Devices"
        description="Devices run term licenses of 1, 3 or 5 years. Keys fill the pool; licenses from the pool are assigned to devices and add up to one cumulative term."
        actions={
          <>
            {isVendor && opened !== 'issue' && (
              <button type="button" className="button" onClick={() => open('issue')}>
                Issue license key
              </button>
            )}
            {mayManage && opened !== 'register' && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setPrefill('');
                  open('register');
                }}
              >
                Register license key
              </button>
            )}
            {mayManage && opened !== 'device' && (
              <button type="button" className="button button-primary" onClick={() => open('device')}>
                Add device
              </button>
            )}
          </>
        }
      />
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      {issued !== null && (
        <IssuedLicenseKeyNotice
          issued={issued}
          onRegisterHere={
            mayManage
              ? () => {
                  setPrefill(issued.key);
                  setIssued(null);
                  open('register');
                }
              : undefined
          }
          onDismiss={() => setIssued(null)}
        />
      )}
      {opened === 'issue' && (
        <Panel focusFirstField title="Issue license key" description="Vendor: a key for device licenses of one category and term. Any tenant can register it, once.">
          <IssueLicenseKeyForm
            onIssued={(key) => {
              setOpened(null);
              setIssued(key);
            }}
            onCancel={() => setOpened(null)}
          />
        </Panel>
      )}
      {opened === 'register' && (
        <Panel focusFirstField title="Register license key" description="Enter the license key and accept the license terms: its licenses enter this tenant's pool.">
          <RegisterKeyForm
            key={prefill}
            tenantId={tenant.id}
            initialKey={prefill}
            onRegistered={(registered) => {
              setOpened(null);
              const { key } = registered;
              changed(`Registered key ${key.key}: ${key.count} ${key.category} ${key.count === 1 ? 'license' : 'licenses'} of ${termText(key.termDays)} entered the pool.`);
            }}
            onCancel={() => setOpened(null)}
          />
        </Panel>
      )}
      {opened === 'device' && (
        <Panel focusFirstField title="Add device">
          <NewDeviceForm
            tenantId={tenant.id}
            onCreated={(device) => {
              setOpened(null);
              changed(`Added the device ${device.name}. It runs no license yet.`);
            }}
            onCancel={() => setOpened(null)}
          />
        </Panel>
      )}
      <DeviceSummaryStats tenantId={tenant.id} version={version} />
      <DevicesPanel
        tenantId={tenant.id}
        mayManage={mayManage}
        version={version}
        onAssign={(device) => openDialog('assign', device)}
        onAssignSelected={(devices) => {
          setNotice(null);
          setBulk(devices);
        }}
        onDetach={(device) => openDialog('detach', device)}
        onChanged={changed}
      />
      <DeviceLicensesPanel tenantId={tenant.id} timeZone={tenant.timeZone} mayTransfer={isVendor} version={version} onChanged={changed} />
      {bulk !== null && (
        <Dialog title={`Assign licenses to ${bulk.length} selected ${bulk.length === 1 ? 'device' : 'devices'}`} onClose={() => setBulk(null)}>
          <BulkAssignDeviceLicenseForm
            tenantId={tenant.id}
            devices={bulk}
            onAssigned={(result) => {
              setBulk(null);
              changed(bulkAssignedText(result));
            }}
            onCancel={() => setBulk(null)}
          />
        </Dialog>
      )}
      {dialog !== null && (
        <Dialog
          title={dialog.kind === 'assign' ? `Assign license to ${dialog.device.name}` : `Detach license from ${dialog.device.name}`}
          description={
            <>
              <span className="mono">{dialog.device.serial}</span> · {dialog.device.model}
            </>
          }
          onClose={closeDialog}
        >
          {dialog.today === null ? (
            <p className="muted">Loading…</p>
          ) : dialog.kind === 'assign' ? (
            <AssignDeviceLicenseForm
              tenantId={tenant.id}
              device={dialog.device}
              today={dialog.today}
              onAssigned={(device) => {
                closeDialog();
                changed(`Assigned: ${device.name} is licensed until ${device.validUntil === null ? '—' : calendarDayText(device.validUntil)}.`);
              }}
              onCancel={closeDialog}
            />
          ) : (
            <DetachDeviceLicenseForm
              tenantId={tenant.id}
              device={dialog.device}
              today={dialog.today}
              onDetached={(detached) => {
                closeDialog();
                changed(detachedText(detached));
              }}
              onCancel={closeDialog}
            />
          )}
        </Dialog>
      )}
    </>
  );
}
