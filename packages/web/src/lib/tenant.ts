import { createContext, useContext } from 'react';
import type { Tenant } from '@allot/sdk/openapi';

export interface TenantValue {
  tenant: Tenant;
  /** Replaces the tenant after a change (a rename, a clock move) so every page shows it. */
  setTenant: (tenant: Tenant) => void;
}

export const TenantContext = createContext<TenantValue | null>(null);

export function useTenant(): TenantValue {
  const value = useContext(TenantContext);
  if (value === null) throw new Error('useTenant outside of a tenant page');
  return value;
}
