import type { License } from '../api/license-types';
import { UsageBar } from '../components/UsageBar';
import { hasSeats } from '../lib/license';

/** Seats used of the quantity; a server license counts nobody. */
export function LicenseUsageCell({ license, large = false }: { license: License; large?: boolean }) {
  if (!hasSeats(license)) return <span className="muted">Every user · not counted</span>;
  return (
    <UsageBar
      used={license.used}
      quantity={license.quantity}
      unlimited={license.unlimited}
      percentUsed={license.percentUsed}
      thresholdReached={license.thresholdReached}
      thresholdPercent={license.thresholdPercent}
      large={large}
    />
  );
}
