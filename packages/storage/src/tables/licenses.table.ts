import type { ColumnType } from 'kysely';
export interface LicensesTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  model: string;
  /** Null for solution licenses, whose subject is the solution. */
  product: string | null;
  /** JSON array of module codes within the product; null means all of them. */
  modules: string | null;
  solution: string | null;
  quantity: number | null;
  unlimited: number;
  valid_from: string;
  valid_until: string | null;
  suspended: number;
  package: string | null;
  threshold_percent: number | null;
  threshold_reached: number;
  source: string;
  role: string | null;
  /** Concurrent licenses: seconds a session lives without a heartbeat (null: the default). */
  heartbeat_seconds: number | null;
  max_borrow_days: ColumnType<number | null, number | null | undefined, number | null>;
  /** Hit licenses per bundle: `query` or `transaction`; null counts every hit on the modules. */
  bundle: string | null;
  /** Active-user licenses: days a link lasts after the last access. */
  retention_days: number | null;
  /** Volume licenses: the kind of business object counted. */
  object_kind: string | null;
  /** Volume licenses: JSON array of the statuses that count; null means all. */
  counted_statuses: string | null;
  /** Seats in use; written only together with the seat rows, under the tenant's seat lock. */
  used: number;
  created_at: string;
  updated_at: string;
}

/** A user given a seat directly. */
export interface LicenseAssignmentsTable {
  license_id: string;
  user_id: string;
  tenant_id: string;
  created_at: string;
}

/** A group linked to a license: its members get seats. */
export interface LicenseGroupsTable {
  license_id: string;
  group_id: string;
  tenant_id: string;
  created_at: string;
}

/** The seats held: one row per user however many paths reach them; certified professionals hold none. */
export interface LicenseSeatsTable {
  license_id: string;
  user_id: string;
  tenant_id: string;
  created_at: string;
}

/** The last access check a seat answered (seat planning's idle seats). */
export interface SeatLastAccessTable {
  license_id: string;
  user_id: string;
  tenant_id: string;
  at: string;
}
