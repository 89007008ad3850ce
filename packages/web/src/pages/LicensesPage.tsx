import { useState } from 'react';
import type { License, LicenseModel, Product, ProductOverview } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { LicenseStatusBadge } from '../components/LicenseStatusBadge';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { Table, type Column } from '../components/Table';
import { useContract } from '../hooks/useContract';
import { useLoad } from '../hooks/useLoad';
import { usePagedList } from '../hooks/usePagedList';
import { componentsFor, openRequestFor } from '../lib/commerce';
import { formatBound } from '../lib/dates';
import { licenseStatuses, modelDetail, modelLabel, statusLabel, subjectText, type LicenseStatus } from '../lib/license';
import { licenseModelNames } from '../lib/license-models';
import { navigate, routes } from '../lib/router';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { ExpiredLicensesBanner } from './ExpiredLicensesBanner';
import { GrantLicenseForm } from './GrantLicenseForm';
import { LicenseOverviewPanel } from './LicenseOverviewPanel';
import { LicenseUsageCell } from './LicenseUsageCell';
import { UpgradeDialog } from './UpgradeDialog';
import { UpgradeRequestsPanel } from './UpgradeRequestsPanel';

function isModel(value: string): value is LicenseModel {
  return (licenseModelNames() as string[]).includes(value);
}

