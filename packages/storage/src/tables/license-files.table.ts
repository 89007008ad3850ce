export interface SigningKeysTable {
  id: string;
  /** `vendor` (signs license files) or `installation` (signs usage reports). */
  purpose: string;
  public_pem: string;
  private_pem: string;
  created_at: string;
  /** Set when a newer key took over; the public key stays trusted for verification. */
  retired_at: string | null;
}

/** One row: the stable id of this installation, named in license requests and usage reports. */
export interface InstallationTable {
  id: string;
  created_at: string;
}

export interface LicenseFileLoadsTable {
  tenant_id: string;
  version: number;
  key_id: string;
  order_number: string | null;
  expires_at: string;
  loaded_at: string;
}

export interface LicenseRequestsTable {
  id: string;
  installation_id: string;
  customer_code: string;
  company_id: string;
  target_version: string | null;
  content: string;
  imported_at: string;
}

export interface UsageReportsTable {
  id: string;
  installation_id: string;
  customer_code: string;
  period_from: string;
  period_to: string;
  content: string;
  received_at: string;
}
