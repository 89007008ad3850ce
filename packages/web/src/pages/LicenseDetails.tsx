import type { License } from '../api/license-types';
import { Badge } from '../components/Badge';
import { LicenseStatusBadge } from '../components/LicenseStatusBadge';
import { formatBound } from '../lib/dates';
import { formatInstant } from '../lib/format';
import { availableText, hasSeats, modelLabel, subjectText } from '../lib/license';
import { LicenseUsageCell } from './LicenseUsageCell';

const sourceLabels: Record<License['source'], string> = { manual: 'Granted in the console or API', license_file: 'License file', upgrade: 'Upgrade', purchase: 'Purchase' };

/** Usage first, then the terms of the grant. */
export function LicenseDetails({ license, timeZone }: { license: License; timeZone: string }) {
  const seats = hasSeats(license);
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
