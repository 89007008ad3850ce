import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Tenant } from '@allot/core';
import { findTenant, insertTenant, newId, type Db, type Store } from '@allot/storage';
import { toAllotError } from '../src/http/problem.js';
import { inTransaction, type ServiceContext } from '../src/services/context.js';
import { runOrDryRun } from '../src/services/seats.js';
import { dialects, suiteDatabase } from '../../../test-support/databases.js';

const at = '2026-03-02T10:00:00.000Z';
const tenantOf = (id: string): Tenant => ({ id, name: id, customerCode: id, timeZone: 'UTC', mode: 'sandbox', status: 'licensed', clock: at, createdAt: at, updatedAt: at });

/** An opening that `wait` passes once `open` was called, or after `ms` whatever happens. */
function gate(ms: number): { open: () => void; wait: () => Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, wait: () => Promise.race([opened, sleep(ms)]) };
}

/**
 * PostgreSQL ends a deadlock by undoing one of the transactions whole. A service transaction it
 * undid is run again (`inTransaction`), so two requests that lock the same rows in opposite order
 * both succeed; one that keeps being undone reaches the client as a 409 to send again, never a 500.
 */
describe.each(dialects)('transactions the database undoes to end a deadlock, on %s', (dialect) => {
  let store: Store;
  suiteDatabase(dialect, (opened) => (store = opened));

  it('runs a transaction undone by a deadlock again: both of two crossing transactions store their change', async () => {
    const [first, second] = [newId('ten'), newId('ten')];
    await insertTenant(store.db, tenantOf(first));
    await insertTenant(store.db, tenantOf(second));
    const rename = (trx: Db, id: string, name: string) => trx.updateTable('tenants').set({ name }).where('id', '=', id).execute();
    // Each takes its first row, waits (on PostgreSQL) until the other holds its own, then asks for the other's.
    const [firstHeld, secondHeld] = [gate(2000), gate(2000)];
    const runs = { left: 0, right: 0 };
    const crossing = (side: 'left' | 'right', mine: string, theirs: string, held: ReturnType<typeof gate>, other: ReturnType<typeof gate>) =>
      inTransaction({ store }, async (trx) => {
        runs[side] += 1;
        await rename(trx, mine, `${side} ${runs[side]}`);
        held.open();
        // SQLite runs one transaction at a time: the other cannot start before this one ends.
        if (dialect === 'postgres') await other.wait();
        await rename(trx, theirs, `${side} ${runs[side]}`);
        return side;
      });

    const answers = await Promise.all([crossing('left', first, second, firstHeld, secondHeld), crossing('right', second, first, secondHeld, firstHeld)]);

    expect(answers).toEqual(['left', 'right']);
    // On PostgreSQL one of the two was undone once and run again; on SQLite neither waited for the other.
    expect(runs.left + runs.right).toBe(dialect === 'postgres' ? 3 : 2);
    // Both committed, whole: the one run last wrote both rows.
    const names = [(await findTenant(store.db, first))?.name, (await findTenant(store.db, second))?.name];
    expect(names[0]).toBe(names[1]);
  });
});

describe('work undone by the database', () => {
  /** A store whose transactions fail with `failures` (in turn) before running the work. */
  const storeFailing = (failures: unknown[]) => {
    let attempts = 0;
    const store = {
      db: {
        transaction: () => ({
          execute: async (work: (trx: Db) => Promise<unknown>) => {
            attempts += 1;
            const failure = failures.shift();
            if (failure !== undefined) throw failure;
            return work({} as Db);
          },
        }),
      },
    } as unknown as Store;
    return { store, attempts: () => attempts };
  };
  const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
  const serialization = Object.assign(new Error('could not serialize access'), { code: '40001' });

  it('is run again up to three times in all, then fails with what the database said', async () => {
    const twice = storeFailing([deadlock, serialization]);
    expect(await inTransaction({ store: twice.store }, async () => 'stored')).toBe('stored');
    expect(twice.attempts()).toBe(3);

    const always = storeFailing([deadlock, deadlock, deadlock, deadlock]);
    await expect(inTransaction({ store: always.store }, async () => 'stored')).rejects.toBe(deadlock);
    expect(always.attempts()).toBe(3);
  });

  it('is run again in a dry run too, which still answers without storing', async () => {
    const once = storeFailing([deadlock]);
    expect(await runOrDryRun({ store: once.store } as ServiceContext, true, async () => 'answered')).toBe('answered');
    expect(once.attempts()).toBe(2);
  });

  it('is not run again when it failed for any other reason', async () => {
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    const failing = storeFailing([unique]);
    await expect(inTransaction({ store: failing.store }, async () => 'stored')).rejects.toBe(unique);
    expect(failing.attempts()).toBe(1);
  });

  it('reaches the client as a conflict to send again, never as an internal error', () => {
    for (const error of [deadlock, serialization]) {
      const refusal = toAllotError(error as never);
      expect(refusal.code).toBe('conflict');
      expect(refusal.message).toMatch(/nothing of it was stored; send it again/);
    }
    expect(toAllotError(new Error('bug') as never).code).toBe('internal');
  });
});
