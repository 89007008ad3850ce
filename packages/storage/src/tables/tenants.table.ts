export interface TenantsTable {
  id: string;
  name: string;
  customer_code: string;
  time_zone: string;
  mode: string;
  status: string;
  /** ISO instant of a sandbox tenant's test clock; null for live tenants. */
  clock: string | null;
  created_at: string;
  updated_at: string;
}
