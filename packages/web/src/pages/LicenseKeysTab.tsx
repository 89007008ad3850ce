import { useEffect, useState } from 'react';
import type { TenantLicenseKey } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { Pager } from '../components/Pager';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { usePagedList } from '../hooks/usePagedList';
import { dayText } from '../lib/dates';
import { maskedKey, termLongText, termText } from '../lib/devices';
import { actorLabel } from '../lib/format';

interface LicenseKeysTabProps {
  tenantId: string;
  timeZone: string;
  /** Bumped by the page after each change (a key registered). */
  version: number;
}

/** Where a key's licenses are now: "2 in the pool · 1 running"; or expired, when none is in either. */
function KeyState({ licenseKey }: { licenseKey: TenantLicenseKey }) {
  if (licenseKey.state === 'expired') {
    return (
      <Badge tone="danger" title="None of its licenses is in the pool or runs on a device: they ran out, or were detached into a remainder">
        Expired
      </Badge>
    );
  }
  const where = [licenseKey.available > 0 && `${licenseKey.available} in the pool`, licenseKey.running > 0 && `${licenseKey.running} running`].filter((part) => part !== false);
  return (
    <span className="cell-stack">
      <Badge tone="success">Active</Badge>
      <span className="muted">{where.join(' · ')}</span>
    </span>
  );
}

/**
 * LANCOM's "License keys" tab: every key registered in the tenant, with category, term, count, who
 * registered it and when; keys whose licenses have all run out stay listed, as expired.
 */
export function LicenseKeysTab({ tenantId, timeZone, version }: LicenseKeysTabProps) {
  const [shown, setShown] = useState(false);
  const list = usePagedList([tenantId], (page) => ok(api.GET('/v1/tenants/{t}/license-keys', { params: { path: { t: tenantId }, query: page } })));
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const columns: Column<TenantLicenseKey>[] = [
    { header: 'License key', className: 'cell-nowrap', cell: (key) => <span className="mono">{shown ? key.key : maskedKey(key.key)}</span> },
    { header: 'Category', cell: (key) => <span className="strong">{key.category}</span> },
    { header: 'Term', className: 'cell-nowrap', cell: (key) => <span title={termLongText(key.termDays)}>{termText(key.termDays)}</span> },
    { header: 'Licenses', className: 'cell-number', cell: (key) => key.count },
    { header: 'Registered by', cell: (key) => (key.registeredBy === null ? <span className="muted">—</span> : actorLabel(key.registeredBy)) },
    { header: 'Registered', className: 'cell-nowrap', cell: (key) => (key.registeredAt === null ? '—' : dayText(key.registeredAt, timeZone)) },
    {
      header: 'Status',
      className: 'cell-nowrap',
      cell: (key) => <KeyState licenseKey={key} />,
    },
  ];

  return (
    <>
      <ProblemBanner problem={list.problem} context="Could not load the license keys" />
      <label className="check">
        <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show keys
      </label>
      <Table label="License keys" columns={columns} rows={list.items} rowKey={(key) => key.id} loading={list.loading} empty="No license key is registered in this tenant." />
      <Pager list={list} />
    </>
  );
}
