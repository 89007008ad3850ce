import { AllotError, notFound, tenantNow, type Group, type Page, type Tenant, type User } from '@allot/core';
import {
  addMembers as insertMembers,
  licenseIdsOfGroup,
  deleteGroup as removeGroup,
  existingMembers,
  findGroup,
  insertGroup,
  isUniqueViolation,
  listGroups as queryGroups,
  listUsers,
  missingUserIds,
  newId,
  removeMember as deleteMember,
  renameGroup,
  type GroupFilter,
  type PageRequest,
} from '@allot/storage';
import { audit, inTransaction, type ServiceContext } from './context.js';
import { reconcileSeats } from './seats.js';

function nameTaken(name: string): AllotError {
  return new AllotError('already_exists', `A group named ${name} exists in this tenant.`, { field: 'name' });
}

export async function createGroup(ctx: ServiceContext, tenant: Tenant, name: string): Promise<Group> {
  const now = tenantNow(tenant, ctx.clock.now());
  const group: Group = { id: newId('grp'), tenantId: tenant.id, name, memberCount: 0, createdAt: now, updatedAt: now };
  try {
    await inTransaction(ctx, async (trx) => {
      await insertGroup(trx, group);
      await audit(ctx, trx, { tenantId: tenant.id, action: 'group.created', targetType: 'group', targetId: group.id, after: group, at: now });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
  return group;
}

export async function getGroup(ctx: ServiceContext, tenant: Tenant, id: string): Promise<Group> {
  const group = await findGroup(ctx.store.db, tenant.id, id);
  if (group === null) throw notFound('group', id);
  return group;
}

export function listGroups(ctx: ServiceContext, tenant: Tenant, filter: GroupFilter, page: PageRequest): Promise<Page<Group>> {
  return queryGroups(ctx.store.db, tenant.id, filter, page);
}

export async function updateGroup(ctx: ServiceContext, tenant: Tenant, id: string, name: string): Promise<Group> {
  const now = tenantNow(tenant, ctx.clock.now());
  try {
    return await inTransaction(ctx, async (trx) => {
      const before = await findGroup(trx, tenant.id, id);
      if (before === null) throw notFound('group', id);
      await renameGroup(trx, tenant.id, id, name, now);
      const after = { ...before, name, updatedAt: now };
      await audit(ctx, trx, { tenantId: tenant.id, action: 'group.updated', targetType: 'group', targetId: id, before, after, at: now });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

export async function deleteGroup(ctx: ServiceContext, tenant: Tenant, id: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const before = await findGroup(trx, tenant.id, id);
    if (before === null) throw notFound('group', id);
    const licenseIds = await licenseIdsOfGroup(trx, id);
    await removeGroup(trx, tenant.id, id);
    // Members seated only through this group lose their seats.
    await reconcileSeats(ctx, trx, tenant, licenseIds, now);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'group.deleted', targetType: 'group', targetId: id, before, at: now });
  });
}

export interface MembershipChange {
  group: Group;
  added: string[];
  alreadyMembers: string[];
}

/**
 * Adds users to a group, all or none: one unknown user refuses the whole request, and so does a
 * license linked to the group that has too few free seats for the new members (`seat_limit`).
 * Users already in the group stay as they are and are reported, so a repeat changes nothing.
 */
export async function addMembers(ctx: ServiceContext, tenant: Tenant, groupId: string, userIds: readonly string[]): Promise<MembershipChange> {
  const now = tenantNow(tenant, ctx.clock.now());
  const ids = [...new Set(userIds)];
  return inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const group = await findGroup(trx, tenant.id, groupId);
    if (group === null) throw notFound('group', groupId);
    const missing = await missingUserIds(trx, tenant.id, ids);
    if (missing.length > 0) {
      throw new AllotError('unknown_user', `No user with id ${missing.join(', ')} in this tenant.`, { userIds: missing });
    }
    const alreadyMembers = await existingMembers(trx, groupId, ids);
    const added = ids.filter((id) => !alreadyMembers.includes(id));
    await insertMembers(trx, tenant.id, groupId, added, now);
    if (added.length > 0) await reconcileSeats(ctx, trx, tenant, await licenseIdsOfGroup(trx, groupId), now);
    for (const userId of added) {
      await audit(ctx, trx, { tenantId: tenant.id, action: 'group.member_added', targetType: 'group', targetId: groupId, after: { userId }, at: now });
    }
    const after = await findGroup(trx, tenant.id, groupId);
    return { group: after ?? group, added, alreadyMembers };
  });
}

export async function removeMember(ctx: ServiceContext, tenant: Tenant, groupId: string, userId: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const group = await findGroup(trx, tenant.id, groupId);
    if (group === null) throw notFound('group', groupId);
    if (!(await deleteMember(trx, groupId, userId))) {
      throw new AllotError('not_found', `User ${userId} is not a member of group ${group.name}.`, { resource: 'membership', userId });
    }
    await reconcileSeats(ctx, trx, tenant, await licenseIdsOfGroup(trx, groupId), now);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'group.member_removed', targetType: 'group', targetId: groupId, before: { userId }, at: now });
  });
}

export async function listMembers(ctx: ServiceContext, tenant: Tenant, groupId: string, page: PageRequest): Promise<Page<User>> {
  await getGroup(ctx, tenant, groupId);
  return listUsers(ctx.store.db, tenant.id, { groupId }, page);
}
