import { useEffect, useState } from 'react';
import type { DeviceLicenseRow } from '@allot/sdk/openapi';
import { api, ok, type GetQuery } from '../api/client';
import { Badge } from '../components/Badge';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { Tabs } from '../components/Tabs';
import { usePagedList } from '../hooks/usePagedList';
import { calendarDayText, dayText } from '../lib/dates';
import { termLongText, termText } from '../lib/devices';
import { LicenseKeysTab } from './LicenseKeysTab';
import { TransferDeviceLicenseForm } from './TransferDeviceLicenseForm';

interface DeviceLicensesPanelProps {
  tenantId: string;
  timeZone: string;
  /** Vendor admins move pooled licenses to other tenants. */
  mayTransfer: boolean;
  /** Bumped by the page after each change. */
  version: number;
  onChanged: (message: string) => void;
}

/** The pool's tabs: in it, running on a device, or run out (the list's `state` filter). */
type DeviceLicenseState = NonNullable<GetQuery<'/v1/tenants/{t}/device-licenses'>['state']>;

type Tab = DeviceLicenseState | 'keys';

const tabs: readonly { value: Tab; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'assigned', label: 'Assigned' },
  { value: 'expired', label: 'Expired' },
  { value: 'keys', label: 'License keys' },
];

const descriptions: Record<Tab, string> = {
  available: 'In the pool, assigned to no device: ready to assign.',
  assigned: 'Part of the cumulative license a device runs now.',
  expired: 'Ran out on their device; listed here for the record.',
  keys: 'Every license key registered in this tenant, including keys whose licenses have expired.',
};

const empties: Record<DeviceLicenseState, string> = {
  available: 'The pool is empty. Register a license key to fill it.',
  assigned: 'No license runs on a device.',
  expired: 'No license has expired.',
};

/** Where the license came from: its key, or the remaining time of a detached cumulative license. */
function KeyCell({ license }: { license: DeviceLicenseRow }) {
  if (license.origin === 'remainder' || license.key === null) {
    return (
      <Badge tone="info" title="The remaining time of a detached cumulative license">
        Remainder
      </Badge>
    );
  }
  return <span className="mono">{license.key}</span>;
}

/** LANCOM's license tabs: the pool, the licenses running on devices, the expired ones, and the registered keys. */
export function DeviceLicensesPanel({ tenantId, timeZone, mayTransfer, version, onChanged }: DeviceLicensesPanelProps) {
  const [tab, setTab] = useState<Tab>('available');
  const [moving, setMoving] = useState<string | null>(null);
  // The keys tab lists keys; the license tabs keep showing the last state while it is open.
  const [state, setState] = useState<DeviceLicenseState>('available');
  const list = usePagedList([tenantId, state], (page) => ok(api.GET('/v1/tenants/{t}/device-licenses', { params: { path: { t: tenantId }, query: { state, ...page } } })));
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const columns: Column<DeviceLicenseRow>[] = [
    { header: 'License key', className: 'cell-nowrap', cell: (license) => <KeyCell license={license} /> },
    { header: 'Category', cell: (license) => <span className="strong">{license.category}</span> },
    {
      header: 'Term',
      className: 'cell-nowrap',
      cell: (license) => <span title={termLongText(license.termDays)}>{termText(license.termDays)}</span>,
    },
  ];
  if (state === 'available') {
    columns.push({ header: 'In the pool since', className: 'cell-nowrap', cell: (license) => dayText(license.createdAt, timeZone) });
  } else {
    columns.push(
      { header: 'Device', cell: (license) => license.deviceName ?? <span className="muted">—</span> },
      { header: 'Assigned', className: 'cell-nowrap', cell: (license) => (license.assignedOn === null ? '—' : calendarDayText(license.assignedOn)) },
      { header: state === 'expired' ? 'Ran out after' : 'Valid until', className: 'cell-nowrap', cell: (license) => (license.validUntil === null ? '—' : calendarDayText(license.validUntil)) },
    );
  }
  if (state === 'available' && mayTransfer) {
    columns.push({
      header: 'Actions',
      className: 'cell-actions',
      cell: (license) => (
        <button type="button" className="button button-small" onClick={() => setMoving(moving === license.id ? null : license.id)}>
          Transfer
        </button>
      ),
    });
  }

  return (
    <Panel title="Device licenses" label="Device licenses" description={descriptions[tab]}>
      <Tabs
        label="Device licenses"
        tabs={tabs}
        value={tab}
        onChange={(next) => {
          setTab(next);
          if (next !== 'keys') setState(next);
          setMoving(null);
        }}
      />
      {tab === 'keys' ? (
        <div role="tabpanel" aria-label="License keys">
          <LicenseKeysTab tenantId={tenantId} timeZone={timeZone} version={version} />
        </div>
      ) : (
        <div role="tabpanel" aria-label={`${tabs.find((t) => t.value === state)?.label ?? ''} device licenses`}>
          <ProblemBanner problem={list.problem} context="Could not load the device licenses" />
          <Table
            label={`${tabs.find((t) => t.value === state)?.label ?? ''} device licenses`}
            columns={columns}
            rows={list.items}
            rowKey={(license) => license.id}
            loading={list.loading}
            empty={empties[state]}
            expanded={(license) =>
              moving === license.id ? (
                <TransferDeviceLicenseForm
                  tenantId={tenantId}
                  license={license}
                  onTransferred={(target) => {
                    setMoving(null);
                    onChanged(`Moved the ${license.category} license of ${termText(license.termDays)} to ${target.name}.`);
                  }}
                  onCancel={() => setMoving(null)}
                />
              ) : null
            }
          />
          <Pager list={list} />
        </div>
      )}
    </Panel>
  );
}
