import type { License } from '../api/license-types';
import { UsageBar } from '../components/UsageBar';
import { hasSeats, isConcurrent } from '../lib/license';

/** Seats used of the quantity, or concurrent users held by live sessions now; a server license counts nobody. */
export function LicenseUsageCell({ license, large = false }: { license: License; large?: boolean }) {
  const concurrent = isConcurrent(license);
  if (!concurrent && !hasSeats(license)) return <span className="muted">Every user · not counted</span>;
  // Beyond the maximum (a grace period admits it) reads as a warning, like a reached threshold.
  const over = license.percentUsed > 100;
  return (
    <UsageBar
      used={license.used}
      quantity={license.quantity}
      unlimited={license.unlimited}
      percentUsed={license.percentUsed}
      thresholdReached={over || license.thresholdReached}
      thresholdPercent={license.thresholdPercent}
      large={large}
      label={concurrent ? 'Concurrent users in use' : 'Seats used'}
    />
  );
}
