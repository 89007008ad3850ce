import { Temporal, formatInstant, tenantNow, type Tenant } from '@allot/core';
import { findJobRun, findTenant, listTenants, recordJobEnd, recordJobStart, withAdvisoryLock, type Store } from '@allot/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../services/context.js';

/** A background job. Tenant jobs run once per tenant with that tenant's time (its test clock in a sandbox). */
export type Job =
  | { name: string; everySeconds: number; scope: 'global'; run(store: Store, now: string): Promise<void> }
  | { name: string; everySeconds: number; scope: 'tenant'; run(store: Store, tenant: Tenant, now: string): Promise<void> };

const lockKey = (name: string) => `allot:job:${name}`;

/**
 * Runs due jobs. On PostgreSQL every node runs a scheduler and an advisory lock per job lets one
 * node at a time run it; the last start is kept in `job_runs`, so a slot runs once across nodes.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly jobs: readonly Job[],
    private readonly log: Pick<FastifyBaseLogger, 'error' | 'info'>,
  ) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => {
      this.ticking = this.ticking.then(async () => void (await this.tick())).catch((error: unknown) => this.log.error({ err: error }, 'job tick failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Runs every job that is due now; answers the names of those this node ran. */
  async tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs) {
      const outcome = await withAdvisoryLock(this.store, lockKey(job.name), () => this.runIfDue(job));
      if (outcome.ran && outcome.value) ran.push(job.name);
    }
    return ran;
  }

  /** Runs every tenant job for one tenant now, e.g. after its test clock moved; waits for a busy lock. */
  async runForTenant(tenantId: string): Promise<void> {
    for (const job of this.jobs) {
      if (job.scope !== 'tenant') continue;
      const key = `${lockKey(job.name)}:${tenantId}`;
      for (let attempt = 0; ; attempt++) {
        const outcome = await withAdvisoryLock(this.store, key, async () => {
          const tenant = await findTenant(this.store.db, tenantId);
          if (tenant !== null) await job.run(this.store, tenant, tenantNow(tenant, this.clock.now()));
        });
        if (outcome.ran) break;
        if (attempt > 500) throw new Error(`job ${job.name} stayed locked for tenant ${tenantId}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  private async runIfDue(job: Job): Promise<boolean> {
    const now = this.clock.now();
    const last = await findJobRun(this.store.db, job.name);
    if (last !== null) {
      const dueAt = formatInstant(Temporal.Instant.from(last.lastStartedAt).add({ seconds: job.everySeconds }));
      if (dueAt > now) return false;
    }
    await recordJobStart(this.store.db, job.name, now);
    let error: string | null = null;
    try {
      if (job.scope === 'global') await job.run(this.store, now);
      else await this.runForEveryTenant(job);
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      this.log.error({ err: failure, job: job.name }, 'job failed');
    }
    await recordJobEnd(this.store.db, job.name, this.clock.now(), error);
    return true;
  }

  private async runForEveryTenant(job: Extract<Job, { scope: 'tenant' }>): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await listTenants(this.store.db, {}, { cursor, limit: 200 });
      for (const tenant of page.items) {
        // A tenant whose clock is being moved is handled by that move; skip it here.
        await withAdvisoryLock(this.store, `${lockKey(job.name)}:${tenant.id}`, () =>
          job.run(this.store, tenant, tenantNow(tenant, this.clock.now())),
        );
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
}
