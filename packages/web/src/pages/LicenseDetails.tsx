import type { License } from '../api/license-types';
import { Badge } from '../components/Badge';
import { LicenseStatusBadge } from '../components/LicenseStatusBadge';
import { formatBound } from '../lib/dates';
import { formatInstant } from '../lib/format';
import { availableText, concurrentUsers, hasSeats, isConcurrent, isUnlimited, modelLabel, subjectText } from '../lib/license';
import { heartbeatText } from '../lib/sessions';
import { LicenseUsageCell } from './LicenseUsageCell';

const sourceLabels: Record<License['source'], string> = { manual: 'Granted in the console or API', license_file: 'License file', upgrade: 'Upgrade', purchase: 'Purchase' };

/** Free concurrent users now; past the maximum (a grace period) the excess instead. */
function ConcurrentFacts({ license }: { license: License }) {
  const free = isUnlimited(license) ? null : (license.quantity ?? 0) - license.used;
  return (
    <div className="license-usage-facts">
      {free !== null && free < 0 ? (
        <span className="text-warning">
          <strong>{-free}</strong> beyond the maximum (grace period)
        </span>
      ) : (
        <span>
          <strong>{availableText(free)}</strong> free now
        </span>
      )}
    </div>
  );
}

/** Usage first, then the terms of the grant. */
export function LicenseDetails({ license, timeZone }: { license: License; timeZone: string }) {
  const seats = hasSeats(license);
  const concurrent = isConcurrent(license);
  return (
    <div className="license-summary">
      <div className="license-usage">
        <LicenseUsageCell license={license} large />
        {seats && (
          <div className="license-usage-facts">
            <span>
              <strong>{availableText(license.available)}</strong> free
            </span>
            {license.thresholdPercent !== null && (
              <span className={license.thresholdReached ? 'text-warning' : undefined}>
                Threshold {license.thresholdPercent}%{license.thresholdReached ? ' reached' : ''}
              </span>
            )}
          </div>
        )}
        {concurrent && <ConcurrentFacts license={license} />}
      </div>
      <dl className="details" aria-label="License details">
        <dt>Status</dt>
        <dd>
          <LicenseStatusBadge status={license.status} />
        </dd>
        <dt>Model</dt>
        <dd>{modelLabel(license.model)}</dd>
        <dt>Grants</dt>
        <dd className="mono">{subjectText(license)}</dd>
        {concurrent && (
          <>
            <dt>Maximum</dt>
            <dd>{concurrentUsers(license)} per module at a time</dd>
            <dt>Heartbeat</dt>
            <dd data-testid="heartbeat">
              {license.heartbeatSeconds === null ? (
                <span className="muted">—</span>
              ) : (
                <>
                  {heartbeatText(license.heartbeatSeconds)} <span className="muted">· a session not heard from for this long stops counting</span>
                </>
              )}
            </dd>
          </>
        )}
        <dt>Valid from</dt>
        <dd>{formatBound(license.validFrom, 'from', timeZone)}</dd>
        <dt>Valid through</dt>
        <dd>{license.validUntil === null ? <span className="muted">No end</span> : formatBound(license.validUntil, 'until', timeZone)}</dd>
        <dt>Package</dt>
        <dd>{license.package === null ? <span className="muted">—</span> : <Badge tone="accent">{license.package}</Badge>}</dd>
        {license.model === 'named' && (
          <>
            <dt>User role</dt>
            <dd>{license.role ?? <span className="muted">Any user</span>}</dd>
          </>
        )}
        <dt>Source</dt>
        <dd>{sourceLabels[license.source]}</dd>
        <dt>Id</dt>
        <dd className="mono">{license.id}</dd>
        <dt>Updated</dt>
        <dd>{formatInstant(license.updatedAt, timeZone)}</dd>
      </dl>
    </div>
  );
}
