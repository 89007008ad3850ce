// Seat planning's replay (core `planSeats`) on a year of history: 1M session attempts on three
// modules of one concurrent license, 2 % of them refusals. The yardstick is the least any replay
// must do, in the same process and run: parse the instants and sort the opens and closes once.
// Target: the replay answers within a few seconds, and its cost grows linearly (4× the attempts,
// at most ~5× the time).
import { planSeats } from '@allot/core';

const targetMs = 3000;
const year = { from: '2025-01-01', to: '2025-12-31', timeZone: 'Europe/Berlin', now: '2026-01-01T12:00:00.000Z', targetDenialRate: 0.01 };

/** A reproducible history: office-hours sessions of 5 minutes to 4 hours, denser on weekdays. */
function history(attempts) {
  let seed = 42;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  const modules = ['bench:desk', 'bench:lab', 'bench:report'];
  const list = [];
  for (let i = 0; i < attempts; i++) {
    const day = Math.floor(random() * 365);
    const at = start + day * 86_400_000 + (7 + random() * 11) * 3_600_000;
    const admitted = random() > 0.02;
    list.push({ module: modules[i % 3], at: new Date(at).toISOString(), admitted, endedAt: admitted ? new Date(at + (5 + random() * 235) * 60_000).toISOString() : null });
  }
  return list;
}

function timed(fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Parses every instant and sorts the opens and closes once: what any replay has to do. */
function floor(attempts) {
  const events = new Float64Array(attempts.length * 2);
  let n = 0;
  for (const a of attempts) {
    events[n++] = Date.parse(a.at);
    if (a.endedAt !== null) events[n++] = Date.parse(a.endedAt);
  }
  return events.subarray(0, n).sort().length;
}

export function runPlanningBenchmark() {
  const full = history(1_000_000);
  const quarter = full.slice(0, 250_000);
  planSeats({ ...year, attempts: quarter.slice(0, 20_000) }); // warm-up
  const small = timed(() => planSeats({ ...year, attempts: quarter }));
  const yardstick = timed(() => floor(full));
  const replay = timed(() => planSeats({ ...year, attempts: full }));
  const growth = replay.ms / small.ms;
  return {
    details: { attempts: full.length, replayMs: Math.round(replay.ms), yardstickMs: Math.round(yardstick.ms), quarterMs: Math.round(small.ms), recommendation: replay.value.recommendation, peak: replay.value.peak },
    checks: [
      { figure: `replay of 1M attempts vs parse+sort (${Math.round(yardstick.ms)} ms)`, value: `${Math.round(replay.ms)} ms (${(replay.ms / yardstick.ms).toFixed(1)}×)`, target: `≤ ${targetMs} ms`, pass: replay.ms <= targetMs },
      { figure: 'cost growth 250k → 1M attempts', value: `${growth.toFixed(2)}×`, target: '≤ 5×', pass: growth <= 5 },
    ],
  };
}
