import type { Generated } from 'kysely';

export interface TenantsTable {
  id: string;
  name: string;
  customer_code: string;
  time_zone: string;
  mode: string;
  status: string;
  /** ISO instant of a sandbox tenant's test clock; null for live tenants. */
  clock: string | null;
  /** Bumped by every seat change; its row lock serialises a tenant's seat changes. */
  seat_changes: Generated<number>;
  created_at: string;
  updated_at: string;
}
