import type { Answer, TestApp } from './http.js';
import { tenantWithKey } from './http.js';

/**
 * A tenant as a licensed application meets it: an owner key for setup, an app key for the runtime
 * calls, and the calls every runtime suite makes (users, sessions, the test clock).
 */
export interface RuntimeTenant {
  tenantId: string;
  ownerKey: string;
  appKey: string;
  /** `/v1/tenants/{t}` followed by `rest`. */
  path(rest?: string): string;
  /** A new user of the tenant; answers its id. */
  user(email: string): Promise<string>;
  /** Opens a session with the app key. */
  open(userId: string, modules: string[], extra?: Record<string, unknown>): Promise<Answer>;
  /** Moves the sandbox tenant's test clock, e.g. `PT30M`. */
  advance(advanceBy: string): Promise<Answer>;
}

export async function runtimeTenant(t: TestApp, tenant: Record<string, unknown> = {}): Promise<RuntimeTenant> {
  const { tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], tenant);
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const appKey: string = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
  return {
    tenantId,
    ownerKey,
    appKey,
    path,
    user: async (email) => (await t.call('POST', path('/users'), { key: ownerKey, body: { email, name: email } })).body.id as string,
    open: (userId, modules, extra = {}) => t.call('POST', path('/sessions'), { key: appKey, body: { userId, modules, ...extra } }),
    advance: (advanceBy) => t.call('POST', path('/clock'), { key: ownerKey, body: { advanceBy } }),
  };
}
