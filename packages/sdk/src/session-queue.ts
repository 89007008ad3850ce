import { AllotApiError } from './errors.js';
import type { components } from './openapi.generated.js';
import { closeAtExit } from './process-exit.js';
import type { Session } from './session.js';
import { isTransient } from './transport.js';

/** The answer to an open that waits on a full module (202): its place in the queue (SPEC 11). */
export type QueueTicket = components['schemas']['QueueTicket'];
/** Where a wait stands: `waiting` (with its `position`), `offered`, `claimed` or `expired`. */
export type QueueEntry = components['schemas']['QueueEntry'];

/**
 * A wait for a license that ended without one: the waiter went unheard for its `claimSeconds`, or
 * the session offered to it was not claimed in time (then `entry.offeredAt` says when it was
 * offered). The license has passed to the next waiter.
 *
 * @example
 * try {
 *   await allot.openSession({ userId, modules: ['pss2:desk'], wait: true });
 * } catch (error) {
 *   if (error instanceof AllotWaitExpiredError) console.log(`wait ${error.entry.id} expired; try again`);
 *   else throw error;
 * }
 */
export class AllotWaitExpiredError extends Error {
  constructor(readonly entry: QueueEntry) {
    super(entry.offeredAt === null ? `The wait ${entry.id} expired: it went unheard for ${entry.claimSeconds} s.` : `The session offered at ${entry.offeredAt} to wait ${entry.id} was not claimed within ${entry.claimSeconds} s.`);
    this.name = 'AllotWaitExpiredError';
  }
}

/** The calls of one wait, bound to its tenant and queue id by the client. */
export interface QueueCalls {
  poll(signal: AbortSignal | undefined): Promise<QueueEntry>;
  /** The first heartbeat of the offered session, which claims it. */
  claim(sessionId: string): Promise<Session>;
  leave(): Promise<void>;
  end(sessionId: string): Promise<void>;
}

export interface WaitOptions {
  /** Called with the first position, and again whenever it changes (1: next in line). */
  onQueued?: ((position: number) => void) | undefined;
  /** Aborting leaves the queue (an offer not yet claimed passes on) and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  exitDeadlineMs: number;
  clock: () => number;
}

/** Polls this many times per `claimSeconds`: the server keeps a waiter's place that long after each poll. */
const pollsPerClaim = 4;

/** Waits `ms`, or less when the signal aborts; the timer holds the process, as the caller awaits the wait. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits in the queue until the session offered is claimed (its first heartbeat), polling well
 * inside `claimSeconds` so that the place is kept. A poll that fails for a transient reason is
 * tried again for as long as the place is kept; a claim that fails is tried again while the offer
 * stands. Answers the claimed session; throws `AllotWaitExpiredError` when the server says the
 * wait expired, and the signal's reason after leaving the queue on abort. The queue is left, too,
 * when the process ends while waiting or the wait fails for another reason.
 *
 * @example
 * const session = await waitInQueue(ticket, calls, { onQueued: (p) => console.log(`number ${p} in line`), exitDeadlineMs: 5000, clock: Date.now });
 */
export async function waitInQueue(ticket: QueueTicket, calls: QueueCalls, options: WaitOptions): Promise<Session> {
  const { signal } = options;
  const intervalMs = (ticket.claimSeconds * 1000) / pollsPerClaim;
  let position = ticket.position;
  let lastHeard = options.clock();
  const forgetAtExit = closeAtExit({ shutdown: () => calls.leave() }, options.exitDeadlineMs);
  try {
    options.onQueued?.(position);
    for (;;) {
      await pause(intervalMs, signal);
      signal?.throwIfAborted();
      let entry: QueueEntry;
      try {
        entry = await calls.poll(signal);
        lastHeard = options.clock();
      } catch (error) {
        if (!signal?.aborted && isTransient(error) && options.clock() - lastHeard < ticket.claimSeconds * 1000) continue;
        throw error;
      }
      if (entry.state === 'expired') throw new AllotWaitExpiredError(entry);
      if (entry.state === 'waiting') {
        if (entry.position !== null && entry.position !== position) {
          position = entry.position;
          options.onQueued?.(position);
        }
        continue;
      }
      // Offered, or claimed already by a heartbeat of ours whose answer was lost: heartbeat it now.
      if (entry.sessionId === null) continue;
      let session: Session;
      try {
        session = await calls.claim(entry.sessionId);
      } catch (error) {
        // Not through, or gone: the next poll says whether the offer still stands.
        if (isTransient(error) || (error instanceof AllotApiError && error.status === 410)) continue;
        throw error;
      }
      if (signal?.aborted === true) {
        await calls.end(session.id);
        signal.throwIfAborted();
      }
      return session;
    }
  } catch (error) {
    if (!(error instanceof AllotWaitExpiredError)) {
      // Best effort: the server drops a waiter unheard for its claimSeconds anyway.
      await calls.leave().catch(() => undefined);
    }
    signal?.throwIfAborted();
    throw error;
  } finally {
    forgetAtExit();
  }
}