export function LicensesPage() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const [granting, setGranting] = useState(false);
  const [model, setModel] = useState<LicenseModel | ''>('');
  const [product, setProduct] = useState('');
  const [status, setStatus] = useState<LicenseStatus | ''>('');
  // A filter left at "any" is not sent.
  const query = { model: model === '' ? undefined : model, product, status: status === '' ? undefined : status };
  const list = usePagedList([tenant.id, query], (page) => ok(api.GET('/v1/tenants/{t}/licenses', { params: { path: { t: tenant.id }, query: { ...query, ...page } } })));
  const products = useLoad('license-filter-products', () => ok(api.GET('/v1/products', { params: { query: { limit: 500 } } })));
  const zone = tenant.timeZone;
  // Upgrades (Lucanet): the contract prices the components; an open request blocks its product.
  const mayRequest = can('upgrades.request');
  const [requestsVersion, setRequestsVersion] = useState(0);
  const [upgrading, setUpgrading] = useState<ProductOverview | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const contract = useContract(tenant.id).data?.contract ?? null;
  const open = useLoad(`open-upgrades:${tenant.id}:${requestsVersion}`, () =>
    ok(api.GET('/v1/tenants/{t}/upgrade-requests', { params: { path: { t: tenant.id }, query: { status: 'open', limit: 100 } } })),
  );
  const upgradeAction = (product: ProductOverview) => {
    // Components raise licenses of a product, never of a solution.
    if (!mayRequest || product.kind === 'solution') return null;
    if (componentsFor(contract, product.licenses.map((l) => l.code)).length === 0) return null;
    // A signed file sets these licenses; an upgrade here would be undone, and block, by the next file.
    if (product.licenses.some((l) => l.source === 'license_file')) {
      return (
        <Link to={routes.licenseFile(tenant.id)} className="button button-small" title="These licenses come from the vendor's license file: a new file raises them.">
          Request a new file
        </Link>
      );
    }
    const pending = openRequestFor(open.data?.items ?? [], product.product);
    return pending !== null ? (
      <button type="button" className="button button-small" disabled title="An upgrade request for this product is being processed.">
        Request in progress
      </button>
    ) : (
      <button
        type="button"
        className="button button-small button-primary"
        aria-label={`Upgrade ${product.name}`}
        onClick={() => {
          setSent(null);
          setUpgrading(product);
        }}
      >
        Upgrade
      </button>
    );
  };

  const columns: Column<License>[] = [
    {
      header: 'License',
      cell: (license) => (
        <div className="cell-stack">
          <Link to={routes.license(tenant.id, license.id)} className="strong-link">
            {license.name}
          </Link>
          <span className="mono muted">{license.code}</span>
        </div>
      ),
    },
    {
      header: 'Grants',
      cell: (license) => (
        <div className="cell-stack">
          <span>{modelLabel(license.model)}</span>
          <span className="mono muted">{subjectText(license)}</span>
          {modelDetail(license) !== null && <span className="muted">{modelDetail(license)}</span>}
        </div>
      ),
    },
    { header: 'Usage', className: 'cell-usage', cell: (license) => <LicenseUsageCell license={license} /> },
    { header: 'Status', cell: (license) => <LicenseStatusBadge status={license.status} /> },
    {
      header: 'Valid',
      className: 'cell-nowrap',
      cell: (license) => (
        <div className="cell-stack">
          <span>from {formatBound(license.validFrom, 'from', zone)}</span>
          <span className="muted">{license.validUntil === null ? 'no end' : `through ${formatBound(license.validUntil, 'until', zone)}`}</span>
        </div>
      ),
    },
    {
      header: 'Package',
      cell: (license) => (
        <div className="cell-stack">
          {license.package === null ? <span className="muted">—</span> : <Badge tone="accent">{license.package}</Badge>}
          {license.role !== null && <span className="muted">role {license.role}</span>}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Licenses"
        description="What this tenant may use: every product of the catalog, and each license with its seats, concurrent users or consumption."
        actions={
          can('vendor.manage') &&
          !granting && (
            <button type="button" className="button button-primary" onClick={() => setGranting(true)}>
              Grant license
            </button>
          )
        }
      />
      <ExpiredLicensesBanner />
      {granting && (
        <Panel focusFirstField title="Grant license" description={`Dates are days in the tenant's time zone (${zone}); a license runs through its last day.`}>
          <GrantLicenseForm onCreated={(license) => navigate(routes.license(tenant.id, license.id))} onCancel={() => setGranting(false)} />
        </Panel>
      )}
      {sent !== null && (
        <div className="banner banner-success" role="status">
          {sent}
        </div>
      )}
      <LicenseOverviewPanel tenantId={tenant.id} actions={upgradeAction} />
      {upgrading !== null && contract !== null && (
        <UpgradeDialog
          tenantId={tenant.id}
          product={upgrading.product}
          productName={upgrading.name}
          contract={contract}
          components={componentsFor(contract, upgrading.licenses.map((l) => l.code))}
          onSent={(request) => {
            setUpgrading(null);
            setRequestsVersion((n) => n + 1);
            setSent(`Sent the upgrade request for ${upgrading.name} (${request.items.length} ${request.items.length === 1 ? 'component' : 'components'}). You will receive an e-mail and an in-app notification once it has been processed.`);
          }}
          onClose={() => setUpgrading(null)}
        />
      )}
      <Panel title="All licenses">
        <div className="toolbar">
          <label className="inline-field">
            <span>Model</span>
            <select value={model} onChange={(e) => setModel(isModel(e.target.value) ? e.target.value : '')}>
              <option value="">All models</option>
              {licenseModelNames().map((m) => (
                <option key={m} value={m}>
                  {modelLabel(m)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>Product</span>
            <select value={product} onChange={(e) => setProduct(e.target.value)}>
              <option value="">All products</option>
              {products.data?.items.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name} ({p.code})
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>Status</span>
            <select value={status} onChange={(e) => setStatus(licenseStatuses.find((s) => s === e.target.value) ?? '')}>
              <option value="">Any status</option>
              {licenseStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ProblemBanner problem={list.problem} context="Could not load licenses" />
        <Table label="Licenses" columns={columns} rows={list.items} rowKey={(license) => license.id} loading={list.loading} empty="No licenses match." />
        <Pager list={list} />
      </Panel>
      <UpgradeRequestsPanel
        tenantId={tenant.id}
        contract={contract}
        timeZone={zone}
        version={requestsVersion}
      />
    </>
  );
}
