import { rmSync } from 'node:fs';

// Everything the benchmark must undo, newest first. Each entry runs at most once, whether the
// run ends normally, throws, or is interrupted.
const pending = [];
const children = new Set();
const tempDirs = new Set();

/** Registers an async undo step and answers a function that runs it now (once). */
export function defer(undo) {
  let running = null;
  const run = () => {
    running ??= (async () => {
      const at = pending.indexOf(run);
      if (at !== -1) pending.splice(at, 1);
      await undo();
    })();
    return running;
  };
  pending.push(run);
  return run;
}

/** Runs every registered undo step, newest first; a failing step is reported, not fatal. */
export async function cleanupAll() {
  while (pending.length > 0) {
    const run = pending[pending.length - 1];
    await run().catch((error) => process.stderr.write(`cleanup: ${error?.message ?? error}\n`));
  }
}

export function trackChild(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function trackTempDir(dir) {
  tempDirs.add(dir);
}

export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/**
 * Ctrl-C, SIGTERM and crashes still clean up: async steps (dropping a database) get their chance
 * on signals; the synchronous `exit` hook is the last resort for processes and directories.
 */
export function installExitHandlers() {
  let interrupted = false;
  const onSignal = (signal) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping servers and cleaning up…\n`);
    cleanupAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}
