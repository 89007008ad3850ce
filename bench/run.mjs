// Allot's speed targets, measured against a bare node:http server in the same run.
//
//   npm run bench                     build, then run every scenario on SQLite (and PostgreSQL
//                                     when 127.0.0.1:5432 answers)
//   BENCH_DURATION=30                 seconds per measured run (default 10)
//   BENCH_CONNECTIONS=64              concurrent connections (default 32)
//   BENCH_PROFILE=1                   write Allot's CPU profiles to bench/results/profiles/
//                                     (read them with bench/profile-summary.mjs)
//   BENCH_LOG_LEVEL=silent            Allot's LOG_LEVEL (default warn)
//
// Prints a table, writes bench/results/latest.json, and exits 1 when a target fails or a run
// saw errors or non-2xx answers. Add scenarios in bench/scenarios.mjs. "CPU µs/req" is the
// server's own CPU time per answered request: with one core left for the server on a small
// machine, it explains a ratio better than requests/s, which the load generator can cap.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { cleanupAll, installExitHandlers } from './lib/cleanup.mjs';
import { formatTable, load, problemsOf, writeJson } from './lib/load.mjs';
import { createDatabase, postgresAnswers } from './lib/postgres.mjs';
import { repoRoot, startAllot, startBaseline } from './lib/servers.mjs';
import { scenarios } from './scenarios.mjs';

const resultsDir = join(repoRoot, 'bench', 'results');
const warmupSeconds = 2;

function positiveInteger(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not ${process.env[name]}`);
  return value;
}

/** Where Allot keeps its data. Targets are checked on SQLite; PostgreSQL is for information. */
const databases = [
  { name: 'sqlite', checksTargets: true, open: async () => ({ databaseUrl: undefined, close: async () => {} }) },
  {
    name: 'postgres',
    checksTargets: false,
    open: async () => {
      if (!(await postgresAnswers())) return null;
      const database = await createDatabase();
      return { databaseUrl: database.url, close: database.drop };
    },
  },
];

async function runScenario(database, scenario, allot, settings) {
  const request = await scenario.setup(allot);
  // The yardstick answers what Allot answers, byte for byte in the body.
  const sample = await allot.send(request);
  if (sample.status < 200 || sample.status >= 300) throw new Error(`${scenario.name}: Allot answered ${sample.status}: ${sample.text}`);
  const baseline = await startBaseline({ status: sample.status, body: sample.text });
  try {
    const targets = { allot, baseline };
    const say = (what) => process.stdout.write(`${database.name} · ${scenario.name} · ${what}\n`);
    // Never both at once: each target gets the whole machine.
    for (const [label, server] of Object.entries(targets)) {
      say(`warm-up ${label}`);
      await load(server, request, { ...settings, duration: warmupSeconds });
    }
    const figures = {};
    for (const [label, server] of Object.entries(targets)) {
      say(`measuring ${label} for ${settings.duration} s`);
      figures[label] = await load(server, request, settings);
    }
    const ratioPercent = (100 * figures.allot.requestsPerSecond) / figures.baseline.requestsPerSecond;
    const target = database.checksTargets ? scenario.target : null;
    const p99LimitMs = database.checksTargets ? (scenario.p99Ms ?? null) : null;
    const problems = [...problemsOf(figures.allot).map((p) => `allot: ${p}`), ...problemsOf(figures.baseline).map((p) => `node:http: ${p}`)];
    return {
      database: database.name,
      scenario: scenario.name,
      allot: figures.allot,
      baseline: figures.baseline,
      ratioPercent,
      target,
      p99LimitMs,
      pass: problems.length === 0 && (target === null || ratioPercent >= target) && (p99LimitMs === null || figures.allot.p99Ms <= p99LimitMs),
      problems,
    };
  } finally {
    await baseline.stop();
  }
}

async function main() {
  installExitHandlers();
  const settings = { duration: positiveInteger('BENCH_DURATION', 10), connections: positiveInteger('BENCH_CONNECTIONS', 32) };
  const profile = process.env.BENCH_PROFILE === '1';
  const results = [];
  const skipped = [];
  for (const database of databases) {
    const storage = await database.open();
    if (storage === null) {
      skipped.push(`${database.name}: nothing answers on 127.0.0.1:5432`);
      continue;
    }
    try {
      const profileDir = profile ? join(resultsDir, 'profiles', database.name) : undefined;
      const allot = await startAllot({ databaseUrl: storage.databaseUrl, profileDir });
      try {
        for (const scenario of scenarios) results.push(await runScenario(database, scenario, allot, settings));
      } finally {
        await allot.stop();
      }
    } finally {
      await storage.close();
    }
  }

  const cpus = availableParallelism();
  process.stdout.write(`\nAllot vs bare node:http — ${settings.connections} connections, ${settings.duration} s per run, Node ${process.version}, ${cpus} CPUs\n\n`);
  process.stdout.write(formatTable(results) + '\n');
  for (const line of skipped) process.stdout.write(`\nskipped ${line}\n`);
  const clientBound = Math.max(0, ...results.map((r) => r.baseline.clientCpuPercent));
  if (clientBound >= 80) {
    process.stdout.write(
      `\nnote: the load generator used up to ${clientBound.toFixed(0)}% of a core against node:http, so the bare\n` +
        `figures are bounded by the client, not the server, and the ratios read high. CPU µs/req is the\n` +
        `server's own cost of one request, whatever the client's speed.\n`,
    );
  }
  const broken = results.filter((r) => r.problems.length > 0);
  for (const r of broken) process.stdout.write(`\n!!! ${r.database} · ${r.scenario}: ${r.problems.join('; ')} — these figures are not valid\n`);
  const failed = results.filter((r) => !r.pass);
  process.stdout.write(failed.length === 0 ? '\nAll targets met.\n' : `\n${failed.length} of ${results.length} runs missed a target or had errors.\n`);

  writeJson(join(resultsDir, 'latest.json'), { at: new Date().toISOString(), node: process.version, cpus, ...settings, warmupSeconds, results, skipped });
  if (failed.length > 0) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`\nbenchmark failed: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
