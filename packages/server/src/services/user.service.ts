import { AllotError, defaultRole, emailKey, mayChangeUser, mayGrantRoles, notFound, removesLastOwner, tenantNow, type Page, type Role, type Tenant, type User, type UserChange } from '@allot/core';
import {
  countUsersWithRole,
  deleteUser as removeUser,
  deleteUserConsoleSessions,
  findUser,
  findTenant,
  findUserCredentials,
  insertUser,
  isUniqueViolation,
  licenseIdsOfUser,
  listUsers as queryUsers,
  newId,
  seatsOfUsers,
  updateUser as changeUser,
  type Db,
  type PageRequest,
  type UserFilter,
  type UserSeat,
} from '@allot/storage';
import { sha256, verifyPassword } from '../security/secrets.js';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { accountSubject, withPasswordAttempt } from './password-attempt.service.js';
import { hashNewPassword } from './password-hashing.js';
import { reconcileSeats } from './seats.js';

export interface NewUser {
  email: string;
  name: string;
  roles?: Role[] | undefined;
  certifiedProfessional?: boolean | undefined;
  password?: string | undefined;
}

function emailTaken(email: string): AllotError {
  return new AllotError('already_exists', `A user with email ${email} exists in this tenant.`, { field: 'email' });
}

function checkGrant(ctx: ServiceContext, before: readonly Role[], after: readonly Role[]): void {
  if (!mayGrantRoles(ctx.principal, before, after)) {
    throw new AllotError('forbidden', 'You may only give roles you hold yourself; only an owner grants or removes owner.', { field: 'roles' });
  }
}

const unique = (roles: readonly Role[]): Role[] => [...new Set(roles)];

/**
 * The user `input` makes in `tenant` at `now`, refused when the caller may not give its roles:
 * the one creation rule, for a single user and for an import.
 */
export function newUserRecord(ctx: ServiceContext, tenant: Tenant, input: NewUser, now: string): User {
  const roles = unique(input.roles ?? [defaultRole]);
  checkGrant(ctx, [], roles);
  return {
    id: newId('usr'),
    tenantId: tenant.id,
    email: input.email.trim(),
    name: input.name,
    roles,
    certifiedProfessional: input.certifiedProfessional ?? false,
    hasPassword: input.password !== undefined,
    createdAt: now,
    updatedAt: now,
  };
}

/** Stores a new user with its audit event, in the caller's transaction. */
export async function storeNewUser(ctx: ServiceContext, trx: Db, user: User, passwordHash: string | null): Promise<void> {
  await insertUser(trx, user, passwordHash);
  await audit(ctx, trx, { tenantId: user.tenantId, action: 'user.created', targetType: 'user', targetId: user.id, after: user, at: user.createdAt });
}

export async function createUser(ctx: ServiceContext, tenant: Tenant, input: NewUser): Promise<User> {
  const user = newUserRecord(ctx, tenant, input, tenantNow(tenant, ctx.clock.now()));
  const passwordHash = input.password === undefined ? null : await hashNewPassword(input.password);
  try {
    await inTransaction(ctx, (trx) => storeNewUser(ctx, trx, user, passwordHash));
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(user.email);
    throw error;
  }
  return user;
}

export async function getUser(ctx: ServiceContext, tenant: Tenant, id: string): Promise<User> {
  const user = await findUser(ctx.store.db, tenant.id, id);
  if (user === null) throw notFound('user', id);
  return user;
}

/** A user in the list, with the seats they hold. */
export interface ListedUser extends User {
  seats: UserSeat[];
}

export async function listUsers(ctx: ServiceContext, tenant: Tenant, filter: UserFilter, page: PageRequest): Promise<Page<ListedUser>> {
  const users = await queryUsers(ctx.store.db, tenant.id, filter, page);
  const seats = await seatsOfUsers(ctx.store.db, users.items.map((user) => user.id));
  return { ...users, items: users.items.map((user) => ({ ...user, seats: seats.get(user.id) ?? [] })) };
}

