import { describe, expect, it } from 'vitest';
import { Scheduler, type Job } from '@allot/server';
import { findJobRun, insertTenant, newId, type Store } from '@allot/storage';
import { dialects, suiteDatabase, type TestDatabase } from '../../../test-support/databases.js';
import { TestClock } from '../../../test-support/http.js';

const quiet = { error: () => undefined, info: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('job scheduler on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  suiteDatabase(dialect, (opened, made) => ((store = opened), (database = made)));

  it('runs a job when it is due, once per interval', async () => {
    const clock = new TestClock('2026-01-01T00:00:00.000Z');
    let runs = 0;
    const job: Job = { name: `count-${newId('j')}`, everySeconds: 60, scope: 'global', run: async () => void runs++ };
    const scheduler = new Scheduler(store, clock, [job], quiet);
    expect(await scheduler.tick()).toEqual([job.name]);
    expect(await scheduler.tick()).toEqual([]);
    clock.current = '2026-01-01T00:01:00.000Z';
    expect(await scheduler.tick()).toEqual([job.name]);
    expect(runs).toBe(2);
    expect(await findJobRun(store.db, job.name)).toMatchObject({ runs: 2, lastError: null, lastFinishedAt: '2026-01-01T00:01:00.000Z' });
  });

  it('gives a tenant job each tenant its own time: the test clock in a sandbox', async () => {
    const clock = new TestClock('2026-06-01T12:00:00.000Z');
    const sandboxId = newId('ten');
    const liveId = newId('ten');
    const at = clock.now();
    await insertTenant(store.db, { id: sandboxId, name: 'S', customerCode: newId('c'), timeZone: 'UTC', mode: 'sandbox', status: 'licensed', clock: '2024-01-31T00:00:00.000Z', createdAt: at, updatedAt: at });
    await insertTenant(store.db, { id: liveId, name: 'L', customerCode: newId('c'), timeZone: 'UTC', mode: 'live', status: 'licensed', clock: null, createdAt: at, updatedAt: at });
    const seen = new Map<string, string>();
    const job: Job = { name: `tenant-${newId('j')}`, everySeconds: 60, scope: 'tenant', run: async (_store, tenant, now) => void seen.set(tenant.id, now) };
    await new Scheduler(store, clock, [job], quiet).tick();
    expect(seen.get(sandboxId)).toBe('2024-01-31T00:00:00.000Z');
    expect(seen.get(liveId)).toBe('2026-06-01T12:00:00.000Z');

    seen.clear();
    await new Scheduler(store, clock, [job], quiet).runForTenant(sandboxId);
    expect([...seen.keys()]).toEqual([sandboxId]);
  });

  it('records a failing job and goes on with the next', async () => {
    const clock = new TestClock('2026-01-01T00:00:00.000Z');
    let ranAfter = false;
    const failing: Job = { name: `fail-${newId('j')}`, everySeconds: 60, scope: 'global', run: async () => { throw new Error('boom'); } };
    const next: Job = { name: `next-${newId('j')}`, everySeconds: 60, scope: 'global', run: async () => void (ranAfter = true) };
    await new Scheduler(store, clock, [failing, next], quiet).tick();
    expect(ranAfter).toBe(true);
    expect((await findJobRun(store.db, failing.name))?.lastError).toBe('boom');
  });

  it('runs a job on exactly one node at a time when several nodes tick at once', async () => {
    const clock = new TestClock('2026-01-01T00:00:00.000Z');
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const job: Job = {
      name: `exclusive-${newId('j')}`,
      everySeconds: 3600,
      scope: 'global',
      run: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        runs++;
        await sleep(100);
        running--;
      },
    };
    // Three "nodes": on PostgreSQL three stores with their own pools, on SQLite one store (one process).
    const nodes = [store, database.open(), database.open()];
    const schedulers = nodes.map((node) => new Scheduler(node, clock, [job], quiet));
    const results = await Promise.all(schedulers.flatMap((s) => [s.tick(), s.tick(), s.tick()]));
    expect(maxRunning).toBe(1);
    expect(runs).toBe(1);
    expect(results.flat()).toEqual([job.name]);
    for (const node of new Set(nodes)) if (node !== store) await node.close();
  });
});
