// The settings every run of the bench reads from its environment, and how long a row's rounds are.

function positiveInteger(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not ${process.env[name]}`);
  return value;
}

/** `BENCH_DURATION` (seconds per measured run, default 2), `BENCH_ROUNDS` (default 8), `BENCH_CONNECTIONS` (default 32). */
export function benchSettings() {
  return {
    seconds: positiveInteger('BENCH_DURATION', 2),
    rounds: positiveInteger('BENCH_ROUNDS', 8),
    connections: positiveInteger('BENCH_CONNECTIONS', 32),
    warmupSeconds: 2,
  };
}

/**
 * The rounds of `scenario`: runs of at least its `minSeconds` (a row of slow requests), fewer of
 * them then (at least 3), for about the same time.
 */
export function roundsOf(scenario, settings) {
  const seconds = Math.max(settings.seconds, scenario.minSeconds ?? 0);
  const rounds = seconds === settings.seconds ? settings.rounds : Math.max(3, Math.round((settings.rounds * settings.seconds) / seconds));
  return { seconds, rounds };
}
