import type { Principal } from '@allot/core';
import { insertAuditEvent, isTransientConflict, newId, type Db, type Store } from '@allot/storage';
import type { SecretKey } from '../security/secret-key.js';

/** The real clock; tests replace it. Tenants' own time comes from `tenantNow`. */
export interface Clock {
  now(): string;
}

let lastMs = Number.NaN;
let lastText = '';

/**
 * The real clock. `toISOString` gives the canonical form (UTC, milliseconds) and costs far less
 * than a calendar library; the text is made once per millisecond, which a busy server asks for
 * dozens of times.
 */
export const systemClock: Clock = {
  now: () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastText = new Date(ms).toISOString();
    }
    return lastText;
  },
};

/** What every service call gets: the store, the secret key, who is acting, and the request it serves. */
export interface ServiceContext {
  store: Store;
  clock: Clock;
  /** Seals and opens private signing keys at rest. */
  secretKey: SecretKey;
  principal: Principal;
  requestId: string | null;
}

/** The audit actor: `user:<id>`, `key:<id>` or `admin-token`. */
export function actorOf(principal: Principal): string {
  return principal.actor;
}

export interface AuditEntry {
  tenantId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  /** The tenant's time of the change (its test clock in a sandbox). */
  at: string;
}

/** Records a change; call it with the transaction that makes the change. */
export async function audit(ctx: ServiceContext, trx: Db, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(
    trx,
    {
      id: newId('aud'),
      tenantId: entry.tenantId,
      actor: actorOf(ctx.principal),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      at: entry.at,
      requestId: ctx.requestId,
    },
    ctx.clock.now(),
  );
}

/** How many times `inTransaction` runs work that the database keeps undoing to end conflicts. */
const transactionAttempts = 3;

/**
 * Runs `work` in one transaction: all of it is stored, or none. Work that PostgreSQL undid whole to
 * end a deadlock or a serialization conflict with another transaction (`isTransientConflict`) is
 * run again from the start, up to `transactionAttempts` times in all, as the client would have to;
 * past that the conflict reaches the client as a 409 (see `toAllotError`).
 */
export async function inTransaction<T>(ctx: Pick<ServiceContext, 'store'>, work: (trx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.store.db.transaction().execute(work);
    } catch (error) {
      if (attempt >= transactionAttempts || !isTransientConflict(error)) throw error;
    }
  }
}