export interface UserPatch {
  email?: string | undefined;
  name?: string | undefined;
  roles?: Role[] | undefined;
  certifiedProfessional?: boolean | undefined;
  /** A new password, or null to remove console login. */
  password?: string | null | undefined;
  /** The caller's own current password, when they change their own password or e-mail. */
  currentPassword?: string | undefined;
}

/** A change of password or of the e-mail one logs in with (its letter case aside) is a change of credentials. */
function changeOf(user: User, patch: UserPatch): UserChange {
  const newEmail = patch.email !== undefined && emailKey(patch.email) !== emailKey(user.email);
  return patch.password !== undefined || newEmail ? 'credentials' : 'edit';
}

/**
 * Refuses a change that leaves the tenant without an owner (`rolesAfter`, null for a deletion).
 * Called under the tenant lock: of two owners demoted at once, the second counts after the first's
 * change, so they cannot both go.
 */
async function keepAnOwner(trx: Db, tenant: Tenant, target: User, rolesAfter: readonly Role[] | null): Promise<void> {
  if (removesLastOwner(target, rolesAfter, await countUsersWithRole(trx, tenant.id, 'owner'))) {
    throw new AllotError('last_owner', `${target.email} is the last owner of this tenant: make someone else an owner first.`, { userId: target.id });
  }
}

function outranked(): AllotError {
  return new AllotError('forbidden', 'You may not change a user whose role is above yours; only an owner changes an owner.');
}

/** Refuses a change the caller's rank does not allow; answers whether the current password is needed. */
function checkRank(ctx: ServiceContext, target: User, change: UserChange): boolean {
  const decision = mayChangeUser(ctx.principal, target, change);
  if (decision === 'forbidden') throw outranked();
  return decision === 'current_password';
}

/**
 * A user changing their own password or e-mail proves it with the current one, so that a session
 * left open is not an account lost. Counted as a login attempt of the account (and the address).
 */
async function checkCurrentPassword(ctx: ServiceContext, tenant: Tenant, user: User, given: string | undefined, address: string): Promise<void> {
  if (given === undefined) {
    throw new AllotError('invalid_request', 'Send your current password (currentPassword) to change your own password or e-mail.', { field: 'currentPassword' });
  }
  const ok = await withPasswordAttempt(ctx, { address, account: accountSubject(tenant.id, user.email) }, async () => {
    const credentials = await findUserCredentials(ctx.store.db, tenant.id, user.email);
    return (await verifyPassword(given, credentials?.passwordHash ?? null)) && credentials?.user.id === user.id ? true : null;
  });
  if (ok === null) throw new AllotError('password_incorrect', 'The current password is not right.', { field: 'currentPassword' });
}

/**
 * Changes a user. Nobody changes a user who outranks them (`mayChangeUser`); a new password or
 * e-mail ends every console session of the user, the caller's own included when they changed
 * their own (the console then asks them to log in again). `address` is the caller's, for the
 * attempt limit of a current-password check.
 */
