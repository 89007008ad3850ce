import type { Contract } from '@allot/sdk/openapi';
import { api, ok, ApiError } from '../api/client';
import { useLoad, type Loaded } from './useLoad';

/** The tenant's contract; `contract` null when the vendor has set none yet (the API's 404). */
export function useContract(tenantId: string, version = 0): Loaded<{ contract: Contract | null }> {
  return useLoad(`contract:${tenantId}:${version}`, async () => {
    try {
      return { contract: await ok(api.GET('/v1/tenants/{t}/contract', { params: { path: { t: tenantId } } })) };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { contract: null };
      throw error;
    }
  });
}
