// Seat licensing as the API answers it (packages/server/src/schemas/license.schema.ts).

export type LicenseModel = 'named' | 'solution' | 'server' | 'concurrent';

export const licenseModels: readonly LicenseModel[] = ['named', 'solution', 'server', 'concurrent'];

/** Seconds a concurrent session lives without a heartbeat when the license names none. */
export const defaultHeartbeatSeconds = 300;

export type LicenseStatus = 'active' | 'suspended' | 'expired';

export interface License {
  id: string;
  tenantId: string;
  code: string;
  name: string;
  model: string;
  product: string | null;
  /** Module codes within the product; null means every module of it. */
  modules: string[] | null;
  solution: string | null;
  /** Null when unlimited; 100000 or more also counts as unlimited. */
  quantity: number | null;
  unlimited: boolean;
  used: number;
  /** Null when unlimited. */
  available: number | null;
  percentUsed: number;
  thresholdPercent: number | null;
  thresholdReached: boolean;
  validFrom: string;
  validUntil: string | null;
  status: LicenseStatus;
  package: string | null;
  source: 'manual' | 'license_file' | 'upgrade' | 'purchase';
  role: string | null;
  /** Concurrent licenses: a session not heard from for this long stops counting; null for other models. */
  heartbeatSeconds: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface RoleSlots {
  role: string;
  quantity: number | null;
  used: number;
  available: number | null;
  unlimited: boolean;
}

export interface ProductOverview {
  /** A product code, or `solution:<code>` for a solution the tenant holds. */
  product: string;
  name: string;
  licensed: boolean;
  packages: string[];
  licenses: License[];
  roles: RoleSlots[];
}

export interface SeatHolder {
  id: string;
  userId: string;
  email: string;
  name: string;
  /** Assigned directly (a recall can take it back). */
  direct: boolean;
  /** Linked groups that also reach the user. */
  groupIds: string[];
}

/** What a seat change did, or for a dry run would do. */
export interface SeatOutcome {
  licenseId: string;
  dryRun: boolean;
  seatsNeeded: number;
  /** Free seats before the change; null when unlimited. */
  seatsFree: number | null;
  added: string[];
  removed: string[];
  used: number;
  available: number | null;
}

export interface AccessAnswer {
  allowed: boolean;
  code: string;
  licenseId: string | null;
}

export interface Denial {
  id: string;
  tenantId: string;
  userId: string;
  module: string;
  code: string;
  licenseId: string | null;
  at: string;
}

/** The access codes of SPEC 3.8 that deny, for the log's filter. */
export const denialCodes: readonly string[] = [
  'not_licensed',
  'seat_limit',
  'concurrency_limit',
  'expired',
  'suspended',
  'quota_exhausted',
  'unknown_user',
  'unknown_module',
  'demo_mode',
];
