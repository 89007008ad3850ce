import { useCallback, useState } from 'react';
import { fileLicenseProblem } from '@allot/core/file-license';
import type { License } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ProblemBanner } from '../components/ProblemBanner';
import { useContract } from '../hooks/useContract';
import { useDirectory } from '../hooks/useDirectory';
import { useEndSession } from '../hooks/useEndSession';
import { useLoad } from '../hooks/useLoad';
import { useNow } from '../hooks/useNow';
import { useSubmit } from '../hooks/useSubmit';
import { componentsFor } from '../lib/commerce';
import { isoDay } from '../lib/dates';
import { hasSeats, isConcurrent, isConsumption, isCounted, modelLabel } from '../lib/license';
import { navigate, routes } from '../lib/router';
import { useSession } from '../lib/session';
import { tenantNowMs } from '../lib/sessions';
import { useTenant } from '../lib/tenant';
import { AssignUsersForm } from './AssignUsersForm';
import { ChangeUsersDialog } from './ChangeUsersDialog';
import { ConsumptionPanels } from './ConsumptionPanels';
import { EditLicenseForm } from './EditLicenseForm';
import { GracePeriodsPanel } from './GracePeriodsPanel';
import { LicenseDetails } from './LicenseDetails';
import { LinkedGroupsPanel } from './LinkedGroupsPanel';
import { LicenseQueue } from './LicenseQueue';
import { LiveHoldersPanel } from './LiveHoldersPanel';
import { SeatHoldersPanel } from './SeatHoldersPanel';

