import type { components } from './openapi.generated.js';
import { closeAtExit } from './process-exit.js';
import { backoffDelay, isTransient, sleep, unref } from './transport.js';

/** One hit event as the API takes it (SPEC 3.4). */
export type HitEvent = components['schemas']['HitBatch']['events'][number];
/** The API's answer for one event of a batch. */
export type HitResult = components['schemas']['HitResults']['results'][number];
/** What the server answered for an event it did not count: no license, no such module, or the year's quota used up. */
export type HitRefusal = { event: HitEvent; status: Exclude<HitResult['status'], 'accepted' | 'duplicate'> };
export type HitKind = HitEvent['kind'];

/** The API's most events per request. */
export const maxBatchSize = 1000;

export interface UsageOptions {
  /** Sends the batch buffered so far at least this often. */
  flushIntervalMs: number;
  /** Events per request, at most 1000. */
  batchSize: number;
  /** Backoff between attempts to send a batch the server could not take; it doubles up to this ceiling. */
  maxBackoffMs: number;
  /** At most this long is given to sending what is left when the process ends. */
  exitDeadlineMs: number;
  /** Events the server answered but did not count (`quota_exhausted`, `not_licensed`, `unknown_module`). */
  onRefused?: (refusals: HitRefusal[]) => void;
  /** A batch refused as a whole with a 4xx (a revoked key, say): sending it again cannot help, so it is dropped. */
  onError?: (error: unknown, events: HitEvent[]) => void;
}

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Hits buffered in memory and sent in batches with an idempotency key per event, made here, so
 * that a batch sent again after a lost answer (a timeout, a server killed mid-request) counts each
 * event once. A batch the server cannot take now (unreachable, 5xx, 429) is sent again with backoff
 * until it is accepted: while the process lives nothing is lost and nothing counted twice.
 * Reached as `allot.usage`.
 *
 * @example
 * allot.usage.hit('pss2:reservations', 'transaction');
 * allot.usage.hit('pss2:reports', 'query', 3, { userId });
 * await allot.usage.flush(); // every hit so far is recorded
 */
export class UsageBuffer {
  private readonly pending: { seq: number; event: HitEvent }[] = [];
  private readonly waiters: Waiter[] = [];
  private buffered = 0;
  private settled = 0;
  private sending: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private forgetAtExit: (() => void) | null = null;

  constructor(
    private readonly post: (events: HitEvent[]) => Promise<HitResult[]>,
    private readonly options: UsageOptions,
    private readonly makeKey: () => string,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > maxBatchSize) throw new RangeError(`batchSize must be 1 to ${maxBatchSize}`);
  }

  /**
   * Buffers `count` hits of `kind` on `module` (`product:module`); they are sent within
   * `flushIntervalMs`, or at once when a batch is full.
   *
   * @example
   * allot.usage.hit('pss2:reports', 'query'); // one list or report shown
   */
  hit(module: string, kind: HitKind, count = 1, options: { userId?: string } = {}): void {
    if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new RangeError(`count must be a whole number from 1 to 1000000, not ${count}`);
    if (kind !== 'query' && kind !== 'transaction') throw new RangeError(`kind must be query or transaction, not ${String(kind)}`);
    const event: HitEvent = { module, kind, count, idempotencyKey: this.makeKey(), ...(options.userId === undefined ? {} : { userId: options.userId }) };
    this.pending.push({ seq: ++this.buffered, event });
    this.forgetAtExit ??= closeAtExit({ shutdown: () => this.flush() }, this.options.exitDeadlineMs);
    if (this.pending.length >= this.options.batchSize) this.send();
    else if (this.timer === undefined && this.sending === null) {
      this.timer = setTimeout(() => this.send(), this.options.flushIntervalMs);
      unref(this.timer);
    }
  }

  /** Events buffered and not yet answered by the server. */
  get waiting(): number {
    return this.buffered - this.settled;
  }

  /**
   * Sends everything buffered so far and resolves once the server has answered all of it; rejects
   * when a batch of it was refused as a whole (see `onError`).
   *
   * @example
   * process.on('SIGTERM', async () => { await allot.usage.flush(); process.exit(0); });
   */
  flush(): Promise<void> {
    if (this.settled >= this.buffered) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ upTo: this.buffered, resolve, reject }));
    this.send();
    return done;
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sending ??= this.drain().finally(() => {
      this.sending = null;
      if (this.pending.length > 0) this.send();
      else {
        this.forgetAtExit?.();
        this.forgetAtExit = null;
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, this.options.batchSize);
      const events = batch.map((b) => b.event);
      const first = batch[0]?.seq ?? 0;
      const last = batch[batch.length - 1]?.seq ?? 0;
      const outcome = await this.deliver(events);
      this.pending.splice(0, batch.length);
      this.settled = last;
      if (outcome.ok) {
        const refusals = outcome.results.flatMap((r): HitRefusal[] => {
          const event = events[r.index];
          return event === undefined || r.status === 'accepted' || r.status === 'duplicate' ? [] : [{ event, status: r.status }];
        });
        if (refusals.length > 0) this.options.onRefused?.(refusals);
      } else this.options.onError?.(outcome.error, events);
      for (const waiter of [...this.waiters]) {
        if (!outcome.ok && waiter.upTo >= first) waiter.reject(outcome.error);
        else if (waiter.upTo <= last) waiter.resolve();
        else continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
      }
    }
  }

  /** Sends one batch until the server answers it: again and again, with backoff, while it cannot. */
  private async deliver(events: HitEvent[]): Promise<{ ok: true; results: HitResult[] } | { ok: false; error: unknown }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return { ok: true, results: await this.post(events) };
      } catch (error) {
        if (!isTransient(error)) return { ok: false, error };
        await sleep(backoffDelay(Math.min(attempt, 20), { backoffMs: 200, maxBackoffMs: this.options.maxBackoffMs }));
      }
    }
  }
}
