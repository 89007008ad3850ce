// The one Node-only part of the client: closing what is still open when the process ends. It reads
// `process` only after asking whether there is one, so that a browser or Deno loads it too.

/** Something to finish before the process ends: an open session, buffered usage. */
export interface Closer {
  shutdown(): Promise<void>;
}

const closers = new Set<Closer>();
let installed = false;
let running: Promise<void> | null = null;
let deadlineMs = 5_000;

function nodeProcess(): NodeJS.Process | null {
  // `typeof` reads an undeclared global without throwing: a browser has no `process` at all.
  if (typeof process === 'undefined' || typeof process.versions?.node !== 'string' || typeof process.on !== 'function') return null;
  return process;
}

/** Shuts every registered closer down at once, waiting at most the deadline (a timer that holds the process until then). */
function shutdownAll(): Promise<void> {
  running ??= (async () => {
    const work = Promise.allSettled([...closers].map((c) => c.shutdown()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
    await Promise.race([work, deadline]);
    clearTimeout(timer);
  })();
  return running;
}

function onBeforeExit(): void {
  // beforeExit comes again once our own calls have drained the event loop: the first run is the one.
  if (closers.size > 0) void shutdownAll();
}

function onSignal(signal: 'SIGINT' | 'SIGTERM'): () => void {
  const handler = (): void => {
    const proc = nodeProcess();
    void shutdownAll().finally(() => {
      if (proc === null) return;
      proc.off(signal, handler);
      // Listening to a signal replaces Node's default of ending the process: when nobody else
      // listens, end it as the signal would have.
      if (proc.listenerCount(signal) === 0) proc.kill(proc.pid, signal);
    });
  };
  return handler;
}

/**
 * Registers a closer to run when the process ends (beforeExit, SIGINT, SIGTERM), installing the
 * hooks once on first use; answers the function that unregisters it. Outside Node it only keeps
 * the registration, so that a browser or Deno is not broken by it.
 *
 * @example
 * const forget = closeAtExit({ shutdown: () => session.close() });
 * // ... once the session is closed by hand:
 * forget();
 */
export function closeAtExit(closer: Closer, exitDeadlineMs?: number): () => void {
  if (exitDeadlineMs !== undefined) deadlineMs = exitDeadlineMs;
  closers.add(closer);
  const proc = nodeProcess();
  if (!installed && proc !== null) {
    installed = true;
    proc.on('beforeExit', onBeforeExit);
    proc.on('SIGINT', onSignal('SIGINT'));
    proc.on('SIGTERM', onSignal('SIGTERM'));
  }
  return () => closers.delete(closer);
}
