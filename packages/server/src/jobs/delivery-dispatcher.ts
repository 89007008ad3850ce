import { withAdvisoryLock, type Delivery, type Store } from '@allot/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../services/context.js';
import { attemptDelivery, claimDeliveries, type AttemptOutcome } from '../services/delivery.js';
import { fanOut, fanOutSettings, type FanOutSettings, type SendingChannel } from '../services/outbox.js';
import { defaultWebhookSettings, type WebhookSettings } from '../services/webhook.channel.js';

export interface DispatchSettings {
  /** How often each node fans out new events and looks for due deliveries. */
  intervalMs: number;
  /**
   * Deliveries this process sends at once per channel: each channel has slots of its own, so that
   * a mail server that hangs never holds up webhooks, nor a webhook receiver the mail.
   */
  concurrency: number;
  /** Of those, at most this many to one recipient (a webhook, a person), so that a receiver that hangs cannot take every slot. */
  perRecipient: number;
  fanOut: FanOutSettings;
  /** The retries' jitter draw. */
  random: () => number;
}

export const defaultDispatchSettings: DispatchSettings = { intervalMs: 1000, concurrency: 16, perRecipient: 4, fanOut: fanOutSettings, random: Math.random };

/** What a run of `runOnce` came to: its attempts by outcome. */
export interface DeliveryRun {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Settings an operator (or a test of several processes) may set by environment:
 * `ALLOT_DELIVERY_INTERVAL_MS`, and the webhook channel's `ALLOT_WEBHOOK_TIMEOUT_MS` and
 * `ALLOT_WEBHOOK_LEASE_MS` (else core's lease of the timeout).
 */
export function deliverySettingsFromEnv(env: NodeJS.ProcessEnv): { dispatch: Partial<DispatchSettings>; webhooks: Partial<WebhookSettings> } {
  const number = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${text}`);
    return value;
  };
  const dispatch: Partial<DispatchSettings> = {};
  const intervalMs = number('ALLOT_DELIVERY_INTERVAL_MS');
  if (intervalMs !== undefined) dispatch.intervalMs = intervalMs;
  const webhooks: Partial<WebhookSettings> = {};
  const timeoutMs = number('ALLOT_WEBHOOK_TIMEOUT_MS');
  if (timeoutMs !== undefined) webhooks.timeoutMs = timeoutMs;
  const leaseMs = number('ALLOT_WEBHOOK_LEASE_MS');
  if (leaseMs !== undefined) {
    if (leaseMs <= (webhooks.timeoutMs ?? defaultWebhookSettings.timeoutMs)) throw new Error('ALLOT_WEBHOOK_LEASE_MS must be longer than the delivery timeout');
    webhooks.leaseMs = leaseMs;
  }
  return { dispatch, webhooks };
}

const fanOutLock = (channel: string) => `allot:outbox:${channel}`;

/**
 * The channels that send (e-mail, webhooks), on every node:
 * - fan-out, one node at a time per channel (an advisory lock): the events after the channel's
 *   cursor become its deliveries (`fanOut`);
 * - delivery, on every node at once: due deliveries are claimed with a lease and sent outside any
 *   transaction, at most `concurrency` at a time per channel and `perRecipient` to one recipient, each outcome
 *   recorded by core's retry schedule (`claimDeliveries`, `attemptDelivery`).
 * It runs its own loop rather than in the `Scheduler`, whose jobs run one after another: a send
 * may take its whole timeout (a webhook 10 s, an SMTP server longer), and no other job, and no
 * other delivery, waits for it.
 */
export class DeliveryDispatcher {
  readonly settings: DispatchSettings;
  private timer: NodeJS.Timeout | null = null;
  private cycling: Promise<void> | null = null;
  private readonly inFlight = new Map<string, { channel: string; recipient: string; done: Promise<AttemptOutcome>; abort: AbortController }>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly channels: readonly SendingChannel[],
    settings: Partial<DispatchSettings> = {},
    private readonly log: Pick<FastifyBaseLogger, 'error'> = { error: () => undefined },
  ) {
    this.settings = { ...defaultDispatchSettings, ...settings };
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

  /** One fan-out and one round of claims, then waits for the sends it started and counts them (tests call this instead of sleeping). */
  async runOnce(): Promise<DeliveryRun> {
    await this.fanOut();
    const started = await this.deliverDue();
    const outcomes = await Promise.all(started);
    await this.drain();
    return {
      delivered: outcomes.filter((o) => o === 'delivered').length,
      retrying: outcomes.filter((o) => o === 'retrying').length,
      failed: outcomes.filter((o) => o === 'failed').length,
    };
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
        this.log.error({ err: error }, 'delivery round failed');
      } finally {
        this.cycling = null;
      }
    })();
  }

  /** Fans the outbox out to every channel whose lock this node gets; answers the events handed over. */
  async fanOut(): Promise<number> {
    let handed = 0;
    for (const channel of this.channels) {
      // Event ids are made from the real time; the rows get the server's clock (a test's).
      const outcome = await withAdvisoryLock(this.store, fanOutLock(channel.name), () => fanOut(this.store, channel, new Date().toISOString(), this.settings.fanOut, this.clock.now()));
      if (outcome.ran) handed += outcome.value;
    }
    return handed;
  }

  /** Claims what is due, channel by channel while it has free slots, and starts sending it; answers the sends it started. */
  async deliverDue(): Promise<Promise<AttemptOutcome>[]> {
    const started: Promise<AttemptOutcome>[] = [];
    for (const channel of this.channels) {
      if (this.stopped) break;
      const busy = new Map<string, number>();
      let sending = 0;
      for (const send of this.inFlight.values()) {
        if (send.channel !== channel.name) continue;
        busy.set(send.recipient, (busy.get(send.recipient) ?? 0) + 1);
        sending++;
      }
      const free = this.settings.concurrency - sending;
      if (free <= 0) continue;
      const claimed = await claimDeliveries(this.store, channel, this.clock.now(), { limit: free, perRecipient: this.settings.perRecipient, busy });
      for (const delivery of claimed) started.push(this.send(channel, delivery));
    }
    return started;
  }

  private send(channel: SendingChannel, delivery: Delivery): Promise<AttemptOutcome> {
    const abort = new AbortController();
    const done = attemptDelivery(this.store, channel, delivery, this.clock, this.settings.random, abort.signal)
      .catch((error: unknown): AttemptOutcome => {
        this.log.error({ err: error, delivery: delivery.id }, 'delivery outcome not recorded');
        return 'interrupted';
      })
      .finally(() => this.inFlight.delete(delivery.id));
    this.inFlight.set(delivery.id, { channel: channel.name, recipient: delivery.recipient, done, abort });
    return done;
  }
}
