import { lazy, Suspense } from 'react';
import type { Denial, ExcessUse, License, Tenant, UpgradeRequest } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { Link } from '../components/Link';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useDirectory } from '../hooks/useDirectory';
import { useLoad } from '../hooks/useLoad';
import { useNow } from '../hooks/useNow';
import { accessCodeLabel, accessCodeMeaning, accessCodeTone } from '../lib/access';
import { formatInstant } from '../lib/format';
import { isConcurrent, modelLabel } from '../lib/license';
import { formatMoney, defaultMoneyLocale } from '../lib/money';
import { licenseFill, licenseWarnings } from '../lib/overview';
import { routes } from '../lib/router';
import { tenantNowMs } from '../lib/sessions';

const UsageDonut = lazy(() => import('./OverviewCharts').then((module) => ({ default: module.UsageDonut })));
const SessionsNowChart = lazy(() => import('./OverviewCharts').then((module) => ({ default: module.SessionsNowChart })));

const recent = 5;

/** Where a license manager lands: how full each license is, what needs attention, what was refused, what waits for the vendor. */
export function OverviewDashboard({ tenant }: { tenant: Tenant }) {
  const t = tenant.id;
  const licenses = useLoad(`overview-licenses:${t}`, () => ok(api.GET('/v1/tenants/{t}/licenses', { params: { path: { t }, query: { limit: 500 } } })));
  const denials = useLoad(`overview-denials:${t}`, () => ok(api.GET('/v1/tenants/{t}/logs/denied', { params: { path: { t }, query: { limit: recent } } })));
  const excess = useLoad(`overview-excess:${t}`, () => ok(api.GET('/v1/tenants/{t}/logs/excess', { params: { path: { t }, query: { limit: recent } } })));
  const upgrades = useLoad(`overview-upgrades:${t}`, () => ok(api.GET('/v1/tenants/{t}/upgrade-requests', { params: { path: { t }, query: { status: 'open', limit: 20 } } })));
  const directory = useDirectory(t);
  const nowMs = tenantNowMs(tenant, useNow(60_000));
  const all = licenses.data?.items ?? [];
  const warnings = licenseWarnings(all, nowMs, tenant.timeZone);
  const filled = all.flatMap((license) => {
    const fill = licenseFill(license);
    return fill === null ? [] : [{ license, fill }];
  });
  const concurrent = all.filter((license) => isConcurrent(license) && license.quantity !== null);
  const licenseName = (id: string | null) => (id === null ? null : (all.find((license) => license.id === id)?.name ?? null));

  const denialColumns: Column<Denial>[] = [
    { header: 'When', className: 'cell-nowrap', cell: (denial) => formatInstant(denial.at, tenant.timeZone) },
    { header: 'User', cell: (denial) => directory.userLabel(denial.userId) },
    { header: 'Module', cell: (denial) => <span className="mono">{denial.module}</span> },
    {
      header: 'Reason',
      cell: (denial) => (
        <Badge tone={accessCodeTone(denial.code, false)} title={accessCodeMeaning(denial.code)}>
          {accessCodeLabel(denial.code)}
        </Badge>
      ),
    },
  ];
  const excessColumns: Column<ExcessUse>[] = [
    { header: 'When', className: 'cell-nowrap', cell: (use) => formatInstant(use.at, tenant.timeZone) },
    { header: 'License', cell: (use) => licenseName(use.licenseId) ?? <span className="mono">{use.licenseCode}</span> },
    { header: 'User', cell: (use) => directory.userLabel(use.userId) },
    { header: 'Beyond the maximum', className: 'cell-number', cell: (use) => `${use.excessUsers} over ${use.licensedMaximum}` },
  ];
  const upgradeColumns: Column<UpgradeRequest>[] = [
    { header: 'Requested', className: 'cell-nowrap', cell: (request) => formatInstant(request.requestedAt, tenant.timeZone) },
    { header: 'Product', cell: (request) => request.productName },
    { header: 'Items', cell: (request) => request.items.map((item) => `${item.quantity} × ${item.name}`).join(', ') },
    { header: 'Monthly', className: 'cell-number', cell: (request) => formatMoney(request.monthlyTotal, request.currency, defaultMoneyLocale) },
  ];

  return (
    <>
      <ProblemBanner problem={licenses.problem} context="Could not load the licenses" />
      <Panel title="Needs attention" label="Needs attention">
        {licenses.data === null ? (
          <p className="muted">Loading…</p>
        ) : warnings.length === 0 ? (
          <p className="muted">No license is past its threshold, over its limit, suspended, expired or ending within 30 days.</p>
        ) : (
          <ul className="warning-list">
            {warnings.map((warning, index) => (
              <li key={`${warning.licenseId}-${index}`}>
                <Badge tone={warning.tone}>{warning.tone === 'danger' ? 'Act now' : 'Check'}</Badge>{' '}
                <Link to={routes.license(t, warning.licenseId)}>{warning.text}</Link>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Licenses in use" description="Used and free of each license with a limit; unlimited and uncounted licenses are left out." label="Licenses in use">
        {licenses.data !== null && filled.length === 0 && <p className="muted">No license with a limit.</p>}
        <ul className="donut-grid">
          {filled.map(({ license, fill }) => (
            <li key={license.id} className="donut-card">
              <div className="donut" aria-hidden="true">
                <Suspense fallback={null}>
                  <UsageDonut fill={fill} />
                </Suspense>
              </div>
              <div className="donut-text">
                <Link to={routes.license(t, license.id)} className="strong-link">
                  {license.name}
                </Link>
                <span className="muted">{modelLabel(license.model)}</span>
                <span data-testid="fill">{fill.text}</span>
              </div>
            </li>
          ))}
        </ul>
      </Panel>
      {concurrent.length > 0 && (
        <Panel title="Sessions now" description="Live sessions on the busiest module of each concurrent license, against the licensed maximum." label="Sessions now">
          <figure className="chart-figure" aria-labelledby="sessions-now-caption">
            <div className="chart-box" aria-hidden="true" data-testid="sessions-now-chart">
              <Suspense fallback={null}>
                <SessionsNowChart rows={concurrent.map((license) => ({ name: license.name, inUse: license.used, licensed: license.quantity ?? 0 }))} />
              </Suspense>
            </div>
            <figcaption id="sessions-now-caption">
              <ul className="chart-caption-list">
                {concurrent.map((license) => (
                  <li key={license.id}>
                    {license.name}: {license.used} of {license.quantity} in use now
                  </li>
                ))}
              </ul>
            </figcaption>
          </figure>
        </Panel>
      )}
      <Panel title="Recent denials" actions={<Link to={routes.denied(t)}>All denials</Link>} label="Recent denials">
        <ProblemBanner problem={denials.problem} />
        <Table label="Recent denials" columns={denialColumns} rows={denials.data?.items ?? []} rowKey={(denial) => denial.id} loading={denials.loading} empty="No access was denied." />
      </Panel>
      <Panel title="Recent excess usage" actions={<Link to={routes.excess(t)}>All excess usage</Link>} label="Recent excess usage">
        <ProblemBanner problem={excess.problem} />
        <Table label="Recent excess usage" columns={excessColumns} rows={excess.data?.items ?? []} rowKey={(use) => use.id} loading={excess.loading} empty="Nobody used a license beyond its maximum." />
      </Panel>
      <Panel title="Open upgrade requests" actions={<Link to={routes.contract(t)}>Contract and upgrades</Link>} label="Open upgrade requests">
        <ProblemBanner problem={upgrades.problem} />
        <Table label="Open upgrade requests" columns={upgradeColumns} rows={upgrades.data?.items ?? []} rowKey={(request) => request.id} loading={upgrades.loading} empty="No upgrade request waits for the vendor." />
      </Panel>
    </>
  );
}
