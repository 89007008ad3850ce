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

export interface HitKeysTable {
  tenant_id: string;
  key: string;
  license_id: string;
  at: string;
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
