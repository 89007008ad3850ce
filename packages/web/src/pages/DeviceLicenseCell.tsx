import type { Device } from '@allot/sdk/openapi';
import { Badge } from '../components/Badge';
import { calendarDayText } from '../lib/dates';
import { deviceLicenseText, deviceLicenseTone } from '../lib/devices';

interface DeviceLicenseCellProps {
  device: Device;
  /** Set when the session may assign: "No license" then opens the assignment, as in LANCOM's list. */
  onAssign?: (() => void) | undefined;
}

/** LANCOM's license column: "No license", "valid until 30 Jan 2025" (with the day it has run since), or "expired". */
export function DeviceLicenseCell({ device, onAssign }: DeviceLicenseCellProps) {
  const text = deviceLicenseText(device);
  if (device.license === 'none') {
    return onAssign === undefined ? (
      <span className="muted">{text}</span>
    ) : (
      <button type="button" className="link-button" onClick={onAssign} title={`Assign a license to ${device.name}`}>
        {text}
      </button>
    );
  }
  const title = device.validUntil === null ? undefined : `Last day ${calendarDayText(device.validUntil)}${device.licensedSince === null ? '' : `; licensed since ${calendarDayText(device.licensedSince)}`}`;
  return (
    <span className="cell-stack">
      <span data-testid="device-license">
        <Badge tone={deviceLicenseTone(device)} title={title}>
          {text}
        </Badge>
      </span>
      {device.license === 'valid' && device.licensedSince !== null && <span className="muted">since {calendarDayText(device.licensedSince)}</span>}
    </span>
  );
}
