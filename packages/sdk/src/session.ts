import { AllotApiError } from './errors.js';
import type { components } from './openapi.generated.js';
import { closeAtExit } from './process-exit.js';
import { unref } from './transport.js';

/** A session as the API answers it (SPEC 3.3). */
export type Session = components['schemas']['Session'];
/** A borrow of a session (SPEC 11): its modules held for its user from `startsAt` until `until`, or until returned. */
export type Borrow = components['schemas']['Borrow'];
/** A borrow as made: with its `lease`, the signed text the application keeps to verify offline (`verifyLease`). */
export type BorrowWithLease = components['schemas']['BorrowWithLease'];

/** The calls a session handle makes, bound to its tenant and session id by the client. */
export interface SessionCalls {
  heartbeat(): Promise<Session>;
  end(): Promise<void>;
  borrow(until: string): Promise<BorrowWithLease>;
}

export interface SessionHandleOptions {
  /** Called once when the server says the session is gone (410): it timed out or an admin ended it. Heartbeats stop. */
  onLost?: (error: AllotApiError) => void;
  /** Called for a heartbeat that failed for another reason (the server unreachable after retries, say); heartbeats go on. */
  onError?: (error: unknown) => void;
  /** How many heartbeats fit in the session's `heartbeatSeconds`: 3 sends one every third of it. */
  heartbeatsPerPeriod: number;
  /** At most this long is given to closing it when the process ends. */
  exitDeadlineMs: number;
}

/**
 * An open session: it heartbeats by itself, a few times within the session's `heartbeatSeconds`
 * (a failed heartbeat is retried with backoff, and the next one comes well before the server gives
 * up), reports its loss (410) to `onLost`, and is closed by `close()` or when the process ends.
 * Made by `AllotClient.openSession`.
 *
 * @example
 * const session = await allot.openSession({ userId, modules: ['pss2:desk'], onLost: () => showLoggedOut() });
 * // ... the user works; heartbeats go by themselves ...
 * await session.close();
 */
export class SessionHandle {
  private current: Session;
  private timer: ReturnType<typeof setInterval> | undefined;
  private closing: Promise<void> | null = null;
  private lostWith: AllotApiError | null = null;
  private borrowedAs: BorrowWithLease | null = null;
  private readonly forgetAtExit: () => void;

  constructor(
    session: Session,
    private readonly calls: SessionCalls,
    private readonly options: SessionHandleOptions,
  ) {
    this.current = session;
    this.schedule();
    this.forgetAtExit = closeAtExit({ shutdown: () => this.close() }, options.exitDeadlineMs);
  }

  /** The session's id (`ses_…`). */
  get id(): string {
    return this.current.id;
  }

  /** The session as the server last answered it (after opening, or the latest heartbeat). */
  get session(): Session {
    return this.current;
  }

  /** True once the session is closed or lost: no more heartbeats. */
  get ended(): boolean {
    return this.closing !== null || this.lostWith !== null;
  }

  /** The borrow made of this session by `borrow`, with its lease; null while it is not borrowed. */
  get borrowed(): BorrowWithLease | null {
    return this.borrowedAs;
  }

  /**
   * Borrows the session for offline work (SPEC 11): the server holds its licenses until `until` (a
   * date, the end of that tenant day, or an instant; at most the license's `maxBorrowDays` ahead)
   * or until it is returned, and answers the borrow with its signed `lease`, which the application
   * keeps and checks offline with `verifyLease`. From then on the handle sends no heartbeats and
   * neither `close()` nor the end of the process ends the session: give it back with
   * `allot.returnBorrow(borrow.id, userId)`. Not repeated after a failure (a second attempt is
   * refused as borrowed already, and the first lease would be lost).
   *
   * @example
   * const borrow = await session.borrow('2026-03-14');
   * writeFileSync('desk.lease', borrow.lease);
   */
  async borrow(until: Date | string): Promise<BorrowWithLease> {
    const borrow = await this.calls.borrow(typeof until === 'string' ? until : until.toISOString());
    this.borrowedAs = borrow;
    this.stop();
    return borrow;
  }

  /**
   * Sends one heartbeat now (they also go by themselves) and answers the session. A 410 marks the
   * session lost, calls `onLost` and throws it.
   *
   * @example
   * const { expiresAt } = await session.heartbeat();
   */
  async heartbeat(): Promise<Session> {
    try {
      const before = this.current.heartbeatSeconds;
      this.current = await this.calls.heartbeat();
      // An admin may change the license's heartbeatSeconds while the session lives.
      if (this.current.heartbeatSeconds !== before && !this.ended && this.borrowedAs === null) this.schedule();
      return this.current;
    } catch (error) {
      if (error instanceof AllotApiError && error.status === 410) this.lose(error);
      throw error;
    }
  }

  /**
   * Ends the session on the server (reason `logout`) and stops the heartbeats. Calling it again,
   * or after the session was lost, does nothing more. A borrowed session is left held on the
   * server: it is returned with `allot.returnBorrow`, or ends at the borrow's end.
   *
   * @example
   * process.on('SIGUSR2', () => void session.close());
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stop();
      if (this.lostWith !== null || this.borrowedAs !== null) return;
      try {
        await this.calls.end();
      } catch (error) {
        // Already gone on the server (ended, timed out, or our first attempt's answer was lost): closed all the same.
        if (!(error instanceof AllotApiError && (error.status === 410 || error.status === 404))) throw error;
      }
    })();
    return this.closing;
  }

  /** Heartbeats `heartbeatsPerPeriod` times per `heartbeatSeconds`, on a timer that never holds the process open. */
  private schedule(): void {
    clearInterval(this.timer);
    const everyMs = Math.max(50, Math.floor((this.current.heartbeatSeconds * 1000) / this.options.heartbeatsPerPeriod));
    this.timer = setInterval(() => void this.beat(), everyMs);
    unref(this.timer);
  }

  private async beat(): Promise<void> {
    if (this.ended) return;
    try {
      await this.heartbeat();
    } catch (error) {
      if (!this.ended) this.options.onError?.(error);
    }
  }

  private lose(error: AllotApiError): void {
    if (this.lostWith !== null || this.closing !== null) return;
    this.lostWith = error;
    this.stop();
    this.options.onLost?.(error);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.forgetAtExit();
  }
}
