import type { License } from '@allot/sdk/openapi';
import { UsageBar } from '../components/UsageBar';
import { isConsumption, isCounted, uncountedText, usageParts } from '../lib/license';
import { modelSpec } from '../lib/license-models';

/**
 * Usage in the license's own units: seats used, concurrent users held now, hits this year of the
 * yearly quota, MB used of the GB quota, objects counted of the maximum, users linked of the pool.
 * A server license counts nobody.
 */
export function LicenseUsageCell({ license, large = false }: { license: License; large?: boolean }) {
  const consumption = isConsumption(license);
  if (!isCounted(license)) return <span className="muted">{uncountedText}</span>;
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
      label={modelSpec(license.model).usageLabel}
      shown={consumption ? usageParts(license) : undefined}
    />
  );
}
