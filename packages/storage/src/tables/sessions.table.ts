/** A concurrent-use session: it holds one license of each of its modules while it is live. */
export interface SessionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  heartbeat_seconds: number;
  started_at: string;
  last_seen_at: string;
  /** `last_seen_at + heartbeat_seconds`: the session stops counting at this moment. */
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
}

export interface SessionModulesTable {
  session_id: string;
  module: string;
  /** The concurrent license held; null when a day code grants the module. */
  license_id: string | null;
  tenant_id: string;
  /** 1 when the session is beyond the licensed maximum, admitted by a grace period. */
  excess: number;
  day_code_id: string | null;
}

export interface LicenseGraceTable {
  id: string;
  tenant_id: string;
  license_id: string;
  starts_at: string;
  ends_at: string;
  order_number: string;
  created_at: string;
}

export interface DayCodesTable {
  id: string;
  tenant_id: string;
  module: string;
  code: string;
  /** The calendar day of the tenant (YYYY-MM-DD) the code is good for. */
  valid_on: string;
  created_at: string;
}

export interface DayCodeUsesTable {
  id: string;
  tenant_id: string;
  day_code_id: string;
  session_id: string;
  user_id: string;
  module: string;
  at: string;
}

export interface ExcessUsageTable {
  id: string;
  tenant_id: string;
  license_id: string | null;
  license_code: string;
  user_id: string;
  module: string;
  session_id: string | null;
  excess_users: number;
  licensed_maximum: number;
  at: string;
}
