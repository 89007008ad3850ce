import { AllotError, isUnlimited, seatsFree, usageOf, type License, type Tenant } from '@allot/core';
import {
  deleteSeats,
  entitledUserIds,
  findLicensesByIds,
  insertEvent,
  insertSeats,
  newId,
  seatHolderIds,
  setSeatsUsed,
  setThresholdReached,
  type Db,
} from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';

export interface SeatChange {
  licenseId: string;
  added: string[];
  removed: string[];
  used: number;
}

function seatLimit(license: License, needed: number, users: readonly string[]): AllotError {
  const free = seatsFree(license, license.used) ?? 0;
  return new AllotError(
    'seat_limit',
    `License ${license.code} has ${free} free seat${free === 1 ? '' : 's'}; this change needs ${needed}.`,
    { licenseId: license.id, licenseCode: license.code, seatsNeeded: needed, seatsFree: free, userIds: users },
  );
}

/**
 * Brings the seats of the given licenses in line with their assignments, linked groups and
 * memberships, after a change made in this transaction. Refuses with `seat_limit` (and the caller's
 * transaction rolls back) when a license would hold more seats than it has. Call it only while
 * holding the tenant's licensing lock (`Store.lockTenant`).
 */
export async function reconcileSeats(ctx: ServiceContext, trx: Db, tenant: Tenant, licenseIds: readonly string[], at: string): Promise<SeatChange[]> {
  const changes: SeatChange[] = [];
  for (const license of await findLicensesByIds(trx, tenant.id, [...new Set(licenseIds)])) {
    const entitled = await entitledUserIds(trx, license.id);
    const holders = await seatHolderIds(trx, license.id);
    const holding = new Set(holders);
    const wanted = new Set(entitled);
    const added = entitled.filter((id) => !holding.has(id));
    const removed = holders.filter((id) => !wanted.has(id));
    if (added.length > 0 && !isUnlimited(license) && entitled.length > (license.quantity ?? 0)) {
      throw seatLimit(license, entitled.length - license.used, added);
    }
    // Deleting a user removes their seat rows by cascade: the count may be stale with no rows to change.
    if (added.length === 0 && removed.length === 0 && entitled.length === license.used) {
      changes.push({ licenseId: license.id, added, removed, used: license.used });
      continue;
    }
    await deleteSeats(trx, license.id, removed);
    await insertSeats(trx, tenant.id, license.id, added, at);
    if (!(await setSeatsUsed(trx, license.id, entitled.length))) throw seatLimit(license, entitled.length - license.used, added);
    await updateThreshold(ctx, trx, { ...license, used: entitled.length }, at);
    changes.push({ licenseId: license.id, added, removed, used: entitled.length });
  }
  return changes;
}

/**
 * Turns `thresholdReached` on or off as usage crosses `thresholdPercent`, recording the event
 * `license.threshold_reached` when it turns on.
 */
export async function updateThreshold(ctx: ServiceContext, trx: Db, license: License, at: string): Promise<void> {
  const usage = usageOf(license, license.used);
  if (usage.thresholdReached === license.thresholdReached) return;
  await setThresholdReached(trx, license.id, usage.thresholdReached);
  if (!usage.thresholdReached) return;
  await insertEvent(
    trx,
    {
      id: newId('evt'),
      tenantId: license.tenantId,
      type: 'license.threshold_reached',
      payload: { licenseId: license.id, licenseCode: license.code, thresholdPercent: license.thresholdPercent, percentUsed: usage.percentUsed, used: usage.used, quantity: usage.quantity },
      at,
    },
    ctx.clock.now(),
  );
}

/** Carries the answer of a dry run out of the transaction that is rolled back. */
class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super('dry run');
  }
}

/**
 * Runs `work` in a transaction; for a dry run the transaction is rolled back after `work` has
 * computed its answer, so that the dry run answers exactly what the real run would, changing nothing.
 */
export async function runOrDryRun<T>(ctx: ServiceContext, dryRun: boolean, work: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(ctx, async (trx) => {
      const result = await work(trx);
      if (dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T;
    throw error;
  }
}
