import { statusLabel, statusTone, type LicenseStatus } from '../lib/license';
import { Badge } from './Badge';

export function LicenseStatusBadge({ status }: { status: LicenseStatus }) {
  return <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>;
}
