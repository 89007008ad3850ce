// Allot against yardsticks that do the same work, measured in the same run.
//
//   npm run bench                build, then every row on SQLite and PostgreSQL (127.0.0.1:5432)
//   BENCH_DURATION=2             seconds per measured run (default 2)
//   BENCH_ROUNDS=8               measured runs per contestant, interleaved A B A B (default 8)
//   BENCH_CONNECTIONS=32         wrk connections (default 32; always one wrk thread)
//   BENCH_SCENARIO=session       only the rows whose name contains this text ("3 nodes" for that run)
//   BENCH_DATABASE=postgres      only this database (sqlite or postgres)
//   BENCH_HIT_KEYS=10000000      idempotency keys already in the table for the grown-table row
//   BENCH_HISTORY_ROWS=1000000   ended sessions behind the cost-growth row
//   BENCH_PROFILE=1              write Allot's CPU profiles to bench/results/profiles/
//                                (read them with bench/profile-summary.mjs)
//   BENCH_LOG_LEVEL=silent       Allot's LOG_LEVEL (default warn)
//
// Load comes from wrk (`-t1 -c32`), a separate process; "CPU µs/req" is the server's own CPU per
// answered request from /proc/<pid>/stat, and "wrk CPU" says when the load generator, not the
// server, was the limit. Prints the table, writes bench/results/latest.json, exits 1 when a
// target fails or a run saw errors. Rows live in bench/scenarios.mjs; in-process benchmarks
// (no server) in `inProcess` below.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { cleanupAll, installExitHandlers } from './lib/cleanup.mjs';
import { threeNodeRun } from './lib/multinode.mjs';
import { createDatabase, postgresAnswers } from './lib/postgres.mjs';
import { formatMultiNode, formatTable, writeJson } from './lib/report.mjs';
import { interleave, loadBoundPercent } from './lib/rounds.mjs';
import { repoRoot, startAllot } from './lib/servers.mjs';
import { ensureWrk } from './lib/wrk.mjs';
import { benchSettings, roundsOf } from './lib/settings.mjs';
import { scenarios } from './scenarios.mjs';
import { runPlanningBenchmark } from './planning.mjs';
import { runVerifyBenchmark } from './verify.mjs';

const resultsDir = join(repoRoot, 'bench', 'results');

/** Benchmarks without a server, each `{ name, run(settings) → { checks } }`. */
const inProcess = [
  {
    name: 'license-file verification (SDK vs raw crypto.verify + JSON.parse)',
    run: ({ seconds }) => {
      const v = runVerifyBenchmark(Math.max(3, seconds));
      return { details: v, checks: [{ figure: `SDK/s vs raw Ed25519 + JSON.parse (${v.payloadBytes} bytes)`, value: `${(v.ratioPercent / 100).toFixed(2)}×`, target: `≥ ${(v.target / 100).toFixed(2)}×`, pass: v.pass }] };
    },
  },
  { name: 'seat planning replay, a year of 1M session attempts', run: () => runPlanningBenchmark() },
];

/** Where Allot keeps its data: SQLite in its data directory, or a fresh PostgreSQL database. */
const databases = [
  { name: 'sqlite', open: async () => ({ databaseUrl: undefined, close: async () => {} }) },
  {
    name: 'postgres',
    open: async () => {
      if (!(await postgresAnswers())) return null;
      const database = await createDatabase();
      return { databaseUrl: database.url, close: database.drop };
    },
  },
];

