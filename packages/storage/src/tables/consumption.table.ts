import type { Generated } from 'kysely';

export interface HitDaysTable {
  license_id: string;
  /** The tenant's calendar day, YYYY-MM-DD. */
  day: string;
  hits: number;
}

export interface HitYearsTable {
  license_id: string;
  year: number;
  /** Hits counted this calendar year; the quota guard checks this row. */
  hits: number;
}

/** An accepted idempotency key: unique in its tenant, counted once, never forgotten. */
export interface HitKeysTable {
  /** The tenant's number (`tenant_numbers`). */
  tenant: number;
  key: string;
  /** The batch that counted it (`hit_batches`). */
  batch: number | string;
}

/** Keys counted together: by one batch of hits, on one license. */
export interface HitBatchesTable {
  id: Generated<number | string>;
  tenant_id: string;
  license_id: string;
  at: string;
}

/** A tenant's short number, for tables of many small rows per tenant (`hit_keys`); made with its first keys. */
export interface TenantNumbersTable {
  number: Generated<number>;
  tenant_id: string;
}

export interface DataUsageTable {
  license_id: string;
  /** Every kilobyte ever reported: ticks and the carried remainder follow from it. */
  total_kilobytes: number | string | bigint;
}

export interface VolumeObjectsTable {
  license_id: string;
  ref: string;
  tenant_id: string;
  status: string;
  counted: number;
  created_at: string;
  updated_at: string;
}

export interface ActiveUserLinksTable {
  license_id: string;
  user_id: string;
  tenant_id: string;
  linked_at: string;
  last_access_at: string;
  /** `last_access_at + retentionDays`: the license goes back to the pool at this moment. */
  expires_at: string;
}
