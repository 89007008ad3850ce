import createClient, { type Client } from 'openapi-fetch';
import type { AllotApiError } from './errors.js';
import type { components, paths } from './openapi.generated.js';
import { waitInQueue, type QueueEntry, type QueueTicket } from './session-queue.js';
import { SessionHandle, type Borrow, type BorrowWithLease, type Session } from './session.js';
import { isTransient, Transport, type RetryPolicy } from './transport.js';
import { maxBatchSize, UsageBuffer, type HitEvent, type HitRefusal } from './usage.js';

/** The answer of an access check (SPEC 3.8), generated from the API's `AccessAnswer`. */
export type AccessAnswer = components['schemas']['AccessAnswer'];
type AccessRequest = components['schemas']['AccessRequest'];
type OpenSession = components['schemas']['OpenSession'];
type HitBatch = components['schemas']['HitBatch'];
type HitResults = components['schemas']['HitResults'];
type BorrowRequest = components['schemas']['BorrowRequest'];
type BorrowReturn = components['schemas']['BorrowReturn'];
type InstallationPublicKey = components['schemas']['VendorPublicKey'];
/** An access answer, and whether it is a remembered one given while the server could not be reached. */
export type AccessVerdict = AccessAnswer & { stale: boolean };

export interface ClientOptions {
  /** e.g. `http://127.0.0.1:4400` */
  baseUrl: string;
  /** An Allot API key: an app key for a licensed application, an admin key for admin scripts. */
  apiKey: string;
  /** The tenant the application runs for: needed by `checkAccess`, `openSession` and `usage`. */
  tenantId?: string;
  fetch?: typeof fetch;
  /** How long one attempt may wait for an answer (default 10 s). */
  timeoutMs?: number;
  /** Further attempts after a transient failure, for calls safe to repeat (default 2). */
  retries?: number;
  /** For how long after it was obtained a remembered access answer is given while the server cannot be reached (default 15 minutes). */
  staleForMs?: number;
  /** The SDK's own clock, in milliseconds since the epoch (default `Date.now`); the server keeps its own. */
  clock?: () => number;
  /** Heartbeats per `heartbeatSeconds` of a session (default 3: one every third of it). */
  heartbeatsPerPeriod?: number;
  /** Buffered hits are sent at least this often (default 2 s). */
  usageFlushIntervalMs?: number;
  /** Hits per request (default and most 1000). */
  usageBatchSize?: number;
  /** Hits the server answered but did not count. */
  onUsageRefused?: (refusals: HitRefusal[]) => void;
  /** A batch of hits refused as a whole (4xx): it is dropped, as sending it again cannot help. */
  onUsageError?: (error: unknown, events: HitEvent[]) => void;
  /** At most this long is given to closing sessions and sending hits when the process ends (default 5 s). */
  exitDeadlineMs?: number;
}

export interface OpenSessionOptions {
  userId: string;
  /** `product:module` each; the session holds one license of every one, or none. */
  modules: string[];
  dayCode?: string;
  /** The server says the session is gone (410: timed out or ended by an admin). Heartbeats have stopped. */
  onLost?: (error: AllotApiError) => void;
  /** A heartbeat failed for another reason (after its retries); the next one comes all the same. */
  onError?: (error: unknown) => void;
  /**
   * At the concurrency limit, wait in the queue for a license (SPEC 11) instead of throwing
   * `concurrency_limit`: first come, first served per module.
   */
  wait?: boolean;
  /** With `wait`: how long the server keeps the place of a waiter it does not hear from, and holds an offer for its claim (5 to 3600, default 60). */
  claimSeconds?: number;
  /** With `wait`: called with the position in the queue when it waits (1: next), and whenever it changes. */
  onQueued?: (position: number) => void;
  /** With `wait`: aborting leaves the queue, and `openSession` rejects with the signal's reason. */
  signal?: AbortSignal;
}

type Query = Record<string, string | number | boolean | undefined>;

const defaults = { timeoutMs: 10_000, retries: 2, staleForMs: 15 * 60_000, heartbeatsPerPeriod: 3, usageFlushIntervalMs: 2_000, exitDeadlineMs: 5_000 };
const rememberedMost = 10_000;

