import { sql } from 'kysely';
import type { Store } from './store.js';

// Locks held through each store; the database lock covers other stores and other nodes.
const held = new WeakMap<Store, Set<string>>();

export type LockOutcome<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `work` only if no other holder, in this process or (on PostgreSQL) on any node, holds the
 * lock named `key`; otherwise answers `{ ran: false }` at once. On PostgreSQL this is a
 * session-level advisory lock on a pinned connection, so it is released even if the node dies.
 */
export async function withAdvisoryLock<T>(store: Store, key: string, work: () => Promise<T>): Promise<LockOutcome<T>> {
  const heldInProcess = held.get(store) ?? new Set<string>();
  held.set(store, heldInProcess);
  if (heldInProcess.has(key)) return { ran: false };
  heldInProcess.add(key);
  try {
    if (store.dialect === 'sqlite') return { ran: true, value: await work() };
    return await store.db.connection().execute(async (conn) => {
      const lock = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as locked`.execute(conn);
      if (lock.rows[0]?.locked !== true) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
      }
    });
  } finally {
    heldInProcess.delete(key);
  }
}
