import type { Generated } from 'kysely';

export interface SigningKeysTable {
  id: string;
  /** `vendor` (signs license files) or `installation` (signs usage reports). */
  purpose: string;
  public_pem: string;
  /**
   * The private key (PKCS#8 PEM) sealed under the secret key: a `sealed:` envelope bound to the
   * key's id. Plain PEM only where an older version left it, until the next start seals it.
   */
  sealed_private_key: string;
  created_at: string;
  /** Set when a newer key took over; the public key stays trusted for verification. */
  retired_at: string | null;
}

/** One row: the stable id of this installation, named in license requests and usage reports. */
export interface InstallationTable {
  id: string;
  created_at: string;
  /** Always 1, unique: there is one installation row, whichever node made it. */
  singleton: Generated<number>;
}

export interface LicenseFileLoadsTable {
  tenant_id: string;
  version: number;
  key_id: string;
  order_number: string | null;
  expires_at: string;
  loaded_at: string;
  /** The file's header; null in rows of files loaded before it was kept. */
  customer_code: string | null;
  customer_name: string | null;
  partner_id: string | null;
  issued_at: string | null;
  /** The installation the file is bound to; null for a file any installation of the customer may load. */
  installation_id: string | null;
  /** The grace key the file carried (all four set, or none). */
  grace_license_code: string | null;
  grace_starts_at: string | null;
  grace_ends_at: string | null;
  grace_order_number: string | null;
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
  /** SHA-256 of the signed content, unique: a report sent twice is stored once. */
  digest: string | null;
  /** The installation key that signed it (null for reports stored before keys were checked). */
  key_id: string | null;
}

/** An installation key a vendor learned from an imported license request: the only keys its usage reports are checked against. */
export interface KnownInstallationsTable {
  installation_id: string;
  key_id: string;
  public_pem: string;
  learned_at: string;
}

/** The customers a known installation may report for: its license requests and the files bound to it. */
export interface KnownInstallationCustomersTable {
  installation_id: string;
  customer_code: string;
  /** `license_request` or `license_file`. */
  learned_from: string;
  learned_at: string;
}
