import type { Db } from '../database.js';
import { inChunks } from '../chunks.js';

/**
 * Who should hold a seat of the license: users assigned directly or members of a linked group,
 * once each, without certified professionals (they use no seat).
 */
export async function entitledUserIds(db: Db, licenseId: string): Promise<string[]> {
  const direct = db.selectFrom('license_assignments').select('user_id').where('license_id', '=', licenseId);
  const viaGroups = db
    .selectFrom('license_groups')
    .innerJoin('group_members', 'group_members.group_id', 'license_groups.group_id')
    .select('group_members.user_id')
    .where('license_groups.license_id', '=', licenseId);
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('certified_professional', '=', 0)
    .where((eb) => eb.or([eb('id', 'in', direct), eb('id', 'in', viaGroups)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function seatHolderIds(db: Db, licenseId: string): Promise<string[]> {
  const rows = await db.selectFrom('license_seats').select('user_id').where('license_id', '=', licenseId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

export async function insertSeats(db: Db, tenantId: string, licenseId: string, userIds: readonly string[], at: string): Promise<void> {
  await inChunks(userIds, 500, async (chunk) => {
    await db
      .insertInto('license_seats')
      .values(chunk.map((userId) => ({ license_id: licenseId, user_id: userId, tenant_id: tenantId, created_at: at })))
      .execute();
  });
}

export async function deleteSeats(db: Db, licenseId: string, userIds: readonly string[]): Promise<void> {
  await inChunks(userIds, 500, async (chunk) => {
    await db.deleteFrom('license_seats').where('license_id', '=', licenseId).where('user_id', 'in', chunk).execute();
  });
}

/** Of the users given, those assigned to the license directly. */
export async function assignedUserIds(db: Db, licenseId: string, userIds: readonly string[]): Promise<string[]> {
  return inChunks(userIds, 1000, async (chunk) => {
    const rows = await db.selectFrom('license_assignments').select('user_id').where('license_id', '=', licenseId).where('user_id', 'in', chunk).execute();
    return rows.map((r) => r.user_id);
  });
}

export async function insertAssignments(db: Db, tenantId: string, licenseId: string, userIds: readonly string[], at: string): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto('license_assignments')
    .values(userIds.map((userId) => ({ license_id: licenseId, user_id: userId, tenant_id: tenantId, created_at: at })))
    .onConflict((oc) => oc.columns(['license_id', 'user_id']).doNothing())
    .execute();
}

export async function deleteAssignments(db: Db, licenseId: string, userIds: readonly string[]): Promise<void> {
  await inChunks(userIds, 1000, async (chunk) => {
    await db.deleteFrom('license_assignments').where('license_id', '=', licenseId).where('user_id', 'in', chunk).execute();
  });
}

/** Links a group; answers false when it was linked already. */
export async function linkGroup(db: Db, tenantId: string, licenseId: string, groupId: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('license_groups')
    .values({ license_id: licenseId, group_id: groupId, tenant_id: tenantId, created_at: at })
    .onConflict((oc) => oc.columns(['license_id', 'group_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function unlinkGroup(db: Db, licenseId: string, groupId: string): Promise<boolean> {
  const result = await db.deleteFrom('license_groups').where('license_id', '=', licenseId).where('group_id', '=', groupId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function linkedGroupIds(db: Db, licenseId: string): Promise<string[]> {
  const rows = await db.selectFrom('license_groups').select('group_id').where('license_id', '=', licenseId).orderBy('group_id').execute();
  return rows.map((r) => r.group_id);
}

/** Licenses a group is linked to. */
export async function licenseIdsOfGroup(db: Db, groupId: string): Promise<string[]> {
  const rows = await db.selectFrom('license_groups').select('license_id').where('group_id', '=', groupId).orderBy('license_id').execute();
  return rows.map((r) => r.license_id);
}

/** Licenses that reach a user directly or through a group, or where the user holds a seat. */
export async function licenseIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('license_assignments')
    .select('license_id')
    .where('user_id', '=', userId)
    .union(
      db
        .selectFrom('license_groups')
        .innerJoin('group_members', 'group_members.group_id', 'license_groups.group_id')
        .select('license_groups.license_id')
        .where('group_members.user_id', '=', userId),
    )
    .union(db.selectFrom('license_seats').select('license_id').where('user_id', '=', userId))
    .execute();
  return [...new Set(rows.map((r) => r.license_id))].sort();
}

/** Of the licenses given, those where the user holds a seat. */
export async function seatedLicenseIds(db: Db, userId: string, licenseIds: readonly string[]): Promise<Set<string>> {
  if (licenseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('license_seats')
    .select('license_id')
    .where('user_id', '=', userId)
    .where('license_id', 'in', [...licenseIds])
    .execute();
  return new Set(rows.map((r) => r.license_id));
}

export interface SeatHolder {
  userId: string;
  email: string;
  name: string;
  direct: boolean;
  groupIds: string[];
}

/** The seat holders of a license with the paths that give them their seat. */
export async function listSeatHolders(db: Db, licenseId: string, afterUserId: string | null, limit: number): Promise<SeatHolder[]> {
  let query = db
    .selectFrom('license_seats')
    .innerJoin('users', 'users.id', 'license_seats.user_id')
    .select(['users.id as userId', 'users.email as email', 'users.name as name'])
    .where('license_seats.license_id', '=', licenseId)
    .orderBy('users.id')
    .limit(limit);
  if (afterUserId !== null) query = query.where('users.id', '>', afterUserId);
  const holders = await query.execute();
  if (holders.length === 0) return [];
  const ids = holders.map((h) => h.userId);
  const direct = new Set(await assignedUserIds(db, licenseId, ids));
  const paths = await db
    .selectFrom('license_groups')
    .innerJoin('group_members', 'group_members.group_id', 'license_groups.group_id')
    .select(['group_members.user_id as userId', 'license_groups.group_id as groupId'])
    .where('license_groups.license_id', '=', licenseId)
    .where('group_members.user_id', 'in', ids)
    .orderBy('license_groups.group_id')
    .execute();
  return holders.map((h) => ({
    ...h,
    direct: direct.has(h.userId),
    groupIds: paths.filter((p) => p.userId === h.userId).map((p) => p.groupId),
  }));
}

/** A seat a user holds: of which license, and whether it was assigned directly (else a linked group gives it). */
export interface UserSeat {
  licenseId: string;
  code: string;
  direct: boolean;
}

/** The seats each of the users holds, by license code; a user without a seat is left out of the map. */
export async function seatsOfUsers(db: Db, userIds: readonly string[]): Promise<Map<string, UserSeat[]>> {
  const seats = new Map<string, UserSeat[]>();
  if (userIds.length === 0) return seats;
  const rows = await db
    .selectFrom('license_seats')
    .innerJoin('licenses', 'licenses.id', 'license_seats.license_id')
    .leftJoin('license_assignments', (join) =>
      join.onRef('license_assignments.license_id', '=', 'license_seats.license_id').onRef('license_assignments.user_id', '=', 'license_seats.user_id'),
    )
    .select(['license_seats.user_id as userId', 'licenses.id as licenseId', 'licenses.code as code', 'license_assignments.user_id as assigned'])
    .where('license_seats.user_id', 'in', [...userIds])
    .orderBy('license_seats.user_id')
    .orderBy('licenses.code')
    .execute();
  for (const row of rows) {
    const held = seats.get(row.userId) ?? [];
    held.push({ licenseId: row.licenseId, code: row.code, direct: row.assigned !== null });
    seats.set(row.userId, held);
  }
  return seats;
}
