import type { ReactNode } from 'react';
import type { Permission } from '@allot/core';
import type { SessionInfo } from '@allot/sdk/openapi';
import { AppShell } from './components/AppShell';
import { Forbidden } from './components/Forbidden';
import { Redirect } from './components/Redirect';
import { matchPath, routes, usePath } from './lib/router';
import { useSession } from './lib/session';
import { useTenant } from './lib/tenant';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { AuditPage } from './pages/AuditPage';
import { CatalogPage } from './pages/CatalogPage';
import { ContractPage } from './pages/ContractPage';
import { DayCodesPage } from './pages/DayCodesPage';
import { DeniedAccessPage } from './pages/DeniedAccessPage';
import { DevicesPage } from './pages/DevicesPage';
import { expiredLicenses } from './pages/ExpiredLicensesBanner';
import { ExcessUsagePage } from './pages/ExcessUsagePage';
import { GroupPage } from './pages/GroupPage';
import { GroupsPage } from './pages/GroupsPage';
import { InvoicesPage } from './pages/InvoicesPage';
import { LicenseFilePage } from './pages/LicenseFilePage';
import { LicensePage } from './pages/LicensePage';
import { LicensesPage } from './pages/LicensesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PlanningPage } from './pages/PlanningPage';
import { SessionsPage } from './pages/SessionsPage';
import { TenantOverviewPage } from './pages/TenantOverviewPage';
import { TenantScope } from './pages/TenantScope';
import { TenantsPage } from './pages/TenantsPage';
import { UpgradeQueuePage } from './pages/UpgradeQueuePage';
import { UsersPage } from './pages/UsersPage';
import { WebhooksPage } from './pages/WebhooksPage';

/** Where a session starts: the vendor at the tenant list, anyone else in their own tenant. */
export function landingPath(session: SessionInfo): string {
  if (session.kind === 'vendor_admin' || session.tenantId === null) return routes.tenants;
  return routes.tenant(session.tenantId);
}

/**
 * Where a login lands: an owner or system admin whose tenant has an expired license goes to the
 * licenses page, whose banner says what expired and what to do (Creatio); anyone else as `landingPath`.
 */
export async function loginLandingPath(session: SessionInfo): Promise<string> {
  const tenantId = session.kind === 'vendor_admin' ? null : session.tenantId;
  const administers = session.roles.some((role) => role === 'owner' || role === 'system_admin');
  if (tenantId === null || !administers) return landingPath(session);
  const expired = await expiredLicenses(tenantId).catch(() => []);
  return expired.length > 0 ? routes.licenses(tenantId) : landingPath(session);
}

function Guarded({ permission, title, children }: { permission: Permission; title: string; children: ReactNode }) {
  const { can } = useSession();
  return can(permission) ? children : <Forbidden title={title} permission={permission} />;
}

function TenantKeys() {
  const { tenant } = useTenant();
  return <ApiKeysPage tenantId={tenant.id} timeZone={tenant.timeZone} />;
}

function TenantWebhooks() {
  const { tenant } = useTenant();
  return <WebhooksPage tenantId={tenant.id} timeZone={tenant.timeZone} />;
}

function TenantAudit() {
  const { tenant } = useTenant();
  return <AuditPage tenantId={tenant.id} timeZone={tenant.timeZone} />;
}

interface TenantRoute {
  pattern: string;
  render: (params: Record<string, string>) => ReactNode;
}

