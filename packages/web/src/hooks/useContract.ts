import { api, ApiError } from '../api/client';
import type { Contract } from '../api/commerce-types';
import { paths } from '../api/paths';
import { useLoad, type Loaded } from './useLoad';

/** The tenant's contract; `contract` null when the vendor has set none yet (the API's 404). */
export function useContract(tenantId: string, version = 0): Loaded<{ contract: Contract | null }> {
  return useLoad(`contract:${tenantId}:${version}`, async () => {
    try {
      return { contract: await api.get<Contract>(paths.contract(tenantId)) };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { contract: null };
      throw error;
    }
  });
}
