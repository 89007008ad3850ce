// Device term licenses as the API answers them (packages/server/src/schemas/device.schema.ts).

/** 1, 3 or 5 years. */
export type TermDays = 365 | 1095 | 1825;

export const termChoices: readonly TermDays[] = [365, 1095, 1825];

/** The tabs of the pool: in it, running on a device, or run out. */
export type DeviceLicenseState = 'available' | 'assigned' | 'expired';

/** A license key the vendor issued (its `key` is the text a customer registers). */
export interface LicenseKey {
  id: string;
  key: string;
  category: string;
  termDays: number;
  count: number;
  issuedAt: string;
  /** The tenant it is registered in. */
  tenantId: string | null;
  registeredAt: string | null;
  /** Who registered it: `user:<id>`, `key:<id>` or `admin-token`. */
  registeredBy: string | null;
}

export interface DeviceLicense {
  id: string;
  tenantId: string;
  licenseKeyId: string | null;
  category: string;
  /** Days of term; for a detached remainder its remaining days. */
  termDays: number;
  /** From a registered key, or the remainder of a detached cumulative license. */
  origin: 'key' | 'remainder';
  state: 'available' | 'assigned' | 'detached' | 'expired';
  deviceId: string | null;
  /** Calendar day (tenant zone) it was assigned. */
  assignedOn: string | null;
  createdAt: string;
}

/** A row of `GET /device-licenses`: the license with its key text and device. */
export interface DeviceLicenseRow extends DeviceLicense {
  key: string | null;
  deviceName: string | null;
  /** Last day of the device's cumulative license; null in the pool. */
  validUntil: string | null;
}

export interface Registered {
  key: LicenseKey;
  licenses: DeviceLicense[];
}

/** The device's license column: none, valid (through `validUntil`), or expired. */
export type DeviceLicenseStatus = 'none' | 'valid' | 'expired';

export interface Device {
  id: string;
  tenantId: string;
  name: string;
  serial: string;
  model: string;
  license: DeviceLicenseStatus;
  /** Calendar day the running cumulative license began. */
  licensedSince: string | null;
  /** Last day of the cumulative license (tenant calendar). */
  validUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a detach did: the remaining time back in the pool as one license (none when nothing was left). */
export interface Detached {
  device: Device;
  remainingDays: number;
  returned: DeviceLicense | null;
}

/** `POST /devices/{d}/license`: explicit pooled licenses, or an automatic pick. */
export type DeviceAssignment = { deviceLicenseIds: string[] } | { auto: 'shortest' | 'longest'; count: number; category?: string };