const tenantRoutes: TenantRoute[] = [
  { pattern: '/tenants/:t', render: () => <TenantOverviewPage /> },
  { pattern: '/tenants/:t/users', render: () => <Guarded permission="users.read" title="Users"><UsersPage /></Guarded> },
  { pattern: '/tenants/:t/groups', render: () => <Guarded permission="users.read" title="Groups"><GroupsPage /></Guarded> },
  {
    pattern: '/tenants/:t/groups/:g',
    render: (params) => <Guarded permission="users.read" title="Group"><GroupPage key={params.g} groupId={params.g ?? ''} /></Guarded>,
  },
  { pattern: '/tenants/:t/licenses', render: () => <Guarded permission="licenses.read" title="Licenses"><LicensesPage /></Guarded> },
  {
    pattern: '/tenants/:t/licenses/:l',
    render: (params) => <Guarded permission="licenses.read" title="License"><LicensePage key={params.l} licenseId={params.l ?? ''} /></Guarded>,
  },
  {
    pattern: '/tenants/:t/licenses/:l/planning',
    render: (params) => <Guarded permission="licenses.read" title="Seat planning"><PlanningPage key={params.l} licenseId={params.l ?? ''} /></Guarded>,
  },
  { pattern: '/tenants/:t/license-file', render: () => <Guarded permission="licenses.read" title="License file"><LicenseFilePage /></Guarded> },
  { pattern: '/tenants/:t/devices', render: () => <Guarded permission="licenses.read" title="Devices"><DevicesPage /></Guarded> },
  { pattern: '/tenants/:t/sessions', render: () => <Guarded permission="licenses.read" title="Sessions"><SessionsPage /></Guarded> },
  { pattern: '/tenants/:t/denied-access', render: () => <Guarded permission="licenses.read" title="Denied access"><DeniedAccessPage /></Guarded> },
  { pattern: '/tenants/:t/excess-usage', render: () => <Guarded permission="licenses.read" title="Excess usage"><ExcessUsagePage /></Guarded> },
  { pattern: '/tenants/:t/day-codes', render: () => <Guarded permission="licenses.read" title="Day codes"><DayCodesPage /></Guarded> },
  { pattern: '/tenants/:t/contract', render: () => <Guarded permission="licenses.read" title="Contract"><ContractPage /></Guarded> },
  { pattern: '/tenants/:t/invoices', render: () => <Guarded permission="licenses.read" title="Invoices"><InvoicesPage /></Guarded> },
  { pattern: '/tenants/:t/api-keys', render: () => <Guarded permission="api_keys.manage" title="API keys"><TenantKeys /></Guarded> },
  { pattern: '/tenants/:t/webhooks', render: () => <Guarded permission="licenses.manage" title="Webhooks"><TenantWebhooks /></Guarded> },
  { pattern: '/tenants/:t/audit', render: () => <Guarded permission="audit.read" title="Audit log"><TenantAudit /></Guarded> },
];

const vendorRoutes: Record<string, { permission: Permission; title: string; render: () => ReactNode }> = {
  [routes.tenants]: { permission: 'vendor.manage', title: 'Tenants', render: () => <TenantsPage /> },
  [routes.catalog]: { permission: 'catalog.read', title: 'Catalog', render: () => <CatalogPage /> },
  [routes.upgradeQueue]: { permission: 'vendor.manage', title: 'Upgrade requests', render: () => <UpgradeQueuePage /> },
  [routes.vendorKeys]: { permission: 'vendor.manage', title: 'Vendor API keys', render: () => <ApiKeysPage tenantId={null} /> },
  [routes.vendorWebhooks]: { permission: 'vendor.manage', title: 'Webhooks', render: () => <WebhooksPage tenantId={null} /> },
  [routes.vendorAudit]: { permission: 'vendor.manage', title: 'Audit log', render: () => <AuditPage tenantId={null} /> },
};

export function ConsoleRoutes() {
  const path = usePath();
  const { session } = useSession();
  const isVendor = session.kind === 'vendor_admin';

  if (path === '/' || path === '/login') return <Redirect to={landingPath(session)} />;

  const vendorRoute = vendorRoutes[path];
  if (vendorRoute !== undefined) {
    // Someone of one tenant has no vendor pages; their start is their tenant.
    if (!isVendor) return <Redirect to={landingPath(session)} />;
    return (
      <AppShell tenant={null}>
        <Guarded permission={vendorRoute.permission} title={vendorRoute.title}>
          {vendorRoute.render()}
        </Guarded>
      </AppShell>
    );
  }

  for (const route of tenantRoutes) {
    const params = matchPath(route.pattern, path);
    if (params === null) continue;
    const tenantId = params.t ?? '';
    return (
      <TenantScope key={tenantId} tenantId={tenantId}>
        {route.render(params)}
      </TenantScope>
    );
  }

  return (
    <AppShell tenant={null}>
      <NotFoundPage />
    </AppShell>
  );
}
