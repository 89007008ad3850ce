/** A key the vendor issued: `count` device licenses of one category and term, registered once. */
export interface LicenseKeysTable {
  id: string;
  key: string;
  category: string;
  term_days: number;
  count: number;
  issued_at: string;
  tenant_id: string | null;
  registered_at: string | null;
  /** The audit actor who registered it (`user:<id>`, `key:<id>`, `admin-token`). */
  registered_by: string | null;
}

export interface DevicesTable {
  id: string;
  tenant_id: string;
  name: string;
  serial: string;
  model: string;
  /** The cumulative license: first day and last day (tenant calendar dates); null without one. */
  licensed_since: string | null;
  valid_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeviceLicensesTable {
  id: string;
  tenant_id: string;
  license_key_id: string | null;
  category: string;
  /** Days of term: the key's term, or the remaining days of a detached cumulative license. */
  term_days: number;
  /** `key` (from a registered key) or `remainder` (what a detach brought back). */
  origin: string;
  /** `available` (in the pool), `assigned`, `detached` (merged into a remainder) or `expired`. */
  state: string;
  device_id: string | null;
  assigned_on: string | null;
  created_at: string;
}
