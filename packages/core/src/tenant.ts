export const tenantModes = ['live', 'sandbox'] as const;
export type TenantMode = (typeof tenantModes)[number];

export const tenantStatuses = ['licensed', 'demo'] as const;
export type TenantStatus = (typeof tenantStatuses)[number];

/** One customer organisation. `clock` is set only for sandbox tenants. */
export interface Tenant {
  id: string;
  name: string;
  customerCode: string;
  timeZone: string;
  mode: TenantMode;
  status: TenantStatus;
  clock: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The tenant's "now": a sandbox tenant reads its own test clock, a live tenant the real one.
 * Every time-based rule of a tenant takes its time from here.
 *
 * @example
 * tenantNow({ mode: 'sandbox', clock: '2024-01-31T00:00:00.000Z' }, '2026-11-22T12:00:00.000Z')
 * // '2024-01-31T00:00:00.000Z'
 */
export function tenantNow(tenant: Pick<Tenant, 'mode' | 'clock'>, realNow: string): string {
  return tenant.mode === 'sandbox' && tenant.clock !== null ? tenant.clock : realNow;
}
