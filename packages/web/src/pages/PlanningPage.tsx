import type { License } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { useTenantToday } from '../hooks/useTenantToday';
import { hasSeats, isConcurrent, modelLabel } from '../lib/license';
import { routes } from '../lib/router';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';
import { ConcurrentPlanning } from './ConcurrentPlanning';
import { SeatPlanning } from './SeatPlanning';

/** Seat planning for one license: a concurrent license replayed from its history, a seat license's idle seats. */
export function PlanningPage({ licenseId }: { licenseId: string }) {
  const { tenant } = useTenant();
  const { can } = useSession();
  const { today } = useTenantToday();
  const license = useLoad<License>(`license:${licenseId}`, () => ok(api.GET('/v1/tenants/{t}/licenses/{l}', { params: { path: { t: tenant.id, l: licenseId } } })));
  const current = license.data;
  if (current === null) {
    return (
      <>
        <PageHeader title="Seat planning" />
        {license.problem !== null ? <ProblemBanner problem={license.problem} context="Could not load the license" /> : <p className="muted">Loading…</p>}
      </>
    );
  }
  return (
    <>
      <p className="crumbs">
        <Link to={routes.licenses(tenant.id)}>Licenses</Link> / <Link to={routes.license(tenant.id, current.id)}>{current.name}</Link> / Seat planning
      </p>
      <PageHeader
        title={`Seat planning: ${current.name}`}
        description={
          isConcurrent(current) ? (
            <>How many concurrent licenses the recorded use needed, day by day; the sessions of the period replayed against each quantity.</>
          ) : (
            <>
              <span className="mono">{current.code}</span> · {modelLabel(current.model)} license: seats held by people who have not used them.
            </>
          )
        }
      />
      {isConcurrent(current) ? (
        <ConcurrentPlanning tenantId={tenant.id} license={current} today={today} />
      ) : hasSeats(current) ? (
        <SeatPlanning tenantId={tenant.id} license={current} timeZone={tenant.timeZone} mayRecall={can('licenses.manage')} />
      ) : (
        <div className="banner banner-info">This license counts neither seats nor sessions: there is nothing to plan.</div>
      )}
    </>
  );
}
