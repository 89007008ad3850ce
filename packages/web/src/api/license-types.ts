// Seat licensing as the API answers it (packages/server/src/schemas/license.schema.ts).

export type LicenseModel = 'named' | 'solution' | 'server' | 'concurrent' | 'hits' | 'data' | 'volume' | 'active_user';

/** What the server says of one license model (`GET /v1/license-models`): the console's labels and rules come from here. */
export interface LicenseModelSpec {
  model: LicenseModel;
  label: string;
  description: string;
  subject: 'product' | 'solution';
  counted: boolean;
  coversEveryone: boolean;
  seats: boolean;
  usedFrom: 'none' | 'seats' | 'live_sessions' | 'hits_this_year' | 'data_ticks' | 'counted_objects' | 'live_links';
  quantityLabel: string;
  quantityHint: string | null;
  quantityUnit: string;
  usedUnit: string;
  usageLabel: string;
  usedPerQuantity: number;
  unlimitedFrom: number | null;
  quantityNotBelowUsage: boolean;
  certifiedProfessionals: boolean;
  grace: boolean;
  fields: { name: 'role' | 'heartbeatSeconds' | 'bundle' | 'retentionDays' | 'objectKind' | 'countedStatuses'; required: boolean; default: number | null; changeable: boolean }[];
}

/** What a hits license counts: every hit on its modules, or one bundle of them. */
export type HitBundle = 'query' | 'transaction';

export const licenseStatuses = ['active', 'suspended', 'expired'] as const;
export type LicenseStatus = (typeof licenseStatuses)[number];

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
  /**
   * Null when unlimited; 100000 or more also counts as unlimited. Seats or sessions, hits per
   * calendar year (hits), GB (data), counted objects (volume) or the pool size (active_user).
   */
  quantity: number | null;
  unlimited: boolean;
  /** Counted fresh for every model; for a data license in MB (ticks), against a quantity in GB. */
  used: number;
  /** Null when unlimited; MB for a data license. */
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
  /** Hits licenses: the bundle counted, or null for every hit on the modules. */
  bundle: HitBundle | null;
  /** Active-user licenses: days a link lasts after the user's last access. */
  retentionDays: number | null;
  /** Volume licenses: the business object counted, e.g. property_set. */
  objectKind: string | null;
  /** Volume licenses: the statuses that count; null means every status. */
  countedStatuses: string[] | null;
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