export async function updateUser(ctx: ServiceContext, tenant: Tenant, id: string, patch: UserPatch, address: string): Promise<User> {
  const { currentPassword, ...changes } = patch;
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new AllotError('invalid_request', 'Send at least one field to change besides currentPassword.', { field: 'currentPassword' });
  }
  const target = await findUser(ctx.store.db, tenant.id, id);
  if (target === null) throw notFound('user', id);
  // Decided before any hashing, so that a refusal costs nothing; decided again under the lock.
  const passwordChecked = checkRank(ctx, target, changeOf(target, changes));
  if (passwordChecked) await checkCurrentPassword(ctx, tenant, target, currentPassword, address);
  const now = tenantNow(tenant, ctx.clock.now());
  const roles = changes.roles === undefined ? undefined : unique(changes.roles);
  const passwordHash = changes.password === undefined ? undefined : changes.password === null ? null : await hashNewPassword(changes.password);
  try {
    return await inTransaction(ctx, async (trx) => {
      await ctx.store.lockTenant(trx, tenant.id);
      const before = await findUser(trx, tenant.id, id);
      if (before === null) throw notFound('user', id);
      // The user may have changed meanwhile (a new role, a new e-mail): the rule holds for what is stored now.
      const change = changeOf(before, changes);
      if (checkRank(ctx, before, change) && !passwordChecked) throw new AllotError('conflict', 'The user changed meanwhile; send the change again.');
      if (roles !== undefined) {
        checkGrant(ctx, before.roles, roles);
        await keepAnOwner(trx, tenant, before, roles);
      }
      await changeUser(trx, tenant.id, id, { email: changes.email?.trim(), name: changes.name, roles, certifiedProfessional: changes.certifiedProfessional, passwordHash }, now);
      // A certified professional uses no seat: the flag frees or needs this user's seats.
      if (changes.certifiedProfessional !== undefined && changes.certifiedProfessional !== before.certifiedProfessional) {
        await reconcileSeats(ctx, trx, tenant, await licenseIdsOfUser(trx, id), now);
      }
      // New credentials or roles end the user's console sessions, so that they log in anew.
      if (change === 'credentials' || roles !== undefined) await deleteUserConsoleSessions(trx, id);
      const after = await findUser(trx, tenant.id, id);
      if (after === null) throw notFound('user', id);
      await audit(ctx, trx, { tenantId: tenant.id, action: 'user.updated', targetType: 'user', targetId: id, before, after, at: now });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(changes.email ?? '');
    throw error;
  }
}

/** Deletes a user; nobody deletes a user who outranks them. */
export async function deleteUser(ctx: ServiceContext, tenant: Tenant, id: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const before = await findUser(trx, tenant.id, id);
    if (before === null) throw notFound('user', id);
    checkRank(ctx, before, 'delete');
    await keepAnOwner(trx, tenant, before, null);
    const licenseIds = await licenseIdsOfUser(trx, id);
    await removeUser(trx, tenant.id, id);
    await reconcileSeats(ctx, trx, tenant, licenseIds, now);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'user.deleted', targetType: 'user', targetId: id, before, at: now });
  });
}

/**
 * A user logged in to the console changes their own password: the current one re-entered (401
 * `password_incorrect` when wrong, counted with the logins of the account), the new one hashed,
 * and every other console session of the user ended; the one of `sessionCookie` (where the change
 * was made) stays. Callers that are not a user are refused by the route's permission.
 */
export async function changeOwnPassword(
  ctx: ServiceContext,
  input: { currentPassword: string; newPassword: string },
  by: { address: string; sessionCookie: string | undefined },
): Promise<void> {
  const { principal } = ctx;
  // The route's permission (`password.change`) admits users only.
  if (principal.kind !== 'tenant' || principal.userId === null) throw new Error('changeOwnPassword called for a caller who is no user');
  const userId = principal.userId;
  const tenant = await findTenant(ctx.store.db, principal.tenantId);
  const user = tenant === null ? null : await findUser(ctx.store.db, tenant.id, userId);
  if (tenant === null || user === null) throw notFound('user', userId);
  await checkCurrentPassword(ctx, tenant, user, input.currentPassword, by.address);
  const passwordHash = await hashNewPassword(input.newPassword);
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const before = await findUser(trx, tenant.id, userId);
    if (before === null) throw notFound('user', userId);
    // The e-mail the password was checked for is the one it belongs to now.
    if (emailKey(before.email) !== emailKey(user.email)) throw new AllotError('conflict', 'Your e-mail changed meanwhile; log in again.');
    await changeUser(trx, tenant.id, userId, { passwordHash }, now);
    await deleteUserConsoleSessions(trx, userId, by.sessionCookie === undefined ? undefined : sha256(by.sessionCookie));
    const after = await findUser(trx, tenant.id, userId);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'user.password_changed', targetType: 'user', targetId: userId, before, after, at: now });
  });
}
