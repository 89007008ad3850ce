import { AllotError, Temporal, formatInstant, type Principal, type Tenant, type User } from '@allot/core';
import {
  deleteConsoleSession,
  findConsoleSession,
  findLiveApiKeyByHash,
  findLiveApiKeyById,
  findTenant,
  findTenantByCustomerCode,
  findUserById,
  findUserCredentials,
  insertConsoleSession,
  noTenantScope,
  type ApiKey,
  type Db,
  type Store,
} from '@allot/storage';
import { constantTimeEqual, hmacSha256, randomToken, sha256, verifyPassword } from '../security/secrets.js';
import type { Clock } from './context.js';
import { lookupsOf } from './lookup-cache.js';
import { accountSubject, unknownAccountSubject, withPasswordAttempt } from './password-attempt.service.js';

/** How long a console session lasts without a new login. */
export const consoleSessionHours = 12;

export function principalOfKey(key: ApiKey): Principal {
  const actor = `key:${key.id}`;
  if (key.kind === 'vendor_admin' || key.tenantId === null) return { kind: 'vendor_admin', actor };
  if (key.kind === 'app') return { kind: 'app', tenantId: key.tenantId, actor };
  return { kind: 'tenant', tenantId: key.tenantId, roles: key.roles, actor, userId: null };
}

export function principalOfUser(user: User): Principal {
  return { kind: 'tenant', tenantId: user.tenantId, roles: user.roles, actor: `user:${user.id}`, userId: user.id };
}

/**
 * The principal for a bearer key, or null when the key is unknown or revoked. Looked up by the key
 * itself in the exact lookup cache, so that a known key costs no hashing (and, on SQLite, no
 * promise). `refreshed` are the scopes whose generations the request has just read (see
 * `identify`).
 */
export function principalOfBearer(store: Store, token: string, adminToken: string | undefined, refreshed: readonly string[]): Principal | null | Promise<Principal | null> {
  if (adminToken !== undefined && constantTimeEqual(token, adminToken)) return { kind: 'vendor_admin', actor: 'admin-token' };
  if (!token.startsWith('allot_')) return null;
  return lookupsOf(store).principals.get(
    store.db,
    token,
    refreshed,
    async () => {
      const key = await findLiveApiKeyByHash(store.db, sha256(token));
      return key === null ? null : principalOfKey(key);
    },
    scopesOfPrincipal,
  );
}

/**
 * What a key's principal depends on: its tenant's keys (or the vendor keys, which no tenant
 * owns). No scope says when an unknown key becomes some tenant's, so it is not kept.
 */
function scopesOfPrincipal(principal: Principal | null): readonly string[] | null {
  if (principal === null) return null;
  return [principal.kind === 'vendor_admin' ? noTenantScope : principal.tenantId];
}

/** The scopes of the cached principal of `token`, to be refreshed before it is used; null when none is cached. */
export function principalScopes(store: Store, token: string): readonly string[] | null {
  return lookupsOf(store).principals.scopesOf(token);
}

export interface CookieSession {
  principal: Principal;
  csrfToken: string;
}

/**
 * The principal behind a console session cookie, when the session is live. A session with neither
 * user nor key was opened with `ALLOT_ADMIN_TOKEN` and lives only while that same token is
 * configured: it carries the token's MAC keyed with the cookie, compared against the token now.
 */
export async function principalOfCookie(store: Store, cookie: string, now: string, adminToken: string | undefined): Promise<CookieSession | null> {
  const session = await findConsoleSession(store.db, sha256(cookie), now);
  if (session === null) return null;
  if (session.userId === null && session.apiKeyId === null) {
    const sameToken = adminToken !== undefined && session.adminTokenMac !== null && constantTimeEqual(adminTokenMac(cookie, adminToken), session.adminTokenMac);
    return sameToken ? { principal: { kind: 'vendor_admin', actor: 'admin-token' }, csrfToken: session.csrfToken } : null;
  }
  if (session.userId !== null) {
    const user = await findUserById(store.db, session.userId);
    return user === null ? null : { principal: principalOfUser(user), csrfToken: session.csrfToken };
  }
  if (session.apiKeyId !== null) {
    const key = await findLiveApiKeyById(store.db, session.apiKeyId);
    return key === null ? null : { principal: principalOfKey(key), csrfToken: session.csrfToken };
  }
  return null;
}

