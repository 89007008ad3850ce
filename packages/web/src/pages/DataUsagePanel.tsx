import type { License, LicenseUsage } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { count } from '../lib/license';

interface DataUsagePanelProps {
  license: License;
  /** Bumped by the page to read the usage again. */
  version: number;
  onRefresh: () => void;
}

/** Planon's data usage: MB ticks so far, the KB carried to the next tick, and the MB left of the GB quota. */
export function DataUsagePanel({ license, version, onRefresh }: DataUsagePanelProps) {
  const usage = useLoad<LicenseUsage>(`data-usage:${license.id}:${version}`, () => ok(api.GET('/v1/tenants/{t}/licenses/{l}/usage', { params: { path: { t: license.tenantId, l: license.id } } })));
  const data = usage.data;
  const left = data?.megabytesLeft;
  return (
    <Panel
      title="Data ticks"
      label="Data usage"
      actions={
        <button type="button" className="button button-small" onClick={onRefresh}>
          Refresh
        </button>
      }
      description="Applications report kilobytes; each full 1000 KB of the running total is one tick (1 MB) and the rest is carried. Ticks never expire and never reset."
    >
      <ProblemBanner problem={usage.problem} context="Could not load the data usage" />
      <dl className="stats" aria-label="Data usage figures">
        <div className="stat">
          <dt>Total ticks</dt>
          <dd>
            <span className="stat-value" data-testid="total-ticks">
              {data?.totalTicks === undefined ? '—' : `${count(data.totalTicks)} MB`}
            </span>
            <span className="stat-note">registered so far</span>
          </dd>
        </div>
        <div className="stat">
          <dt>Carried</dt>
          <dd>
            <span className="stat-value" data-testid="carried-kilobytes">
              {data?.carriedKilobytes === undefined ? '—' : `${count(data.carriedKilobytes)} KB`}
            </span>
            <span className="stat-note">towards the next tick</span>
          </dd>
        </div>
        <div className="stat">
          <dt>Left of the quota</dt>
          <dd>
            <span className="stat-value" data-testid="megabytes-left">
              {left === undefined ? '—' : left < 0 ? 'Unlimited' : `${count(left)} MB`}
            </span>
            {left !== undefined && left >= 0 && license.quantity !== null && <span className="stat-note">of {count(license.quantity * 1000)} MB ({count(license.quantity)} GB)</span>}
          </dd>
        </div>
      </dl>
    </Panel>
  );
}