function uuid(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * The client of the Allot API. `api` calls every operation of the API with the types generated
 * from the committed openapi.json; a licensed application uses `checkAccess`, `openSession`
 * (which may wait for a license), `usage`, and borrows sessions for offline work
 * (`SessionHandle.borrow`, `returnBorrow`, `installationPublicKeys`). Every call has a timeout,
 * and calls safe to repeat are repeated after transient failures; refusals throw
 * `AllotApiError`, an unreachable server `AllotNetworkError`.
 *
 * @example
 * const allot = new AllotClient({ baseUrl: 'http://127.0.0.1:4400', apiKey: process.env.ALLOT_KEY ?? '', tenantId: 'ten_…' });
 * const { data: tenant } = await allot.api.GET('/v1/tenants/{t}', { params: { path: { t: 'ten_…' } } });
 * const { allowed } = await allot.checkAccess('usr_…', 'pss2:reservations');
 */
export class AllotClient {
  /**
   * Every operation of the API, typed from the generated `paths` (openapi-fetch). Problem answers
   * throw `AllotApiError`, so a resolved call has its `data`.
   *
   * @example
   * const { data } = await allot.api.POST('/v1/tenants/{t}/users', { params: { path: { t } }, body: { email: 'ada@example.com', name: 'Ada' } });
   */
  readonly api: Client<paths>;
  /** Hits buffered and sent in batches: `allot.usage.hit(...)`, `await allot.usage.flush()`. */
  readonly usage: UsageBuffer;

  private readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly settings: typeof defaults & { clock: () => number };
  private readonly remembered = new Map<string, { answer: AccessAnswer; at: number }>();
  private readonly authorization: Record<string, string>;
  private readonly jsonHeaders: Record<string, string>;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = { authorization: `Bearer ${options.apiKey}` };
    this.jsonHeaders = { ...this.authorization, 'content-type': 'application/json' };
    this.settings = {
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
      retries: options.retries ?? defaults.retries,
      staleForMs: options.staleForMs ?? defaults.staleForMs,
      heartbeatsPerPeriod: options.heartbeatsPerPeriod ?? defaults.heartbeatsPerPeriod,
      usageFlushIntervalMs: options.usageFlushIntervalMs ?? defaults.usageFlushIntervalMs,
      exitDeadlineMs: options.exitDeadlineMs ?? defaults.exitDeadlineMs,
      clock: options.clock ?? Date.now,
    };
    const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.transport = new Transport({ fetch: fetchImpl, timeoutMs: this.settings.timeoutMs, retries: this.settings.retries, backoffMs: 100, maxBackoffMs: 5_000 });
    this.api = createClient<paths>({
      baseUrl: this.baseUrl,
      headers: this.authorization,
      fetch: (request: Request) => this.transport.sendRequest(request),
    });
    this.usage = new UsageBuffer(
      async (events) => {
        const answer = await this.runtimeCall<HitBatch, HitResults>('POST', `${this.tenantPath()}/usage/hits`, { events }, 'always');
        return answer.results;
      },
      {
        flushIntervalMs: this.settings.usageFlushIntervalMs,
        batchSize: options.usageBatchSize ?? maxBatchSize,
        maxBackoffMs: 10_000,
        exitDeadlineMs: this.settings.exitDeadlineMs,
        ...(options.onUsageRefused === undefined ? {} : { onRefused: options.onUsageRefused }),
        ...(options.onUsageError === undefined ? {} : { onError: options.onUsageError }),
      },
      uuid,
    );
  }

  /**
   * Any call by method and path: answers the parsed body (undefined for 204), or throws
   * `AllotApiError` for a problem answer. Prefer `api`, which is typed; this is for callers that
   * build paths at run time.
   *
   * @example
   * const page = await allot.request<{ items: unknown[]; nextCursor: string | null }>('GET', '/v1/tenants', undefined, { limit: 10 });
   */
  async request<T>(method: string, path: string, body?: unknown, query: Query = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const response = await this.transport.send(url.toString(), {
      method,
      headers: { authorization: `Bearer ${this.options.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? null : JSON.parse(text)) as T;
  }

  /**
   * May this user use this module now (SPEC 3.8)? Answers `{ allowed, code, licenseId, stale }`.
   * When the server cannot be reached (no connection, timeout, 5xx or 429 after retries), the
   * last answer obtained for the same user and module is given again with `stale: true`, for up
   * to `staleForMs` after it was obtained; then, or without one, the failure is thrown. A
   * remembered refusal stays a refusal: an allow is never made up.
   *
   * @example
   * const access = await allot.checkAccess(userId, 'pss2:reservations');
   * if (!access.allowed) return res.status(403).send(`Not licensed (${access.code})`);
   */
  async checkAccess(userId: string, module: string): Promise<AccessVerdict> {
    const key = `${userId}\u0000${module}`;
    try {
      // An access check only answers a question (and links an active-user license once): safe to repeat.
      const data = await this.runtimeCall<AccessRequest, AccessAnswer>('POST', `${this.tenantPath()}/access`, { userId, module }, 'always');
      this.remember(key, data);
      return { ...data, stale: false };
    } catch (error) {
      const last = this.remembered.get(key);
      if (isTransient(error) && last !== undefined && this.settings.clock() - last.at <= this.settings.staleForMs) return { ...last.answer, stale: true };
      throw error;
    }
  }

  /**
   * Opens a session holding one license of each module (SPEC 3.3) and answers its handle, which
   * heartbeats by itself well inside `heartbeatSeconds`, reports a lost session (410) to `onLost`
   * and is closed by `close()` or when the process ends. Opening is not repeated after a failure
   * (it could hold a second session); a full module throws `AllotApiError` `concurrency_limit`.
   *
   * With `wait: true` a full module queues the request instead (SPEC 11): the SDK asks where it
   * stands every quarter of `claimSeconds` (which keeps its place), tells `onQueued` the position,
   * and when the server offers it a session claims it at once with its first heartbeat and answers
   * its handle. A wait the server lets expire throws `AllotWaitExpiredError`; aborting `signal`
   * leaves the queue and rejects with the signal's reason.
   *
   * @example
   * const session = await allot.openSession({ userId, modules: ['pss2:desk'], onLost: () => console.log('session lost') });
   * await session.close();
   *
   * @example
   * // Wait at most ten minutes for a license, showing the place in line.
   * const session = await allot.openSession({ userId, modules: ['pss2:desk'], wait: true, onQueued: (p) => console.log(`number ${p} in line`), signal: AbortSignal.timeout(600_000) });
   */
  async openSession(options: OpenSessionOptions): Promise<SessionHandle> {
    options.signal?.throwIfAborted();
    const body: OpenSession = {
      userId: options.userId,
      modules: options.modules,
      ...(options.dayCode === undefined ? {} : { dayCode: options.dayCode }),
      ...(options.wait === true ? { wait: true, ...(options.claimSeconds === undefined ? {} : { claimSeconds: options.claimSeconds }) } : {}),
    };
    const opened = await this.runtimeCall<OpenSession, Session | QueueTicket>('POST', `${this.tenantPath()}/sessions`, body, 'never');
    const session = 'queueId' in opened ? await this.waitForSession(opened, options) : opened;
    return new SessionHandle(
      session,
      {
        heartbeat: () => this.runtimeCall<undefined, Session>('POST', `${this.sessionPath(session.id)}/heartbeat`, undefined, 'always'),
        end: () => this.endSession(session.id),
        borrow: (until) => this.runtimeCall<BorrowRequest, BorrowWithLease>('POST', `${this.sessionPath(session.id)}/borrow`, { until }, 'never'),
      },
      {
        heartbeatsPerPeriod: this.settings.heartbeatsPerPeriod,
        exitDeadlineMs: this.settings.exitDeadlineMs,
        ...(options.onLost === undefined ? {} : { onLost: options.onLost }),
        ...(options.onError === undefined ? {} : { onError: options.onError }),
      },
    );
  }

  /**
   * Gives a borrowed session back (SPEC 11): the session ends and its licenses are free for
   * others. Only the borrow's own user may return it (another's answers 404). Safe to repeat: a
   * borrow that was returned already answers `AllotApiError` 410 with `problem.state` `returned`.
   *
   * @example
   * const borrow = await allot.returnBorrow(lease.borrowId, lease.userId);
   * borrow.state // 'returned'
   */
  async returnBorrow(borrowId: string, userId: string): Promise<Borrow> {
    return this.runtimeCall<BorrowReturn, Borrow>('POST', `${this.tenantPath()}/borrows/${encodeURIComponent(borrowId)}/return`, { userId }, 'always');
  }

  /**
   * The installation's public keys as PEM, the current one first, then retired ones still trusted:
   * what `verifyLease` needs offline. Fetch them while online and keep them with the application
   * (pinning them), rather than trusting whatever key a server answers later.
   *
   * @example
   * const keys = await allot.installationPublicKeys();
   * writeFileSync('allot-keys.json', JSON.stringify(keys));
   */
  async installationPublicKeys(): Promise<string[]> {
    const key = await this.runtimeCall<undefined, InstallationPublicKey>('GET', '/v1/installation/public-key', undefined, 'auto');
    return [key.publicKeyPem, ...key.previous.map((p) => p.publicKeyPem)];
  }

  /** Waits in the queue for the ticket's turn and claims the session offered (`waitInQueue`). */
  private waitForSession(ticket: QueueTicket, options: OpenSessionOptions): Promise<Session> {
    const queuePath = `${this.tenantPath()}/session-queue/${encodeURIComponent(ticket.queueId)}`;
    return waitInQueue(
      ticket,
      {
        poll: (signal) => this.runtimeCall<undefined, QueueEntry>('GET', queuePath, undefined, 'auto', signal),
        claim: (sessionId) => this.runtimeCall<undefined, Session>('POST', `${this.sessionPath(sessionId)}/heartbeat`, undefined, 'always'),
        leave: async () => {
          await this.runtimeCall<undefined, undefined>('DELETE', queuePath, undefined, 'auto');
        },
        end: (sessionId) => this.endSession(sessionId),
      },
      { onQueued: options.onQueued, signal: options.signal, exitDeadlineMs: this.settings.exitDeadlineMs, clock: this.settings.clock },
    );
  }

  private async endSession(sessionId: string): Promise<void> {
    await this.runtimeCall<undefined, Session>('DELETE', this.sessionPath(sessionId), undefined, 'auto');
  }

  /**
   * The calls of a running application (access, sessions, hits), sent without openapi-fetch's
   * `Request` objects, whose construction costs more CPU than the rest of the round trip; their
   * bodies and answers are still the generated schema types. A 204 answers undefined.
   */
  private async runtimeCall<Body, Answer>(method: 'GET' | 'POST' | 'DELETE', path: string, body: Body, policy: RetryPolicy, signal?: AbortSignal): Promise<Answer> {
    const response = await this.transport.send(
      this.baseUrl + path,
      {
        method,
        headers: body === undefined ? this.authorization : this.jsonHeaders,
        body: body === undefined ? null : JSON.stringify(body),
        ...(signal === undefined ? {} : { signal }),
      },
      policy,
    );
    if (response.status === 204) return undefined as Answer;
    return (await response.json()) as Answer;
  }

  private sessionPath(sessionId: string): string {
    return `${this.tenantPath()}/sessions/${encodeURIComponent(sessionId)}`;
  }

  private remember(key: string, answer: AccessAnswer): void {
    // Most recent last, so that the oldest goes first when the map is full.
    this.remembered.delete(key);
    this.remembered.set(key, { answer: { allowed: answer.allowed, code: answer.code, licenseId: answer.licenseId }, at: this.settings.clock() });
    if (this.remembered.size > rememberedMost) {
      const oldest = this.remembered.keys().next();
      if (oldest.done !== true) this.remembered.delete(oldest.value);
    }
  }

  private tenantPath(): string {
    if (this.options.tenantId === undefined) throw new Error('AllotClient needs tenantId for access checks, sessions and usage');
    return `/v1/tenants/${encodeURIComponent(this.options.tenantId)}`;
  }
}