function adminTokenMac(cookie: string, adminToken: string): string {
  return hmacSha256(cookie, adminToken);
}

function wrongCredentials(): AllotError {
  return new AllotError('invalid_credentials', 'The credentials are not right.');
}

export interface OpenedSession {
  cookie: string;
  csrfToken: string;
  expiresAt: string;
  principal: Principal;
}

/** Who a new console session is for: a user, an API key, or (neither) the admin token given. */
type SessionOwner = { userId: string; apiKeyId: null } | { userId: null; apiKeyId: string } | { userId: null; apiKeyId: null; adminToken: string };

async function openSession(db: Db, clock: Clock, owner: SessionOwner, principal: Principal): Promise<OpenedSession> {
  const now = clock.now();
  const cookie = randomToken(43);
  const csrfToken = randomToken(32);
  const expiresAt = formatInstant(Temporal.Instant.from(now).add({ hours: consoleSessionHours }));
  const adminTokenMacOf = 'adminToken' in owner ? adminTokenMac(cookie, owner.adminToken) : null;
  await insertConsoleSession(db, sha256(cookie), { userId: owner.userId, apiKeyId: owner.apiKeyId, adminTokenMac: adminTokenMacOf, csrfToken, expiresAt }, now);
  return { cookie, csrfToken, expiresAt, principal };
}

/** The tenant a login names by id or by customer code. */
async function tenantNamed(db: Db, tenant: string): Promise<Tenant | null> {
  return (await findTenant(db, tenant)) ?? (await findTenantByCustomerCode(db, tenant));
}

/**
 * Console login with email and password. The tenant is named by id or customer code, and counted
 * as its id, so that both names share one account's limit; an unknown tenant is limited alike.
 * The attempt is taken from the account's and the address's allowance before the password is
 * hashed (`withPasswordAttempt`), in the database, so the limit holds under any concurrency.
 */
export async function loginWithPassword(
  store: Store,
  clock: Clock,
  input: { tenant: string; email: string; password: string },
  address: string,
): Promise<OpenedSession> {
  // Looked up once the address has its place among the checks running (`withPasswordAttempt`).
  let tenant: Tenant | null = null;
  const account = async () => {
    tenant = await tenantNamed(store.db, input.tenant);
    return tenant === null ? unknownAccountSubject(input.tenant, input.email) : accountSubject(tenant.id, input.email);
  };
  const user = await withPasswordAttempt({ store, clock }, { address, account }, async () => {
    const credentials = tenant === null ? null : await findUserCredentials(store.db, tenant.id, input.email);
    // Always verify, even for an unknown account, so that timing tells nothing.
    const ok = await verifyPassword(input.password, credentials?.passwordHash ?? null);
    return ok && credentials !== null ? credentials.user : null;
  });
  if (user === null) throw wrongCredentials();
  return openSession(store.db, clock, { userId: user.id, apiKeyId: null }, principalOfUser(user));
}

/**
 * Console login with an API key or the admin token (how a vendor admin opens the console).
 * Guesses are limited per address: every guess names another key, so there is no account.
 */
export async function loginWithApiKey(
  store: Store,
  clock: Clock,
  apiKey: string,
  address: string,
  adminToken: string | undefined,
): Promise<OpenedSession> {
  const found = await withPasswordAttempt({ store, clock }, { address }, async (): Promise<{ adminToken: string } | { key: ApiKey } | null> => {
    if (adminToken !== undefined && constantTimeEqual(apiKey, adminToken)) return { adminToken };
    const key = apiKey.startsWith('allot_') ? await findLiveApiKeyByHash(store.db, sha256(apiKey)) : null;
    return key === null || key.kind === 'app' ? null : { key };
  });
  if (found === null) throw wrongCredentials();
  if ('adminToken' in found) {
    return openSession(store.db, clock, { userId: null, apiKeyId: null, adminToken: found.adminToken }, { kind: 'vendor_admin', actor: 'admin-token' });
  }
  return openSession(store.db, clock, { userId: null, apiKeyId: found.key.id }, principalOfKey(found.key));
}

export async function logout(store: Store, cookie: string): Promise<void> {
  await deleteConsoleSession(store.db, sha256(cookie));
}
