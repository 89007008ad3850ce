import type { License, LicenseModelSpec } from '@allot/sdk/openapi';
import { Badge } from '../components/Badge';
import { LicenseStatusBadge } from '../components/LicenseStatusBadge';
import { formatBound } from '../lib/dates';
import { formatInstant } from '../lib/format';
import { availableText, bundleText, concurrentUsers, count, hasSeats, isConcurrent, isConsumption, isUnlimited, modelLabel, subjectText } from '../lib/license';
import { hasField, modelSpec } from '../lib/license-models';
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

const freeUnits: Partial<Record<LicenseModelSpec['usedFrom'], string>> = {
  hits_this_year: 'hits left this year',
  data_ticks: 'MB left',
  counted_objects: 'more objects can be counted',
  live_links: 'free in the pool',
};

/** What is left of the quantity, in the model's units: "12,000 hits left this year", "1,999 MB left". */
function freeText(license: License): { figure: string; unit: string } {
  const figure = license.available === null ? '∞' : count(license.available);
  return { figure, unit: freeUnits[modelSpec(license.model).usedFrom] ?? 'free' };
}

/** The terms only a consumption model has. */
function ConsumptionTerms({ license }: { license: License }) {
  const quota = isUnlimited(license) ? '∞' : count(license.quantity ?? 0);
  switch (modelSpec(license.model).usedFrom) {
    case 'hits_this_year':
      return (
        <>
          <dt>Quota</dt>
          <dd>{quota} hits per calendar year · whole again on 1 January</dd>
          <dt>Counts</dt>
          <dd data-testid="bundle">{bundleText(license.bundle)}</dd>
        </>
      );
    case 'data_ticks':
      return (
        <>
          <dt>Quota</dt>
          <dd>{isUnlimited(license) ? 'Unlimited' : `${quota} ${modelSpec(license.model).quantityUnit} (${count((license.quantity ?? 0) * modelSpec(license.model).usedPerQuantity)} ${modelSpec(license.model).usedUnit})`} · 1 MB is 1000 KB; usage never resets</dd>
        </>
      );
    case 'counted_objects':
      return (
        <>
          <dt>Maximum</dt>
          <dd>
            {quota} counted {license.quantity === 1 && !isUnlimited(license) ? 'object' : 'objects'}
          </dd>
          <dt>Object kind</dt>
          <dd className="mono">{license.objectKind ?? '—'}</dd>
          <dt>Counted statuses</dt>
          <dd>{license.countedStatuses === null ? <span className="muted">Every status counts</span> : license.countedStatuses.join(', ')}</dd>
        </>
      );
    case 'live_links':
      return (
        <>
          <dt>Pool</dt>
          <dd>{quota} users linked at a time</dd>
          <dt>Retention</dt>
          <dd>{license.retentionDays === null ? '—' : `${license.retentionDays} days after the last access`}</dd>
        </>
      );
    default:
      return null;
  }
}

/** Usage first, then the terms of the grant. */
export function LicenseDetails({ license, timeZone }: { license: License; timeZone: string }) {
  const seats = hasSeats(license);
  const concurrent = isConcurrent(license);
  const consumption = isConsumption(license);
  const free = consumption ? freeText(license) : null;
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
        {free !== null && (
          <div className="license-usage-facts">
            <span data-testid="usage-left">
              <strong>{free.figure}</strong> {free.unit}
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
            <dt>Borrowing</dt>
            <dd data-testid="borrowing">
              {license.maxBorrowDays === null || license.maxBorrowDays === 0 ? (
                <span className="muted">not allowed</span>
              ) : (
                <>
                  up to {license.maxBorrowDays} {license.maxBorrowDays === 1 ? 'day' : 'days'} <span className="muted">· a borrowed session holds its licenses offline until it is returned or ends</span>
                </>
              )}
            </dd>
          </>
        )}
        {consumption && <ConsumptionTerms license={license} />}
        <dt>Valid from</dt>
        <dd>{formatBound(license.validFrom, 'from', timeZone)}</dd>
        <dt>Valid through</dt>
        <dd>{license.validUntil === null ? <span className="muted">No end</span> : formatBound(license.validUntil, 'until', timeZone)}</dd>
        <dt>Package</dt>
        <dd>{license.package === null ? <span className="muted">—</span> : <Badge tone="accent">{license.package}</Badge>}</dd>
        {hasField(license.model, 'role') && (
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
