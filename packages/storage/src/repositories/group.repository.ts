import type { Group, Page } from '@allot/core';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';
import { containsText } from './text-search.js';

interface GroupRow {
  id: string;
  tenant_id: string;
  name: string;
  created_at: string;
  updated_at: string;
  member_count: number | string | bigint;
}

function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    memberCount: Number(row.member_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectGroups(db: Db, tenantId: string) {
  return db
    .selectFrom('groups')
    .select(['groups.id', 'groups.tenant_id', 'groups.name', 'groups.created_at', 'groups.updated_at'])
    .select((eb) =>
      eb
        .selectFrom('group_members')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('group_members.group_id', '=', 'groups.id')
        .as('member_count'),
    )
    .where('groups.tenant_id', '=', tenantId);
}

export async function insertGroup(db: Db, group: Omit<Group, 'memberCount'>): Promise<void> {
  await db
    .insertInto('groups')
    .values({
      id: group.id,
      tenant_id: group.tenantId,
      name: group.name,
      created_at: group.createdAt,
      updated_at: group.updatedAt,
    })
    .execute();
}

export async function findGroup(db: Db, tenantId: string, id: string): Promise<Group | null> {
  const row = await selectGroups(db, tenantId).where('groups.id', '=', id).executeTakeFirst();
  return row ? toGroup(row as GroupRow) : null;
}

export interface GroupFilter {
  /** Part of the name, any letter case. */
  q?: string | undefined;
}

export async function listGroups(db: Db, tenantId: string, filter: GroupFilter, page: PageRequest): Promise<Page<Group>> {
  let query = selectGroups(db, tenantId).orderBy('groups.id').limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('groups.id', '>', after);
  const q = filter.q?.trim() ?? '';
  if (q !== '') query = query.where(containsText(db, 'groups.name', q));
  return toPage((await query.execute()).map((r) => toGroup(r as GroupRow)), page.limit);
}

/** The tenant's groups linked to a license, by id. */
export async function listLinkedGroups(db: Db, tenantId: string, licenseId: string, page: PageRequest): Promise<Page<Group>> {
  let query = selectGroups(db, tenantId)
    .where((eb) => eb.exists(eb.selectFrom('license_groups').select('license_groups.group_id').whereRef('license_groups.group_id', '=', 'groups.id').where('license_groups.license_id', '=', licenseId)))
    .orderBy('groups.id')
    .limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('groups.id', '>', after);
  return toPage((await query.execute()).map((r) => toGroup(r as GroupRow)), page.limit);
}

export async function renameGroup(db: Db, tenantId: string, id: string, name: string, updatedAt: string): Promise<void> {
  await db
    .updateTable('groups')
    .set({ name, updated_at: updatedAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteGroup(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('groups').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Of the users given, those already in the group. */
export async function existingMembers(db: Db, groupId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', 'in', [...userIds])
    .execute();
  return rows.map((r) => r.user_id);
}

/** Adds members; users already in the group are left as they are. */
export async function addMembers(db: Db, tenantId: string, groupId: string, userIds: readonly string[], at: string): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto('group_members')
    .values(userIds.map((userId) => ({ group_id: groupId, user_id: userId, tenant_id: tenantId, created_at: at })))
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();
}

export async function removeMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The groups a user belongs to, by id. */
export async function groupIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('group_members').select('group_id').where('user_id', '=', userId).orderBy('group_id').execute();
  return rows.map((r) => r.group_id);
}
