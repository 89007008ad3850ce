import { useState } from 'react';
import type { LoadedFile } from '@allot/sdk/openapi';
import { api, ok, problemFrom, type ShownProblem } from '../api/client';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { diffSummary } from '../lib/license-file';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { DeleteAllLicensesForm, deleteAllLicensesText } from './DeleteAllLicensesForm';
import { LicenseFileUpload } from './LicenseFileUpload';
import { LicenseRequestForm } from './LicenseRequestForm';
import { LoadedFileDetails } from './LoadedFileDetails';

/**
 * The license-file workspace (Creatio's License manager, Planon's License step): the file loaded,
 * a request for a new one, loading one after a preview, and deleting every license.
 */
export function LicenseFilePage() {
  const { tenant, setTenant } = useTenant();
  const { can } = useSession();
  const mayManage = can('licenses.manage');
  const info = useLoad(`license-file:${tenant.id}`, () => ok(api.GET('/v1/tenants/{t}/license-file', { params: { path: { t: tenant.id } } })));
  const [notice, setNotice] = useState<string | null>(null);
  const [tenantProblem, setTenantProblem] = useState<ShownProblem | null>(null);

  // A load or a deletion moves the tenant in or out of demo mode: every page's banner follows.
  const changed = (message: string) => {
    setNotice(message);
    info.reload();
    setTenantProblem(null);
    ok(api.GET('/v1/tenants/{t}', { params: { path: { t: tenant.id } } })).then(setTenant, (error: unknown) => setTenantProblem(problemFrom(error)));
  };
  const loaded = (outcome: LoadedFile) => changed(`Loaded license file version ${outcome.version}: ${diffSummary(outcome.changes)}.`);

  return (
    <>
      <PageHeader
        title="License file"
        description="The signed file of this tenant's licenses from the vendor. Request one for this installation, load the file the vendor sends after a preview, or delete every license."
      />
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      <ProblemBanner problem={info.problem} context="Could not load the license file" />
      <ProblemBanner problem={tenantProblem} context="Could not reload the tenant" />
      <Panel title="Loaded file" label="Loaded file">
        {info.data === null ? <p className="muted">Loading…</p> : <LoadedFileDetails info={info.data} timeZone={tenant.timeZone} demo={tenant.status === 'demo'} />}
      </Panel>
      {mayManage && (
        <>
          <Panel title="Load a license file" description="A file of a higher version replaces the licenses of the file before it; licenses granted here stay.">
            <LicenseFileUpload tenantId={tenant.id} timeZone={tenant.timeZone} onLoaded={loaded} />
          </Panel>
          <Panel title="Request a license file" description="A signed request naming this installation and its current licenses and usage. Send it to your vendor; the license file they send back is bound to this installation.">
            <LicenseRequestForm
              tenantId={tenant.id}
              customerCode={tenant.customerCode}
              onGenerated={(request, fileName) => setNotice(`Downloaded ${fileName} for installation ${request.installationId}. Send it to your vendor.`)}
            />
          </Panel>
          <Panel tone="danger" title="Delete all licenses" description={deleteAllLicensesText(tenant)}>
            <DeleteAllLicensesForm tenant={tenant} onDeleted={(removed) => changed(`Deleted ${removed} ${removed === 1 ? 'license' : 'licenses'}: ${tenant.name} is in demo mode.`)} />
          </Panel>
        </>
      )}
    </>
  );
}
