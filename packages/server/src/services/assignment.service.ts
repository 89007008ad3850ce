import { AllotError, modelSpec, notFound, seatsFree, tenantNow, type Group, type License, type Page, type Tenant } from '@allot/core';
import {
  assignedUserIds,
  deleteAssignments,
  findGroup,
  findLicense,
  insertAssignments,
  linkedGroupIds,
  linkGroup as storeLink,
  listLinkedGroups as queryLinkedGroups,
  listSeatHolders,
  missingUserIds,
  seatHolderIds,
  unlinkGroup as storeUnlink,
  type Db,
  type PageRequest,
  type SeatHolder,
} from '@allot/storage';
import { decodeCursor, encodeCursor } from '@allot/core';
import { audit, type ServiceContext } from './context.js';
import { reconcileSeats, runOrDryRun } from './seats.js';

/** What a seat change did (or, for a dry run, would do). */
export interface SeatOutcome {
  licenseId: string;
  dryRun: boolean;
  seatsNeeded: number;
  seatsFree: number | null;
  /** Users who get a seat. */
  added: string[];
  /** Users who lose their seat. */
  removed: string[];
  used: number;
  available: number | null;
}

async function seatLicense(trx: Db, tenant: Tenant, id: string): Promise<License> {
  const license = await findLicense(trx, tenant.id, id);
  if (license === null) throw notFound('license', id);
  if (!modelSpec(license.model).seats) {
    throw new AllotError('unprocessable', `License ${license.code} is a ${license.model} license; only named and solution licenses have seats.`, { model: license.model });
  }
  return license;
}

async function refuseUnknownUsers(trx: Db, tenantId: string, userIds: readonly string[]): Promise<void> {
  const missing = await missingUserIds(trx, tenantId, userIds);
  if (missing.length > 0) throw new AllotError('unknown_user', `No user with id ${missing.join(', ')} in this tenant.`, { userIds: missing });
}

/** Runs a seat-changing step under the tenant's licensing lock and reconciles the license's seats. */
async function changeSeats(
  ctx: ServiceContext,
  tenant: Tenant,
  licenseId: string,
  dryRun: boolean,
  step: (trx: Db, license: License, now: string) => Promise<void>,
): Promise<SeatOutcome> {
  const now = tenantNow(tenant, ctx.clock.now());
  return runOrDryRun(ctx, dryRun, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const license = await seatLicense(trx, tenant, licenseId);
    await step(trx, license, now);
    const [change] = await reconcileSeats(ctx, trx, tenant, [license.id], now);
    const used = change?.used ?? license.used;
    const added = change?.added ?? [];
    return {
      licenseId: license.id,
      dryRun,
      seatsNeeded: Math.max(0, used - license.used),
      seatsFree: seatsFree(license, license.used),
      added,
      removed: change?.removed ?? [],
      used,
      available: seatsFree(license, used),
    };
  });
}

/** Assigns seats to users directly, all or none. Users already seated keep their one seat. */
export function assignSeats(ctx: ServiceContext, tenant: Tenant, licenseId: string, userIds: readonly string[], dryRun: boolean): Promise<SeatOutcome> {
  const ids = [...new Set(userIds)];
  return changeSeats(ctx, tenant, licenseId, dryRun, async (trx, license, now) => {
    await refuseUnknownUsers(trx, tenant.id, ids);
    const already = new Set(await assignedUserIds(trx, license.id, ids));
    const fresh = ids.filter((id) => !already.has(id));
    await insertAssignments(trx, tenant.id, license.id, fresh, now);
    for (const userId of fresh) {
      await audit(ctx, trx, { tenantId: tenant.id, action: 'license.seat_assigned', targetType: 'license', targetId: license.id, after: { userId }, at: now });
    }
  });
}

/**
 * Recalls directly assigned seats, all or none. A user without a seat is a 404 naming them; a user
 * seated only through a group is a 409 naming the groups (unlink the group or remove the member).
 */
export function recallSeats(ctx: ServiceContext, tenant: Tenant, licenseId: string, userIds: readonly string[], dryRun: boolean): Promise<SeatOutcome> {
  const ids = [...new Set(userIds)];
  return changeSeats(ctx, tenant, licenseId, dryRun, async (trx, license, now) => {
    await refuseUnknownUsers(trx, tenant.id, ids);
    const direct = new Set(await assignedUserIds(trx, license.id, ids));
    const notDirect = ids.filter((id) => !direct.has(id));
    if (notDirect.length > 0) {
      const holders = new Set(await seatHolderIds(trx, license.id));
      const seatless = notDirect.filter((id) => !holders.has(id));
      if (seatless.length > 0) {
        throw new AllotError('not_found', `User ${seatless.join(', ')} holds no seat of license ${license.code}.`, { resource: 'seat', userIds: seatless });
      }
      throw new AllotError('conflict', `User ${notDirect.join(', ')} is seated through a linked group, not directly; remove them from the group or unlink it.`, {
        userIds: notDirect,
        groupIds: await linkedGroupIds(trx, license.id),
      });
    }
    await deleteAssignments(trx, license.id, ids);
    for (const userId of ids) {
      await audit(ctx, trx, { tenantId: tenant.id, action: 'license.seat_recalled', targetType: 'license', targetId: license.id, before: { userId }, at: now });
    }
  });
}

/** Links a group: its members get seats, all or none. Linking a linked group again changes nothing. */
export function linkGroup(ctx: ServiceContext, tenant: Tenant, licenseId: string, groupId: string, dryRun: boolean): Promise<SeatOutcome> {
  return changeSeats(ctx, tenant, licenseId, dryRun, async (trx, license, now) => {
    const group = await findGroup(trx, tenant.id, groupId);
    if (group === null) throw notFound('group', groupId);
    if (await storeLink(trx, tenant.id, license.id, groupId, now)) {
      await audit(ctx, trx, { tenantId: tenant.id, action: 'license.group_linked', targetType: 'license', targetId: license.id, after: { groupId, groupName: group.name }, at: now });
    }
  });
}

export function unlinkGroup(ctx: ServiceContext, tenant: Tenant, licenseId: string, groupId: string, dryRun: boolean): Promise<SeatOutcome> {
  return changeSeats(ctx, tenant, licenseId, dryRun, async (trx, license, now) => {
    if (!(await storeUnlink(trx, license.id, groupId))) {
      throw new AllotError('not_found', `Group ${groupId} is not linked to license ${license.code}.`, { resource: 'group link', groupId });
    }
    await audit(ctx, trx, { tenantId: tenant.id, action: 'license.group_unlinked', targetType: 'license', targetId: license.id, before: { groupId }, at: now });
  });
}

export async function listSeats(ctx: ServiceContext, tenant: Tenant, licenseId: string, page: PageRequest): Promise<Page<SeatHolder & { id: string }>> {
  const license = await seatLicense(ctx.store.db, tenant, licenseId);
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
  if (page.cursor !== undefined && after === null) throw new AllotError('invalid_request', 'The cursor is not valid.', { field: 'cursor' });
  const rows = await listSeatHolders(ctx.store.db, license.id, after, page.limit + 1);
  const items = rows.slice(0, page.limit).map((row) => ({ id: row.userId, ...row }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
}

/** The groups linked to a seat license, with their member counts. */
export async function listLinkedGroups(ctx: ServiceContext, tenant: Tenant, licenseId: string, page: PageRequest): Promise<Page<Group>> {
  const license = await seatLicense(ctx.store.db, tenant, licenseId);
  return queryLinkedGroups(ctx.store.db, tenant.id, license.id, page);
}
