import cliProgress from 'cli-progress';

/** A progress line on stderr, or null when stderr is not a terminal (a pipe or a log stays clean). */
export interface Progress {
  update(value: number): void;
  stop(): void;
}

/**
 * Starts a progress line in `format` (cli-progress tokens: `{bar}`, `{value}`, `{total}`,
 * `{percentage}`); with `total` a bar, without one a running count.
 */
export function progress(format: string, total = 0): Progress | null {
  if (process.stderr.isTTY !== true) return null;
  const bar = new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}
