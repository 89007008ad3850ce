import type { Session } from '@allot/sdk/openapi';
import { Badge } from '../components/Badge';
import { IdText } from '../components/IdText';
import { Link } from '../components/Link';
import { routes } from '../lib/router';

interface SessionModulesProps {
  tenantId: string;
  modules: Session['modules'];
  /** A license's code for its id, where the page knows it. */
  licenseCode: (id: string) => string | undefined;
}

/** The modules a session holds, each with the license it is held through (only concurrent ones are counted), or the day code that grants it. */
export function SessionModules({ tenantId, modules, licenseCode }: SessionModulesProps) {
  return (
    <ul className="session-modules">
      {modules.map((held) => (
        <li key={held.module}>
          <span className="chip mono">{held.module}</span>
          {held.licenseId !== null && (
            <Link to={routes.license(tenantId, held.licenseId)} className="mono session-module-license" title="The license this module is held through">
              {licenseCode(held.licenseId) ?? <IdText id={held.licenseId} />}
            </Link>
          )}
          {held.excess && (
            <Badge tone="warning" title="Beyond the licensed maximum, admitted by a grace period and written to the excess-usage log">
              Excess
            </Badge>
          )}
          {held.dayCodeId !== null && (
            <Badge tone="info" title={`Granted by day code ${held.dayCodeId}`}>
              Day code
            </Badge>
          )}
        </li>
      ))}
    </ul>
  );
}
