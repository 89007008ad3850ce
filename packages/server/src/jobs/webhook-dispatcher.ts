import {
  checkWebhookUrl,
  signWebhookBody,
  webhookEventIdHeader,
  webhookRetryDelaySeconds,
  webhookRetryPolicy,
  webhookSignatureHeader,
  webhookWants,
  type WebhookEventBody,
  type WebhookRetryPolicy,
} from '@allot/core';
import {
  claimDueDeliveries,
  enabledWebhooksFor,
  existingDeliveryKeys,
  idFloor,
  insertWebhookDeliveries,
  moveWebhookCursor,
  outboxEventsAfter,
  readWebhookCursor,
  recordWebhookDeliveryOutcome,
  withAdvisoryLock,
  type ClaimedDelivery,
  type NewWebhookDelivery,
  type Store,
} from '@allot/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../services/context.js';
import { postWebhook, type PostResult } from '../services/webhook-sender.js';
import { checkWebhookTarget, systemResolver, type HostResolver } from '../services/webhook-target.service.js';
import { openSealed, webhookSecretLabel, type SecretKeys } from '../security/secret-key.js';

export interface WebhookSettings {
  /** How often each node fans out new events and looks for due deliveries. */
  intervalMs: number;
  /** A delivery not answered within this is a failed attempt (SPEC 7: 10 s). */
  timeoutMs: number;
  /** How long a claim keeps a delivery from other senders: longer than any attempt can take (the host's lookup, up to 5 s, and the timeout). */
  leaseMs: number;
  /** Deliveries this process sends at once. */
  concurrency: number;
  /** Of those, at most this many to one webhook, so that a receiver that hangs cannot take every slot. */
  perWebhook: number;
  /** Fan-out reads again the events of this last while, so that one committed late (ids are made before the commit) is not skipped. */
  lagMs: number;
  retry: WebhookRetryPolicy;
  resolve: HostResolver;
  /** The jitter's draw. */
  random: () => number;
}

export const defaultWebhookSettings: WebhookSettings = {
  intervalMs: 1000,
  timeoutMs: 10_000,
  leaseMs: 25_000,
  concurrency: 16,
  perWebhook: 4,
  lagMs: 10_000,
  retry: webhookRetryPolicy,
  resolve: systemResolver,
  random: Math.random,
};

/**
 * Settings an operator (or a test of several processes) may set by environment:
 * `ALLOT_WEBHOOK_TIMEOUT_MS`, `ALLOT_WEBHOOK_LEASE_MS` (else the timeout plus 15 s),
 * `ALLOT_WEBHOOK_INTERVAL_MS`, `ALLOT_WEBHOOK_RETRY_BASE_SECONDS`.
 */
