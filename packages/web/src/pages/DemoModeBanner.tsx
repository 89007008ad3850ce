import type { Tenant } from '@allot/sdk/openapi';
import { Link } from '../components/Link';
import { routes } from '../lib/router';

/**
 * Shown on every page of a tenant in demo mode (every license deleted, Creatio): what it means for
 * its users, and where to license it again.
 */
export function DemoModeBanner({ tenant }: { tenant: Tenant }) {
  return (
    <section className="banner banner-warning" aria-labelledby="demo-mode-title" data-testid="demo-mode-banner">
      <div className="banner-title" id="demo-mode-title">
        Demo mode
      </div>
      <p className="banner-detail">
        {tenant.name} has no licenses: every access check answers <span className="mono">demo_mode</span>, so its users get no licensed module. The console and the API
        keep working. <Link to={routes.licenseFile(tenant.id)}>Load a license file</Link> to license it again.
      </p>
    </section>
  );
}
