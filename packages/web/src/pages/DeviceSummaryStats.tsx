import { useEffect } from 'react';
import type { DeviceSummary } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';

interface DeviceSummaryStatsProps {
  tenantId: string;
  /** Bumped by the page after each change. */
  version: number;
}

function Stat({ label, value, note, testId }: { label: string; value: number | undefined; note: string; testId: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat-value" data-testid={testId}>
          {value ?? '—'}
        </span>
        <span className="stat-note">{note}</span>
      </dd>
    </div>
  );
}

/** LANCOM's head of the license view: licensed and unlicensed devices, counted by the server over every device. */
export function DeviceSummaryStats({ tenantId, version }: DeviceSummaryStatsProps) {
  const summary = useLoad<DeviceSummary>(`device-summary:${tenantId}`, () => ok(api.GET('/v1/tenants/{t}/device-summary', { params: { path: { t: tenantId } } })));
  const { reload } = summary;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const data = summary.data;
  return (
    <>
      <ProblemBanner problem={summary.problem} context="Could not count the devices" />
      <dl className="stats device-stats" aria-label="Device licensing">
        <Stat label="Licensed devices" value={data?.licensed} note={data === null ? '' : `of ${data.devices} ${data.devices === 1 ? 'device' : 'devices'}`} testId="licensed-devices" />
        <Stat label="Unlicensed devices" value={data?.unlicensed} note="no license, or it has run out" testId="unlicensed-devices" />
        <Stat label="Running out" value={data?.expiring} note="30 days left or fewer" testId="expiring-devices" />
        <Stat label="Licenses in the pool" value={data?.pooled} note="ready to assign" testId="pooled-licenses" />
      </dl>
    </>
  );
}
