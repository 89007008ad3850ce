import { useCallback } from 'react';
import { api, ok } from '../api/client';
import { isoDay } from '../lib/dates';
import { tenantNowMs } from '../lib/sessions';
import { useTenant } from '../lib/tenant';
import { useNow } from './useNow';

export interface TenantToday {
  /** The tenant's calendar day now, `2024-03-06`, as this page knows the tenant. */
  today: string;
  /**
   * Reads the tenant again (a sandbox clock may have moved since the page loaded) and answers its
   * today; the shell shows the fresh clock too. Falls back to the known day when the read fails.
   */
  refresh: () => Promise<string>;
}

/** The tenant's today: the test clock of a sandbox tenant, this browser's clock otherwise; in the tenant's zone. */
export function useTenantToday(): TenantToday {
  const { tenant, setTenant } = useTenant();
  const today = isoDay(tenantNowMs(tenant, useNow(60_000)), tenant.timeZone);
  const refresh = useCallback(async () => {
    try {
      const fresh = await ok(api.GET('/v1/tenants/{t}', { params: { path: { t: tenant.id } } }));
      setTenant(fresh);
      return isoDay(tenantNowMs(fresh, Date.now()), fresh.timeZone);
    } catch {
      return today;
    }
  }, [tenant.id, setTenant, today]);
  return { today, refresh };
}
