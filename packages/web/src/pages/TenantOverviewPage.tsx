import { useState } from 'react';
import { api, ok } from '../api/client';
import { Badge } from '../components/Badge';
import { ConfirmButton } from '../components/ConfirmButton';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { formatInstant, tenantStatusLabel } from '../lib/format';
import { navigate, routes } from '../lib/router';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { ClockPanel } from './ClockPanel';
import { OverviewDashboard } from './OverviewDashboard';
import { TenantSettingsForm } from './TenantSettingsForm';

export function TenantOverviewPage() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  const removal = useSubmit();

  const remove = () =>
    removal.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}', { params: { path: { t: tenant.id } } }));
      navigate(routes.tenants);
    });

  return (
    <>
      <PageHeader
        title={tenant.name}
        description="Tenant overview"
        actions={
          can('tenant.manage') &&
          !editing && (
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit tenant
            </button>
          )
        }
      />
      {can('licenses.read') && <OverviewDashboard tenant={tenant} />}
      <Panel title="Details">
        {editing ? (
          <TenantSettingsForm onDone={() => setEditing(false)} />
        ) : (
          <dl className="details" aria-label="Tenant details">
            <dt>Id</dt>
            <dd className="mono">{tenant.id}</dd>
            <dt>Name</dt>
            <dd>{tenant.name}</dd>
            <dt>Customer code</dt>
            <dd className="mono">{tenant.customerCode}</dd>
            <dt>Time zone</dt>
            <dd>{tenant.timeZone}</dd>
            <dt>Mode</dt>
            <dd>{tenant.mode === 'sandbox' ? <Badge tone="warning">Sandbox</Badge> : <Badge tone="success">Live</Badge>}</dd>
            <dt>Status</dt>
            <dd>
              <Badge tone={tenant.status === 'demo' ? 'info' : 'neutral'}>{tenantStatusLabel(tenant.status)}</Badge>
            </dd>
            <dt>Created</dt>
            <dd>{formatInstant(tenant.createdAt, tenant.timeZone)}</dd>
            <dt>Updated</dt>
            <dd>{formatInstant(tenant.updatedAt, tenant.timeZone)}</dd>
          </dl>
        )}
      </Panel>
      {tenant.mode === 'sandbox' && <ClockPanel />}
      {can('vendor.manage') && (
        <Panel title="Delete tenant" tone="danger" description="Deletes the tenant with its users, groups, keys and licenses. This cannot be undone.">
          <ProblemBanner problem={removal.problem} context="Could not delete the tenant" />
          <ConfirmButton label="Delete tenant" confirmLabel={`Yes, delete ${tenant.name}`} onConfirm={remove} busy={removal.busy} />
        </Panel>
      )}
    </>
  );
}
