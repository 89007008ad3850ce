import { AllotError, emailKey, importConflicts, tenantNow, type Tenant } from '@allot/core';
import { isUniqueViolation, takenEmailKeys } from '@allot/storage';
import type { ServiceContext } from './context.js';
import { runOrDryRun } from './seats.js';
import { newUserRecord, storeNewUser, type NewUser } from './user.service.js';

/** A row of an import: a user without a password (imported users log in once one is set for them). */
export type ImportedUser = Omit<NewUser, 'password'>;

export interface UserImportOutcome {
  dryRun: boolean;
  created: number;
  /** The new users' ids in the order of the rows (for a dry run, the ids they would have had). */
  userIds: string[];
}

/**
 * Creates every user of `rows` in one transaction, or none: a row whose address repeats an earlier
 * row or a user of the tenant refuses the import with one 409 `already_exists` naming every such
 * row (`rows`: index, email, reason). Each user is made by the rule of a single creation and audited
 * as one. A dry run checks the same and changes nothing.
 */
export async function importUsers(ctx: ServiceContext, tenant: Tenant, rows: readonly ImportedUser[], dryRun: boolean): Promise<UserImportOutcome> {
  const now = tenantNow(tenant, ctx.clock.now());
  const users = rows.map((row) => newUserRecord(ctx, tenant, row, now));
  try {
    return await runOrDryRun(ctx, dryRun, async (trx) => {
      const taken = await takenEmailKeys(trx, tenant.id, [...new Set(users.map((u) => emailKey(u.email)))]);
      const conflicts = importConflicts(users.map((u) => u.email), taken);
      if (conflicts.length > 0) {
        const shown = conflicts.slice(0, 3).map((c) => `users.${c.index} (${c.email})`).join(', ');
        throw new AllotError('already_exists', `${conflicts.length} row(s) name an address used earlier in the import or by a user of this tenant (rows counted from 0): ${shown}${conflicts.length > 3 ? ', …' : ''}. Nothing was created.`, {
          rows: conflicts,
        });
      }
      for (const user of users) await storeNewUser(ctx, trx, user, null);
      return { dryRun, created: users.length, userIds: users.map((u) => u.id) };
    });
  } catch (error) {
    // Another request created one of these addresses between the check and the insert.
    if (isUniqueViolation(error)) throw new AllotError('already_exists', 'A user with one of these addresses was created meanwhile; nothing was created. Send the import again to see which.');
    throw error;
  }
}
