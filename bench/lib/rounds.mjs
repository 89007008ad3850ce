import { watchPeakRss } from './proc.mjs';
import { runWrk } from './wrk.mjs';

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `a`'s figure `key` over `b`'s, round by round, and the median of those ratios: each round of one
 * contestant runs next to the same round of the other, so a slow spell of the machine (on a shared
 * VM the cost of a request can double for some seconds) weighs on both sides of one ratio instead of
 * on one side of the medians. `a` and `b` are what `interleave` answers per contestant.
 */
export function pairedRatio(a, b, key) {
  return pairedRatios(a, b, key).median;
}

/** `pairedRatio` with the lowest and highest of the rounds' ratios: how far one round may stray. */
export function pairedRatios(a, b, key) {
  const ratios = a.runs.map((run, i) => run[key] / b.runs[i][key]);
  return { median: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios) };
}

/** wrk's CPU, in percent of one core, from which a run counts as limited by the load generator. */
export const loadBoundPercent = 90;

/**
 * Loads each contestant `{ label, server, script, afterRun? }` in turn, `rounds` measured runs
 * each, A B, B A, A B…, so that a noisy moment on the machine hits all alike and none always runs
 * first (right after the other's load, or with the machine's drift in its favour).
 * Every other round each contestant's server is restarted (`server.restart`) and warmed up: two
 * processes of the same build on the same data can differ by 10–30 % in CPU per request, and by
 * tens of MB in RSS, for their whole life (a plain `node` sizes its young generation by its own
 * statistics; Allot's start script fixes it), so a run measures several processes of each and its
 * medians are not the luck of one draw.
 * `server` is what `startAllot`/`startYardstick` answer (its pid and CPU for /proc). Answers per
 * contestant the medians: req/s, p50/p99, the server's CPU µs per request, wrk's CPU, the peak
 * RSS (and the highest of the runs' peaks), how many runs the load generator limited, and the
 * errors and statuses of every run.
 */
export async function interleave(contestants, { rounds, seconds, warmupSeconds, connections, say }) {
  const runs = new Map(contestants.map((c) => [c.label, []]));
  const once = async (contestant, duration) => {
    const { server, script } = contestant;
    const cpuBefore = server.cpuMicros();
    const rss = watchPeakRss(server.pid);
    const figures = await runWrk({ url: server.url, script, connections, seconds: duration });
    const cpuAfter = server.cpuMicros();
    const peakRss = rss.stop();
    await contestant.afterRun?.();
    return { ...figures, cpuMicrosPerRequest: cpuBefore === null || cpuAfter === null || figures.requests === 0 ? null : (cpuAfter - cpuBefore) / figures.requests, peakRssBytes: peakRss };
  };
  for (let round = 1; round <= rounds; round++) {
    for (const c of round % 2 === 1 ? contestants : [...contestants].reverse()) {
      if (round % 2 === 1) {
        say(`round ${round}/${rounds} ${c.label}: a fresh process, warm-up`);
        await c.server.restart();
        await once(c, warmupSeconds);
      }
      say(`round ${round}/${rounds} ${c.label}`);
      runs.get(c.label).push(await once(c, seconds));
    }
  }
  return Object.fromEntries(
    contestants.map(({ label }) => {
      const all = runs.get(label);
      const pick = (key) => median(all.map((r) => r[key]));
      return [
        label,
        {
          requestsPerSecond: pick('requestsPerSecond'),
          p50Ms: pick('p50Ms'),
          p99Ms: pick('p99Ms'),
          cpuMicrosPerRequest: all.some((r) => r.cpuMicrosPerRequest === null) ? null : pick('cpuMicrosPerRequest'),
          loadCpuPercent: pick('loadCpuPercent'),
          loadBoundRuns: all.filter((r) => r.loadCpuPercent >= loadBoundPercent).length,
          peakRssBytes: pick('peakRssBytes'),
          highestRssBytes: Math.max(...all.map((r) => r.peakRssBytes)),
          errors: all.reduce((n, r) => n + r.errors, 0),
          statusErrors: all.reduce((n, r) => n + r.statusErrors, 0),
          statuses: all.reduce((sum, r) => {
            for (const [status, n] of Object.entries(r.statuses)) sum[status] = (sum[status] ?? 0) + n;
            return sum;
          }, {}),
          runs: all,
        },
      ];
    }),
  );
}