async function main() {
  installExitHandlers();
  ensureWrk();
  const settings = benchSettings();
  const profile = process.env.BENCH_PROFILE === '1';
  const only = process.env.BENCH_SCENARIO;
  const wanted = (name) => only === undefined || name.includes(only);
  const chosen = scenarios.filter((s) => wanted(s.name));
  const multiNode = wanted('3 nodes') && process.env.BENCH_DATABASE !== 'sqlite';
  const startedAt = new Date();
  const loadBefore = loadavg();
  const results = [];
  const skipped = [];

  const onlyDatabase = process.env.BENCH_DATABASE;
  if (onlyDatabase !== undefined && !databases.some((d) => d.name === onlyDatabase)) throw new Error(`BENCH_DATABASE must be sqlite or postgres, not ${onlyDatabase}`);
  for (const database of databases.filter((d) => onlyDatabase === undefined || d.name === onlyDatabase)) {
    const runsHere = chosen.filter((s) => s.databases.includes(database.name));
    if (runsHere.length === 0) continue;
    const storage = await database.open();
    if (storage === null) {
      skipped.push(`${database.name}: nothing answers on 127.0.0.1:5432`);
      continue;
    }
    try {
      const profileDir = profile ? join(resultsDir, 'profiles', database.name) : undefined;
      const allot = await startAllot({ databaseUrl: storage.databaseUrl, profileDir });
      try {
        for (const scenario of runsHere) {
          const say = (what) => process.stdout.write(`${database.name} · ${scenario.name} · ${what}\n`);
          say('setting up');
          const prepared = await scenario.prepare({ allot, database: database.name, databaseUrl: storage.databaseUrl });
          try {
            const { seconds, rounds } = roundsOf(scenario, settings);
            const medians = await interleave(prepared.contestants, { ...settings, seconds, rounds, say });
            results.push({ database: database.name, scenario: scenario.name, rounds, seconds, medians, checks: prepared.judge(medians) });
          } finally {
            await prepared.stop();
          }
        }
      } finally {
        await allot.stop();
      }
    } finally {
      await storage.close();
    }
  }

  let threeNodes = null;
  if (multiNode && (await postgresAnswers())) {
    threeNodes = await threeNodeRun({ seconds: settings.seconds * 5, connections: settings.connections, say: (what) => process.stdout.write(`postgres · ${what}\n`) });
  } else if (multiNode) skipped.push('3 nodes: nothing answers on 127.0.0.1:5432');

  const inProcessResults = inProcess.filter((b) => wanted(b.name)).map((b) => ({ database: '-', scenario: b.name, medians: {}, ...b.run(settings) }));

  const cpus = availableParallelism();
  const header =
    `Allot vs yardsticks — wrk -t1 -c${settings.connections}, ${settings.rounds} interleaved rounds of ${settings.seconds} s (medians; a ratio is the median of the rounds' ratios, the lowest and highest round's beside it), ` +
    [...new Set(results.filter((r) => r.seconds !== settings.seconds).map((r) => `${r.scenario}: ${r.rounds} rounds of ${r.seconds} s, `))].join('') +
    `Node ${process.version}, ${cpus} CPUs, load average ${loadBefore[0].toFixed(2)} at the start`;
  process.stdout.write(`\n${header}\n\n${formatTable([...results, ...inProcessResults])}\n`);
  if (threeNodes !== null) process.stdout.write(`\n${formatMultiNode(threeNodes)}\n`);
  for (const line of skipped) process.stdout.write(`\nskipped ${line}\n`);

  const bound = results.flatMap((r) => Object.entries(r.medians).filter(([, m]) => m.loadBoundRuns > 0).map(([label, m]) => `${r.database} · ${r.scenario} · ${label} (${m.loadBoundRuns} of ${r.rounds} runs)`));
  if (bound.length > 0) {
    process.stdout.write(`\nthe load generator was the limit (wrk ≥ ${loadBoundPercent}% of a core) for:\n${bound.map((b) => `  ${b}\n`).join('')}` + `their req/s is wrk's ceiling, not the server's; CPU µs/req still holds.\n`);
  } else process.stdout.write(`\nthe load generator was never the limit (wrk < ${loadBoundPercent}% of a core in every run).\n`);

  const checks = [...results, ...inProcessResults].flatMap((r) => r.checks);
  const failed = checks.filter((c) => c.pass === false).length + (threeNodes !== null && !threeNodes.limitHeld ? 1 : 0);
  process.stdout.write(failed === 0 ? '\nAll targets met.\n' : `\n${failed} check${failed === 1 ? '' : 's'} missed a target or had errors.\n`);
  const close = [...results, ...inProcessResults].flatMap((r) => r.checks.filter((c) => c.pass !== null && c.withinSpread === true).map((c) => `${r.database} · ${r.scenario} · ${c.figure}: ${c.pass ? 'met' : 'missed'}`));
  if (close.length > 0) process.stdout.write(`\ntargets between the lowest and the highest round's ratio (another run may judge these otherwise):\n${close.map((line) => `  ${line}\n`).join('')}`);

  writeJson(join(resultsDir, 'latest.json'), {
    at: startedAt.toISOString(),
    node: process.version,
    cpus,
    loadAverageAtStart: loadBefore,
    loadGenerator: `wrk -t1 -c${settings.connections}`,
    ...settings,
    results,
    inProcess: inProcessResults,
    threeNodes,
    skipped,
  });
  if (failed > 0) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`\nbenchmark failed: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
