import { licenseCoversModule } from '@allot/core/module-ref';
import type { License } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import type { Directory } from '../hooks/useDirectory';
import { useLoad } from '../hooks/useLoad';
import { holdsPlace } from '../lib/sessions';
import { WaitingBorrowedPanels } from './WaitingBorrowedPanels';

interface LicenseQueueProps {
  license: License;
  directory: Directory;
  timeZone: string;
  nowMs: number;
  /** Bumped by the page after a change; the lists are read again. */
  version: number;
}

/** A concurrent license's waiters and borrowed seats: the tenant's lists, narrowed to the modules it covers. */
export function LicenseQueue({ license, directory, timeZone, nowMs, version }: LicenseQueueProps) {
  const t = license.tenantId;
  const queue = useLoad(`license-queue:${license.id}:${version}`, () => ok(api.GET('/v1/tenants/{t}/session-queue', { params: { path: { t }, query: { limit: 500 } } })));
  const borrows = useLoad(`license-borrows:${license.id}:${version}`, () => ok(api.GET('/v1/tenants/{t}/borrows', { params: { path: { t }, query: { active: true, limit: 500 } } })));
  const covered = (modules: readonly string[]) => modules.some((ref) => licenseCoversModule(license, ref));
  return (
    <WaitingBorrowedPanels
      queue={{ items: queue.data?.items.filter((entry) => holdsPlace(entry) && covered(entry.modules)) ?? null, problem: queue.problem }}
      borrows={{ items: borrows.data?.items.filter((borrow) => covered(borrow.modules)) ?? null, problem: borrows.problem }}
      directory={directory}
      timeZone={timeZone}
      nowMs={nowMs}
    />
  );
}
