import { AllotError, authorize, notFound, type Permission, type Principal, type Tenant } from '@allot/core';
import { noTenantScope, type Store } from '@allot/storage';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';

const parseCookies = fastifyCookie.parse;
import { principalOfBearer, principalOfCookie, principalScopes } from '../services/auth.service.js';
import type { Clock } from '../services/context.js';
import { andThen, cachedTenant } from '../services/lookup-cache.js';

export const sessionCookie = 'allot_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    tenant: Tenant | null;
    /** Set when the caller came with the console cookie: the token its changes must echo. */
    csrfToken: string | null;
    /** The route's path pattern (`/v1/tenants/:t`), or `unmatched`: the label of its metrics and log line. */
    route: string;
  }
  interface FastifyContextConfig {
    /** What the route needs. Routes without one must say `public: true`. */
    permission?: Permission;
    public?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? '';
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : null;
}

export interface AuthDeps {
  store: Store;
  clock: Clock;
  adminToken: string | undefined;
}

/**
 * Who is calling: a bearer key wins over the console cookie; a bad key is a 401, never a fallback.
 * Reads the generations of the lookups the request may use first (nothing to read on SQLite; on
 * PostgreSQL the one round trip of a cached request): of `tenantId` (the path's, when it names
 * one), of what no tenant owns, and of the tenant of the caller's key when cached. A cached key
 * then answers at once.
 */
export function identify(request: FastifyRequest, deps: AuthDeps, tenantId?: string): Principal | null | Promise<Principal | null> {
  const bearer = bearerOf(request);
  const scopes = tenantId === undefined ? [noTenantScope] : [tenantId, noTenantScope];
  for (const scope of bearer === null ? [] : (principalScopes(deps.store, bearer) ?? [])) if (!scopes.includes(scope)) scopes.push(scope);
  return andThen(deps.store.refreshGenerations(scopes), () => {
    if (bearer !== null) {
      return andThen(principalOfBearer(deps.store, bearer, deps.adminToken, scopes), (principal) => {
        if (principal === null) throw new AllotError('unauthenticated', 'The API key is not valid or has been revoked.');
        return principal;
      });
    }
    const cookie = request.headers.cookie === undefined ? undefined : parseCookies(request.headers.cookie)[sessionCookie];
    if (cookie === undefined || cookie === '') return null;
    return principalOfCookie(deps.store, cookie, deps.clock.now(), deps.adminToken).then((session) => {
      if (session === null) return null;
      request.csrfToken = session.csrfToken;
      return session.principal;
    });
  });
}

/**
 * The gate every non-public route passes before its body is read: authenticate (401), hide other
 * tenants (404), check CSRF for cookie sessions (403), load the tenant, check the permission (403).
 * With the key and the tenant cached it decides at once on SQLite, and after one read of the
 * generations on PostgreSQL.
 */
export function guard(request: FastifyRequest, route: FastifyRequest['routeOptions'], deps: AuthDeps): void | Promise<void> {
  const config = route.config;
  if (config.public === true || route.url === undefined) return;
  const permission = config.permission;
  if (permission === undefined) throw new Error(`route ${route.url} declares no permission`);
  const tenantId = (request.params as { t?: string }).t;
  return andThen(identify(request, deps, tenantId), (principal) => admit(request, principal, tenantId, permission, deps));
}

function admit(request: FastifyRequest, principal: Principal | null, tenantId: string | undefined, permission: Permission, deps: AuthDeps): void | Promise<void> {
  if (principal === null) throw new AllotError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>" or log in.');
  const decision = authorize(principal, permission, tenantId);
  if (decision === 'hidden') throw notFound('tenant', tenantId ?? '');
  if (request.csrfToken !== null && !safeMethods.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (sent !== request.csrfToken) throw new AllotError('csrf_failed', 'Send the session CSRF token in the X-CSRF-Token header.');
  }
  const allow = (): void => {
    if (decision === 'forbidden') throw new AllotError('forbidden', `This needs the ${permission} permission.`, { permission });
    request.principal = principal;
  };
  if (tenantId === undefined) return allow();
  return andThen(cachedTenant(deps.store, tenantId), (tenant) => {
    if (tenant === null) throw notFound('tenant', tenantId);
    request.tenant = tenant;
    allow();
  });
}

/** The caller of a guarded route (set by `guard`). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new Error('principalOf on a route without a guard');
  return request.principal;
}

/** The tenant of a guarded `/tenants/{t}` route (set by `guard`). */
export function tenantOf(request: FastifyRequest): Tenant {
  if (request.tenant === null) throw new Error('tenantOf on a route without {t}');
  return request.tenant;
}