export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv): Partial<WebhookSettings> {
  const number = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${text}`);
    return value;
  };
  const settings: Partial<WebhookSettings> = {};
  const timeoutMs = number('ALLOT_WEBHOOK_TIMEOUT_MS');
  if (timeoutMs !== undefined) Object.assign(settings, { timeoutMs, leaseMs: timeoutMs + 15_000 });
  const leaseMs = number('ALLOT_WEBHOOK_LEASE_MS');
  if (leaseMs !== undefined) {
    if (leaseMs <= (settings.timeoutMs ?? defaultWebhookSettings.timeoutMs)) throw new Error('ALLOT_WEBHOOK_LEASE_MS must be longer than the delivery timeout');
    settings.leaseMs = leaseMs;
  }
  const intervalMs = number('ALLOT_WEBHOOK_INTERVAL_MS');
  if (intervalMs !== undefined) settings.intervalMs = intervalMs;
  const baseSeconds = number('ALLOT_WEBHOOK_RETRY_BASE_SECONDS');
  if (baseSeconds !== undefined) settings.retry = { ...webhookRetryPolicy, baseSeconds };
  return settings;
}

const fanOutLock = 'allot:webhooks:fan-out';
const fanOutPage = 500;

const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * The webhook channel of the outbox, on every node:
 * - fan-out, one node at a time (an advisory lock): the events after the channel's cursor become
 *   one delivery per interested webhook, and the cursor moves, in one transaction per page;
 * - delivery, on every node at once: due deliveries are claimed with a lease (`FOR UPDATE SKIP
 *   LOCKED` on PostgreSQL), sent outside any transaction with a timeout, at most `concurrency` at
 *   a time, and their outcome recorded: delivered, due again after the backoff, or failed.
 * It runs its own loop rather than in the `Scheduler`, whose jobs run one after another: a send
 * may take its whole timeout, and no other job should wait for it.
 */
export class WebhookDispatcher {
  readonly settings: WebhookSettings;
  private timer: NodeJS.Timeout | null = null;
  private cycling: Promise<void> | null = null;
  private readonly inFlight = new Map<string, { webhookId: string; done: Promise<void>; abort: AbortController }>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Opens the webhooks' sealed signing secrets. */
    private readonly secrets: Pick<SecretKeys, 'current' | 'previous'>,
    settings: Partial<WebhookSettings> = {},
    private readonly log: Pick<FastifyBaseLogger, 'error' | 'warn'> = { error: () => undefined, warn: () => undefined },
  ) {
    this.settings = { ...defaultWebhookSettings, ...settings };
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.pulse(), this.settings.intervalMs);
    this.timer.unref();
  }

  /** Stops the loop; sends still under way are cut off and left to their lease, as a crash would. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.cycling;
    for (const send of this.inFlight.values()) send.abort.abort();
    await Promise.all([...this.inFlight.values()].map((send) => send.done));
  }

  /** One fan-out and one round of claims, then waits for the sends it started (tests call this instead of sleeping). */
  async runOnce(): Promise<void> {
    await this.fanOut();
    await this.deliverDue();
    await this.drain();
  }

  /** Waits until no send of this process is under way. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()].map((send) => send.done));
  }

  private pulse(): void {
    if (this.cycling !== null) return;
    this.cycling = (async () => {
      try {
        await this.fanOut();
        await this.deliverDue();
      } catch (error) {
        this.log.error({ err: error }, 'webhook cycle failed');
      } finally {
        this.cycling = null;
      }
    })();
  }

  /** Turns the events after the cursor into deliveries; answers how many deliveries were new (0 when another node holds the lock). */
  async fanOut(): Promise<number> {
    const outcome = await withAdvisoryLock(this.store, fanOutLock, async () => {
      let added = 0;
      let from: string | null = null;
      for (;;) {
        const after = from;
        const page: { read: number; last: string | null; added: number } = await this.store.db.transaction().execute(async (trx) => {
          const cursor = await readWebhookCursor(trx);
          // Ids are made (from the writer's clock) before their transaction commits: the last
          // while is read again, so that an event committed late is not skipped.
          const settled = idFloor('evt', Date.now() - this.settings.lagMs);
          const events = await outboxEventsAfter(trx, after ?? (cursor < settled ? cursor : settled), fanOutPage);
          const last = events.at(-1);
          if (last === undefined) return { read: 0, last: null, added: 0 };
          const tenantIds = [...new Set(events.map((e) => e.tenantId).filter((id): id is string => id !== null))];
          const hooks = await enabledWebhooksFor(trx, tenantIds);
          const readBefore = events.filter((e) => e.id <= cursor).map((e) => e.id);
          const existing = readBefore.length === 0 ? new Set<string>() : await existingDeliveryKeys(trx, readBefore);
          const deliveries: NewWebhookDelivery[] = [];
          for (const event of events) {
            const body: WebhookEventBody = { id: event.id, type: event.type, tenantId: event.tenantId, createdAt: event.createdAt, data: event.data };
            let text: string | null = null;
            for (const hook of hooks) {
              // A webhook hears what happens after it was made, also when a late event is read again.
              if (hook.createdAt > event.recordedAt || !webhookWants(hook, event) || existing.has(`${hook.id} ${event.id}`)) continue;
              text ??= JSON.stringify(body);
              deliveries.push({ webhookId: hook.id, eventId: event.id, type: event.type, body: text });
            }
          }
          const now = this.clock.now();
          const inserted = deliveries.length === 0 ? 0 : await insertWebhookDeliveries(trx, deliveries, now);
          if (last.id > cursor) await moveWebhookCursor(trx, last.id, now);
          return { read: events.length, last: last.id, added: inserted };
        });
        added += page.added;
        if (page.read < fanOutPage || page.last === null) break;
        from = page.last;
      }
      return added;
    });
    return outcome.ran ? outcome.value : 0;
  }

  /** Claims what is due and starts sending it; answers how many sends it started. */
  async deliverDue(): Promise<number> {
    if (this.stopped) return 0;
    const free = this.settings.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const perHook = new Map<string, number>();
    for (const send of this.inFlight.values()) perHook.set(send.webhookId, (perHook.get(send.webhookId) ?? 0) + 1);
    const busy = [...perHook].filter(([, n]) => n >= this.settings.perWebhook).map(([id]) => id);
    const now = this.clock.now();
    const claims = await claimDueDeliveries(this.store.db, this.store.dialect, {
      now,
      leaseUntil: addMs(now, this.settings.leaseMs),
      limit: free,
      perWebhook: this.settings.perWebhook,
      skipWebhookIds: busy,
    });
    for (const claim of claims) {
      const abort = new AbortController();
      const done = this.send(claim, abort.signal)
        .catch((error: unknown) => this.log.error({ err: error, delivery: claim.id }, 'webhook delivery failed to record'))
        .finally(() => this.inFlight.delete(claim.id));
      this.inFlight.set(claim.id, { webhookId: claim.webhookId, done, abort });
    }
    return claims.length;
  }

  private async send(claim: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const result = await this.attempt(claim, signal);
    // Cut off by a stop: the lease runs out and another attempt follows, as after a crash.
    if (signal.aborted) return;
    const at = this.clock.now();
    if (result.delivered) {
      await recordWebhookDeliveryOutcome(this.store.db, claim, { delivered: true, responseStatus: result.status, at });
      return;
    }
    const delay = webhookRetryDelaySeconds(claim.attempt, this.settings.random(), this.settings.retry);
    await recordWebhookDeliveryOutcome(this.store.db, claim, {
      delivered: false,
      responseStatus: result.status,
      error: result.error,
      nextAttemptAt: delay === null ? null : addMs(at, Math.round(delay * 1000)),
      at,
    });
  }

  private async attempt(claim: ClaimedDelivery, signal: AbortSignal): Promise<PostResult> {
    try {
      return await this.post(claim, signal);
    } catch (error) {
      // Whatever went wrong is this attempt's failure, retried on the schedule, never a delivery stuck in its lease.
      return { delivered: false, status: null, error: error instanceof Error ? error.message.slice(0, 500) : String(error) };
    }
  }

  private async post(claim: ClaimedDelivery, signal: AbortSignal): Promise<PostResult> {
    const checked = checkWebhookUrl(claim.url);
    if (!checked.ok) return { delivered: false, status: null, error: checked.detail };
    // Checked again at every attempt: what the host resolves to may have changed since it was saved.
    const target = await checkWebhookTarget(checked.url, claim.publicOnly, this.settings.resolve);
    if (!target.ok) return { delivered: false, status: null, error: target.detail };
    const secret = openSealed(claim.secret, webhookSecretLabel(claim.webhookId), this.secrets);
    if (secret === null) return { delivered: false, status: null, error: "the webhook's secret does not open with this node's secret key" };
    const timestamp = Math.floor(Date.parse(this.clock.now()) / 1000);
    return postWebhook({
      url: checked.url,
      pinned: target.pinned,
      body: claim.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Allot-Webhooks/1',
        [webhookEventIdHeader]: claim.eventId,
        [webhookSignatureHeader]: signWebhookBody(claim.body, secret, timestamp),
      },
      timeoutMs: this.settings.timeoutMs,
      signal,
    });
  }
}