export function LicensePage({ licenseId }: { licenseId: string }) {
  const { tenant } = useTenant();
  const { can, session } = useSession();
  const isVendor = can('vendor.manage');
  const [buying, setBuying] = useState(false);
  const contract = useContract(tenant.id).data?.contract ?? null;
  const mayManageSeats = can('licenses.manage');
  const license = useLoad<License>(`license:${licenseId}`, () => ok(api.GET('/v1/tenants/{t}/licenses/{l}', { params: { path: { t: tenant.id, l: licenseId } } })));
  const directory = useDirectory(tenant.id);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const change = useSubmit();
  const { reload } = license;
  const nowMs = tenantNowMs(tenant, useNow());
  // An ended session frees one of the license's users: read the holders and the usage again.
  const sessionEnded = useCallback(() => {
    setVersion((n) => n + 1);
    reload();
  }, [reload]);
  const ending = useEndSession(tenant.id, (session) => setNotice(`Ended the session of ${directory.userLabel(session.userId)}; its modules are free again.`), sessionEnded);

  const seatsChanged = useCallback(
    (message: string) => {
      setNotice(message);
      setVersion((n) => n + 1);
      reload();
    },
    [reload],
  );
  const refresh = useCallback(() => {
    setVersion((n) => n + 1);
    reload();
  }, [reload]);
  const setStatus = (status: 'active' | 'suspended') =>
    change.run(async () => {
      license.setData(await ok(api.PATCH('/v1/tenants/{t}/licenses/{l}', { params: { path: { t: tenant.id, l: licenseId } }, body: { status } })));
      const model = { model: license.data?.model ?? '' };
      const stops = isConcurrent(model) ? 'it admits no new sessions' : hasSeats(model) ? 'its seats no longer grant access' : !isCounted(model) ? 'it no longer grants access' : 'it counts no new usage and grants no access';
      setNotice(status === 'suspended' ? `Suspended the license: ${stops}.` : 'Activated the license.');
    });
  const remove = () =>
    change.run(async () => {
      await ok(api.DELETE('/v1/tenants/{t}/licenses/{l}', { params: { path: { t: tenant.id, l: licenseId } } }));
      navigate(routes.licenses(tenant.id));
    });

  const current = license.data;
  if (current === null) {
    return (
      <>
        <PageHeader title="License" />
        {license.problem !== null ? <ProblemBanner problem={license.problem} context="Could not load the license" /> : <p className="muted">Loading…</p>}
      </>
    );
  }
  const suspended = current.status === 'suspended';
  // A file's license is the vendor's signed grant: core's rule, which the API applies too.
  const fromFile = fileLicenseProblem(current, 'license') !== null;
  // factro: the owner, logged in as a person (the password confirms), adds named users the contract prices.
  const mayBuy =
    !fromFile &&
    can('purchases.make') && session.userId !== null && current.model === 'named' && current.quantity !== null && !current.unlimited && componentsFor(contract, [current.code]).length > 0;
  const concurrent = isConcurrent(current);
  return (
    <>
      <p className="crumbs">
        <Link to={routes.licenses(tenant.id)}>Licenses</Link> / {current.name}
      </p>
      <PageHeader
        title={current.name}
        description={
          <>
            <span className="mono">{current.code}</span> · {modelLabel(current.model)} license
          </>
        }
        actions={
          <>
            {(hasSeats(current) || concurrent) && (
              <Link to={routes.planning(tenant.id, current.id)} className="button">
                Seat planning
              </Link>
            )}
            {mayBuy ? (
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  setNotice(null);
                  setBuying(true);
                }}
              >
                Change number of users
              </button>
            ) : (
              isVendor &&
              !fromFile &&
              !editing && (
              <>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setNotice(null);
                    setEditing(true);
                  }}
                >
                  Edit
                </button>
                {suspended ? (
                  <button type="button" className="button" disabled={change.busy} onClick={() => void setStatus('active')}>
                    Activate
                  </button>
                ) : (
                  <ConfirmButton label="Suspend" confirmLabel="Yes, suspend" onConfirm={() => setStatus('suspended')} busy={change.busy} />
                )}
                <ConfirmButton label="Delete" confirmLabel="Yes, delete license" onConfirm={remove} busy={change.busy} />
              </>
              )
            )}
          </>
        }
      />
      {notice !== null && (
        <div className="banner banner-success" role="status">
          {notice}
        </div>
      )}
      <ProblemBanner problem={change.problem} />
      {fromFile && (
        <div className="banner banner-info" data-testid="license-file-read-only">
          This license comes from the loaded <Link to={routes.licenseFile(tenant.id)}>license file</Link>, so it is read-only here: its quantity, terms and status are what the
          vendor signed, and the next file replaces them. Ask your vendor for a new file to change it.{hasSeats(current) && ' Its seats can still be assigned.'}
        </div>
      )}
      {buying && current.quantity !== null && (
        <ChangeUsersDialog
          tenantId={tenant.id}
          license={current}
          current={current.quantity}
          onPurchased={(outcome) => {
            setNotice(`Added ${outcome.purchase.added} licensed ${outcome.purchase.added === 1 ? 'user' : 'users'}; invoice ${outcome.invoice.number} is on its way to your e-mail.`);
            refresh();
          }}
          onClose={() => setBuying(false)}
        />
      )}
      <ProblemBanner problem={ending.problem} context="Could not end the session" />
      {editing && (
        <Panel focusFirstField title="Edit license">
          <EditLicenseForm
            license={current}
            timeZone={tenant.timeZone}
            userLabel={directory.userLabel}
            onSaved={(saved) => {
              setEditing(false);
              license.setData(saved);
              setNotice('Saved the license.');
            }}
            onCancel={() => setEditing(false)}
          />
        </Panel>
      )}
      <Panel title="Usage and terms" label="License">
        <LicenseDetails license={current} timeZone={tenant.timeZone} />
      </Panel>
      {hasSeats(current) ? (
        <>
          {mayManageSeats && (
            <Panel focusFirstField title="Assign users" description="Direct seats. The preview shows what the assignment takes before anything changes.">
              <AssignUsersForm tenantId={tenant.id} licenseId={licenseId} directory={directory} version={version} onChanged={seatsChanged} />
            </Panel>
          )}
          <SeatHoldersPanel tenantId={tenant.id} licenseId={licenseId} directory={directory} mayManage={mayManageSeats} version={version} onChanged={seatsChanged} />
          <LinkedGroupsPanel tenantId={tenant.id} licenseId={licenseId} directory={directory} mayManage={mayManageSeats} version={version} onChanged={seatsChanged} />
        </>
      ) : concurrent ? (
        <>
          <LiveHoldersPanel
            license={current}
            version={version}
            directory={directory}
            nowMs={nowMs}
            timeZone={tenant.timeZone}
            onEnd={mayManageSeats ? (session) => ending.end(session) : undefined}
            busy={ending.busy}
          />
          <LicenseQueue license={current} directory={directory} timeZone={tenant.timeZone} nowMs={nowMs} version={version} />
          <GracePeriodsPanel tenantId={tenant.id} licenseId={current.id} timeZone={tenant.timeZone} nowMs={nowMs} mayAdd={isVendor} onAdded={setNotice} />
        </>
      ) : isConsumption(current) ? (
        <ConsumptionPanels
          license={current}
          directory={directory}
          timeZone={tenant.timeZone}
          nowMs={nowMs}
          today={isoDay(nowMs, tenant.timeZone)}
          mayChangeObjects={can('runtime.use')}
          version={version}
          onChanged={seatsChanged}
          onRefresh={refresh}
        />
      ) : (
        <div className="banner banner-info">A server license covers every user of the tenant; it has no seats to assign.</div>
      )}
    </>
  );
}
