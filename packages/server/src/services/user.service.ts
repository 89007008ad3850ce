import { AllotError, defaultRole, mayGrantRoles, notFound, tenantNow, type Page, type Role, type Tenant, type User } from '@allot/core';
import {
  deleteUser as removeUser,
  deleteUserConsoleSessions,
  findUser,
  insertUser,
  isUniqueViolation,
  licenseIdsOfUser,
  listUsers as queryUsers,
  newId,
  updateUser as changeUser,
  type PageRequest,
  type UserFilter,
} from '@allot/storage';
import { hashPassword } from '../security/secrets.js';
import { audit, inTransaction, type ServiceContext } from './context.js';
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

export async function createUser(ctx: ServiceContext, tenant: Tenant, input: NewUser): Promise<User> {
  const roles = unique(input.roles ?? [defaultRole]);
  checkGrant(ctx, [], roles);
  const now = tenantNow(tenant, ctx.clock.now());
  const user: User = {
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
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  try {
    await inTransaction(ctx, async (trx) => {
      await insertUser(trx, user, passwordHash);
      await audit(ctx, trx, { tenantId: tenant.id, action: 'user.created', targetType: 'user', targetId: user.id, after: user, at: now });
    });
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

export function listUsers(ctx: ServiceContext, tenant: Tenant, filter: UserFilter, page: PageRequest): Promise<Page<User>> {
  return queryUsers(ctx.store.db, tenant.id, filter, page);
}

export interface UserPatch {
  email?: string | undefined;
  name?: string | undefined;
  roles?: Role[] | undefined;
  certifiedProfessional?: boolean | undefined;
  /** A new password, or null to remove console login. */
  password?: string | null | undefined;
}

export async function updateUser(ctx: ServiceContext, tenant: Tenant, id: string, patch: UserPatch): Promise<User> {
  const now = tenantNow(tenant, ctx.clock.now());
  const roles = patch.roles === undefined ? undefined : unique(patch.roles);
  const passwordHash = patch.password === undefined ? undefined : patch.password === null ? null : await hashPassword(patch.password);
  try {
    return await inTransaction(ctx, async (trx) => {
      await ctx.store.lockTenant(trx, tenant.id);
      const before = await findUser(trx, tenant.id, id);
      if (before === null) throw notFound('user', id);
      if (roles !== undefined) checkGrant(ctx, before.roles, roles);
      await changeUser(trx, tenant.id, id, { ...patch, email: patch.email?.trim(), roles, passwordHash }, now);
      // A certified professional uses no seat: the flag frees or needs this user's seats.
      if (patch.certifiedProfessional !== undefined && patch.certifiedProfessional !== before.certifiedProfessional) {
        await reconcileSeats(ctx, trx, tenant, await licenseIdsOfUser(trx, id), now);
      }
      // A changed password or role ends the user's console sessions, so that they log in anew.
      if (passwordHash !== undefined || roles !== undefined) await deleteUserConsoleSessions(trx, id);
      const after = await findUser(trx, tenant.id, id);
      if (after === null) throw notFound('user', id);
      await audit(ctx, trx, { tenantId: tenant.id, action: 'user.updated', targetType: 'user', targetId: id, before, after, at: now });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(patch.email ?? '');
    throw error;
  }
}

export async function deleteUser(ctx: ServiceContext, tenant: Tenant, id: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const before = await findUser(trx, tenant.id, id);
    if (before === null) throw notFound('user', id);
    if (before.roles.includes('owner')) checkGrant(ctx, before.roles, []);
    const licenseIds = await licenseIdsOfUser(trx, id);
    await removeUser(trx, tenant.id, id);
    await reconcileSeats(ctx, trx, tenant, licenseIds, now);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'user.deleted', targetType: 'user', targetId: id, before, at: now });
  });
}
