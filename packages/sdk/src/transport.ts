import { AllotApiError, AllotNetworkError } from './errors.js';

/** How calls are sent: the `fetch` to use, the time an answer may take, and the retries. */
export interface TransportOptions {
  fetch: typeof fetch;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after a transient failure of a call that is safe to repeat. */
  retries: number;
  /** The first backoff's ceiling; each further one doubles it, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

/**
 * Whether a call may be sent again after a transient failure: `auto` for what HTTP says is
 * idempotent (GET, HEAD, OPTIONS, PUT, DELETE) or carries an `Idempotency-Key`; `always` for calls
 * the SDK knows to be safe to repeat (a heartbeat, hits with idempotency keys); `never`.
 */
export type RetryPolicy = 'auto' | 'always' | 'never';

const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** A transient failure: the server may answer the same call differently a moment later. */
export function isTransient(error: unknown): error is AllotApiError | AllotNetworkError {
  return error instanceof AllotNetworkError || (error instanceof AllotApiError && (error.status >= 500 || error.status === 429 || error.status === 408));
}

/**
 * The wait before attempt `attempt + 1`: exponential backoff with full jitter (a random share of
 * the doubled ceiling, so that many clients failing at once do not come back at once), and never
 * less than a `Retry-After` the server asked for.
 *
 * @example
 * backoffDelay(3, { backoffMs: 100, maxBackoffMs: 5000 }) // somewhere in [0, 800)
 */
export function backoffDelay(attempt: number, options: Pick<TransportOptions, 'backoffMs' | 'maxBackoffMs'>, retryAfterMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** attempt);
  return Math.max(Math.floor(random() * ceiling), Math.min(retryAfterMs, options.maxBackoffMs));
}

/**
 * A timer that never keeps the process alive by itself (Node's `unref`; browsers have no such
 * notion and need none).
 */
export function sleep(ms: number, keepAlive = false): Promise<void> {
  return new Promise((resolve) => {
    const timer: unknown = setTimeout(resolve, ms);
    if (!keepAlive) unref(timer);
  });
}

/** Lets a Node timer not hold the process open; a browser's numeric timer is left as it is. */
export function unref(timer: unknown): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') timer.unref();
}

/** One request as the transport sends it: plain values, so that every attempt sends the same bytes. */
export interface Outgoing {
  method: string;
  headers: HeadersInit;
  body: string | ArrayBuffer | null;
  /** The caller's own abort, never retried. */
  signal?: AbortSignal;
}

/**
 * Sends one request with a timeout per attempt, turns problem answers into `AllotApiError` and
 * failed connections into `AllotNetworkError`, and repeats what is safe to repeat after a
 * transient failure (network, timeout, 408, 429, 5xx), with backoff and jitter. A 4xx refusal is
 * never repeated. Requests go to `fetch` as a URL and plain options: building a `Request` object
 * costs more than a round trip's worth of CPU on Node's fetch.
 *
 * @example
 * const transport = new Transport({ fetch, timeoutMs: 10_000, retries: 2, backoffMs: 100, maxBackoffMs: 5_000 });
 * const response = await transport.send('http://127.0.0.1:4400/healthz', { method: 'GET', headers: {}, body: null });
 */
export class Transport {
  constructor(private readonly options: TransportOptions) {}

  /** Sends a `Request` (as openapi-fetch makes them) by its parts. */
  async sendRequest(request: Request, policy: RetryPolicy = 'auto'): Promise<Response> {
    const body = request.body === null ? null : await request.arrayBuffer();
    return this.send(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }, policy);
  }

  async send(url: string, outgoing: Outgoing, policy: RetryPolicy = 'auto'): Promise<Response> {
    const { method, headers, body, signal } = outgoing;
    const repeatable = policy === 'always' || (policy === 'auto' && (idempotentMethods.has(method) || new Headers(headers).has('idempotency-key')));
    for (let attempt = 0; ; attempt++) {
      let failure: AllotApiError | AllotNetworkError;
      let retryAfterMs = 0;
      const timeout = AbortSignal.timeout(this.options.timeoutMs);
      try {
        const response = await this.options.fetch(url, { method, headers, body, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
        if (response.status < 400) return response;
        failure = await AllotApiError.fromResponse(response);
        const retryAfter = response.headers.get('retry-after');
        if (retryAfter !== null && /^\d+$/.test(retryAfter)) retryAfterMs = Number(retryAfter) * 1000;
      } catch (error) {
        if (signal?.aborted === true) throw error; // the caller's own abort is no failure to retry
        failure = timeout.aborted
          ? new AllotNetworkError(`${method} ${url}: no answer within ${this.options.timeoutMs} ms`, true, { cause: error })
          : new AllotNetworkError(`${method} ${url}: ${error instanceof Error ? error.message : String(error)}`, false, { cause: error });
      }
      if (!repeatable || !isTransient(failure) || attempt >= this.options.retries) throw failure;
      await sleep(backoffDelay(attempt, this.options, retryAfterMs), true);
    }
  }
}
