export interface ApiKeysTable {
  id: string;
  /** Null for vendor-admin keys. */
  tenant_id: string | null;
  /** `vendor_admin`, `admin` (tenant admin with roles) or `app`. */
  kind: string;
  name: string;
  roles: string;
  /** The first characters of the key, shown in lists so that a key can be recognised. */
  prefix: string;
  /** SHA-256 of the whole key; the key itself is shown once and never stored. */
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
}
