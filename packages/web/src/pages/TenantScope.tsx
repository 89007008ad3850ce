import { useMemo, type ReactNode } from 'react';
import type { Tenant } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { AppShell } from '../components/AppShell';
import { PageHeader } from '../components/PageHeader';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { TenantContext, type TenantValue } from '../lib/tenant';
import { DemoModeBanner } from './DemoModeBanner';

/** Loads the tenant of a `/tenants/{t}/…` page once and shares it with the page and the shell. */
export function TenantScope({ tenantId, children }: { tenantId: string; children: ReactNode }) {
  const loaded = useLoad<Tenant>(`tenant:${tenantId}`, () => ok(api.GET('/v1/tenants/{t}', { params: { path: { t: tenantId } } })));
  const { data: tenant, setData } = loaded;
  const value = useMemo<TenantValue | null>(() => (tenant === null ? null : { tenant, setTenant: setData }), [tenant, setData]);

  // While another tenant's data is still shown, wait for the right one.
  if (value === null || value.tenant.id !== tenantId) {
    return (
      <AppShell tenant={null}>
        {loaded.problem !== null ? (
          <>
            <PageHeader title="Tenant not available" />
            <ProblemBanner problem={loaded.problem} context="Could not open the tenant" />
          </>
        ) : (
          <p className="muted">Loading tenant…</p>
        )}
      </AppShell>
    );
  }
  return (
    <TenantContext.Provider value={value}>
      <AppShell tenant={value.tenant}>
        {value.tenant.status === 'demo' && <DemoModeBanner tenant={value.tenant} />}
        {children}
      </AppShell>
    </TenantContext.Provider>
  );
}
