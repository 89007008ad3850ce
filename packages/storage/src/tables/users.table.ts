export interface UsersTable {
  id: string;
  tenant_id: string;
  email: string;
  /** Lower-cased email: unique per tenant, so that Ann@x and ann@x are one person. */
  email_key: string;
  name: string;
  /** JSON array of role names. */
  roles: string;
  certified_professional: number;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
}
