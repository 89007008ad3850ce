import { AllotError, Temporal, formatInstant, type Principal, type Tenant, type User } from '@allot/core';
import {
  clearLoginAttempts,
  countLoginAttempts,
  deleteConsoleSession,
  findConsoleSession,
  findLiveApiKeyByHash,
  findLiveApiKeyById,
  findTenant,
  findTenantByCustomerCode,
  findUserById,
  findUserCredentials,
  insertConsoleSession,
  insertLoginAttempt,
  newId,
  type ApiKey,
  type Db,
  type Store,
} from '@allot/storage';
import { constantTimeEqual, randomToken, sha256, verifyPassword } from '../security/secrets.js';
import type { Clock } from './context.js';
import { lookupsOf } from './lookup-cache.js';

/** How long a console session lasts without a new login. */
export const consoleSessionHours = 12;
/** Failed logins allowed per account, and per address, in the window before a 429. */
export const loginLimits = { perAccount: 5, perAddress: 30, windowMinutes: 15 };

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
 * itself in the process's exact cache (SQLite), so that a known key costs no hashing (and no
 * promise).
 */
export function principalOfBearer(store: Store, token: string, adminToken: string | undefined): Principal | null | Promise<Principal | null> {
  if (adminToken !== undefined && constantTimeEqual(token, adminToken)) return { kind: 'vendor_admin', actor: 'admin-token' };
  if (!token.startsWith('allot_')) return null;
  return lookupsOf(store).principals.get(token, async () => {
    const key = await findLiveApiKeyByHash(store.db, sha256(token));
    return key === null ? null : principalOfKey(key);
  });
}

export interface CookieSession {
  principal: Principal;
  csrfToken: string;
}

/**
 * The principal behind a console session cookie, when the session is live. A session with neither
 * user nor key was opened with `ALLOT_ADMIN_TOKEN` and lives only while that token is configured.
 */
export async function principalOfCookie(store: Store, cookie: string, now: string, adminToken: string | undefined): Promise<CookieSession | null> {
  const session = await findConsoleSession(store.db, sha256(cookie), now);
  if (session === null) return null;
  if (session.userId === null && session.apiKeyId === null) {
    return adminToken === undefined ? null : { principal: { kind: 'vendor_admin', actor: 'admin-token' }, csrfToken: session.csrfToken };
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

function minutesBefore(now: string, minutes: number): string {
  return formatInstant(Temporal.Instant.from(now).subtract({ minutes }));
}

async function refuseWhenLimited(db: Db, subjects: { account: string; address: string }, now: string): Promise<void> {
  const since = minutesBefore(now, loginLimits.windowMinutes);
  const [account, address] = await Promise.all([
    countLoginAttempts(db, subjects.account, since),
    countLoginAttempts(db, subjects.address, since),
  ]);
  if (account >= loginLimits.perAccount || address >= loginLimits.perAddress) {
    throw new AllotError('too_many_attempts', `Too many failed logins; try again in ${loginLimits.windowMinutes} minutes.`, {
      retryAfterSeconds: loginLimits.windowMinutes * 60,
    });
  }
}

async function recordFailure(db: Db, subjects: { account: string; address: string }, now: string): Promise<never> {
  await insertLoginAttempt(db, newId('lga'), subjects.account, now);
  await insertLoginAttempt(db, newId('lga'), subjects.address, now);
  throw new AllotError('invalid_credentials', 'The credentials are not right.');
}

export interface OpenedSession {
  cookie: string;
  csrfToken: string;
  expiresAt: string;
  principal: Principal;
}

async function openSession(db: Db, clock: Clock, owner: { userId: string | null; apiKeyId: string | null }, principal: Principal): Promise<OpenedSession> {
  const now = clock.now();
  const cookie = randomToken(43);
  const csrfToken = randomToken(32);
  const expiresAt = formatInstant(Temporal.Instant.from(now).add({ hours: consoleSessionHours }));
  await insertConsoleSession(db, sha256(cookie), { ...owner, csrfToken, expiresAt }, now);
  return { cookie, csrfToken, expiresAt, principal };
}

/**
 * Console login with email and password. The tenant is named by id or customer code. Failures are
 * counted per account and per address in the database, so that every node sees the same limit.
 */
export async function loginWithPassword(
  store: Store,
  clock: Clock,
  input: { tenant: string; email: string; password: string },
  address: string,
): Promise<OpenedSession> {
  const now = clock.now();
  const subjects = { account: `account:${input.tenant}:${input.email.trim().toLowerCase()}`, address: `ip:${address}` };
  await refuseWhenLimited(store.db, subjects, now);
  const tenant: Tenant | null = (await findTenant(store.db, input.tenant)) ?? (await findTenantByCustomerCode(store.db, input.tenant));
  const credentials = tenant === null ? null : await findUserCredentials(store.db, tenant.id, input.email);
  // Always verify, even for an unknown account, so that timing tells nothing.
  const ok = await verifyPassword(input.password, credentials?.passwordHash ?? null);
  if (!ok || credentials === null) return recordFailure(store.db, subjects, now);
  await clearLoginAttempts(store.db, subjects.account);
  return openSession(store.db, clock, { userId: credentials.user.id, apiKeyId: null }, principalOfUser(credentials.user));
}

/** Console login with an API key or the admin token (how a vendor admin opens the console). */
export async function loginWithApiKey(
  store: Store,
  clock: Clock,
  apiKey: string,
  address: string,
  adminToken: string | undefined,
): Promise<OpenedSession> {
  const now = clock.now();
  const subjects = { account: `key:${sha256(apiKey).slice(0, 16)}`, address: `ip:${address}` };
  await refuseWhenLimited(store.db, subjects, now);
  if (adminToken !== undefined && constantTimeEqual(apiKey, adminToken)) {
    return openSession(store.db, clock, { userId: null, apiKeyId: null }, { kind: 'vendor_admin', actor: 'admin-token' });
  }
  const key = apiKey.startsWith('allot_') ? await findLiveApiKeyByHash(store.db, sha256(apiKey)) : null;
  if (key === null || key.kind === 'app') return recordFailure(store.db, subjects, now);
  return openSession(store.db, clock, { userId: null, apiKeyId: key.id }, principalOfKey(key));
}

export async function logout(store: Store, cookie: string): Promise<void> {
  await deleteConsoleSession(store.db, sha256(cookie));
}
