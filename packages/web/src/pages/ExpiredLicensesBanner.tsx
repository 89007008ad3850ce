import type { License } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Link } from '../components/Link';
import { useLoad } from '../hooks/useLoad';
import { formatBound } from '../lib/dates';
import { routes } from '../lib/router';
import { useSession } from '../lib/session';
import { useTenant } from '../lib/tenant';

/** The tenant's expired licenses (the first 100), for the banner and for the landing page at login. */
export async function expiredLicenses(tenantId: string): Promise<License[]> {
  return (await ok(api.GET('/v1/tenants/{t}/licenses', { params: { path: { t: tenantId }, query: { status: 'expired', limit: 100 } } }))).items;
}

/**
 * What expired and what to do about it (Creatio sends administrators here at login): each expired
 * license with its last day, then the way out for who is reading: the vendor extends it, the
 * tenant asks the vendor.
 */
export function ExpiredLicensesBanner() {
  const { tenant } = useTenant();
  const { can } = useSession();
  const expired = useLoad(`expired-licenses:${tenant.id}`, () => expiredLicenses(tenant.id));
  const licenses = expired.data ?? [];
  if (licenses.length === 0) return null;
  return (
    <div className="banner banner-warning" role="alert" aria-labelledby="expired-licenses-title">
      <div className="banner-title" id="expired-licenses-title">
        {licenses.length === 1 ? 'A license has expired' : `${licenses.length} licenses have expired`}
      </div>
      <ul className="banner-list">
        {licenses.map((license) => (
          <li key={license.id}>
            <Link to={routes.license(tenant.id, license.id)}>{license.name}</Link> <span className="mono">({license.code})</span>
            {license.validUntil === null ? ' has expired.' : `: its last day was ${formatBound(license.validUntil, 'until', tenant.timeZone)}.`}
          </li>
        ))}
      </ul>
      <p className="banner-detail">
        {can('vendor.manage')
          ? 'Its users are refused until it is renewed: open the license and extend its last day, or grant a new one.'
          : 'Its users are refused until it is renewed: ask your vendor to renew the license. Once renewed, it shows as active here and access works again.'}
      </p>
    </div>
  );
}
