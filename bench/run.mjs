// Allot's speed targets, measured against a bare node:http server in the same run.
//
//   npm run bench                     build, then run every scenario on SQLite (and PostgreSQL
//                                     when 127.0.0.1:5432 answers)
//   BENCH_DURATION=30                 seconds per measured run (default 10)
//   BENCH_CONNECTIONS=64              concurrent connections (default 32)
//   BENCH_PROFILE=1                   write Allot's CPU profiles to bench/results/profiles/
//                                     (read them with bench/profile-summary.mjs)
//   BENCH_LOG_LEVEL=silent            Allot's LOG_LEVEL (default warn)
//   BENCH_SCENARIO=session            only the scenarios whose name contains this text
//
// Prints a table, writes bench/results/latest.json, and exits 1 when a target fails or a run
// saw errors or non-2xx answers. Add scenarios in bench/scenarios.mjs. "CPU µs/req" is the
// server's own CPU time per answered request: with one core left for the server on a small
// machine, it explains a ratio better than requests/s, which the load generator can cap.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { cleanupAll, installExitHandlers } from './lib/cleanup.mjs';
import { formatTable, load, problemsOf, replay, sequenceOf, writeJson } from './lib/load.mjs';
import { createDatabase, postgresAnswers } from './lib/postgres.mjs';
import { repoRoot, startAllot, startBaseline } from './lib/servers.mjs';
import { scenarios } from './scenarios.mjs';
import { runVerifyBenchmark } from './verify.mjs';

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
  const work = await scenario.setup(allot);
  // The yardstick answers what Allot answers, byte for byte in the body, method by method.
  const samples = await replay(sequenceOf(work), allot.send);
  for (const sample of samples) {
    if (sample.status < 200 || sample.status >= 300) throw new Error(`${scenario.name}: Allot answered ${sample.method} ${sample.path} with ${sample.status}: ${sample.text}`);
  }
  if (new Set(samples.map((s) => s.method)).size !== samples.length) throw new Error(`${scenario.name}: the yardstick answers by method, so a sequence may use each method once`);
  const answers = samples.map(({ method, status, text }) => ({ method, status, body: text }));
  const baseline = await startBaseline({ answers, work: scenario.baseline });
  try {
    const targets = { allot, baseline };
    const say = (what) => process.stdout.write(`${database.name} · ${scenario.name} · ${what}\n`);
    // Never both at once: each target gets the whole machine.
    for (const [label, server] of Object.entries(targets)) {
      say(`warm-up ${label}`);
      await load(server, work, { ...settings, duration: warmupSeconds });
    }
    const figures = {};
    for (const [label, server] of Object.entries(targets)) {
      say(`measuring ${label} for ${settings.duration} s`);
      figures[label] = await load(server, work, settings);
    }
    const ratioPercent = (100 * figures.allot.requestsPerSecond) / figures.baseline.requestsPerSecond;
    const target = database.checksTargets ? scenario.target : null;
    const p99LimitMs = database.checksTargets ? (scenario.p99Ms ?? null) : null;
    const problems = [...problemsOf(figures.allot).map((p) => `allot: ${p}`), ...problemsOf(figures.baseline).map((p) => `node:http: ${p}`)];
    return {
      database: database.name,
      scenario: scenario.name,
      rateNote: scenario.rateNote ?? null,
      baselineWork: scenario.baseline ?? null,
      allot: figures.allot,
      baseline: figures.baseline,
      ratioPercent,
      target,
      p99LimitMs,
      unitsPerSecond: scenario.unitsPerRequest === undefined ? null : figures.allot.requestsPerSecond * scenario.unitsPerRequest,
      pass:
        problems.length === 0 &&
        (target === null || ratioPercent >= target) &&
        (scenario.minUnitsPerSecond === undefined || !database.checksTargets || figures.allot.requestsPerSecond * scenario.unitsPerRequest >= scenario.minUnitsPerSecond) && (p99LimitMs === null || figures.allot.p99Ms <= p99LimitMs),
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
  const only = process.env.BENCH_SCENARIO;
  const chosen = only === undefined ? scenarios : scenarios.filter((s) => s.name.includes(only));
  if (chosen.length === 0) throw new Error(`BENCH_SCENARIO=${only} matches no scenario`);
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
        for (const scenario of chosen) results.push(await runScenario(database, scenario, allot, settings));
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
  for (const r of results) {
    const scenario = chosen.find((s) => s.name === r.scenario);
    if (r.unitsPerSecond === null || scenario === undefined) continue;
    process.stdout.write(
      `\n${r.database} · ${r.scenario}: ${Math.round(r.unitsPerSecond).toLocaleString('en')} ${scenario.unit}/s` +
        (r.database === 'sqlite' ? ` (target ≥ ${scenario.minUnitsPerSecond.toLocaleString('en')}) ${r.pass ? 'PASS' : 'FAIL'}` : ' (information)') +
        `; the yardstick took the same bodies at ${Math.round(r.baseline.requestsPerSecond).toLocaleString('en')} req/s\n`,
    );
  }
  // Offline license-file verification: no server, the SDK against raw crypto.verify in this process.
  const verification = runVerifyBenchmark(Math.max(3, settings.duration / 2));
  process.stdout.write(
    `\nlicense-file verification (SDK, ${verification.payloadBytes} signed bytes): ${Math.round(verification.sdkPerSecond)}/s vs raw Ed25519 crypto.verify ` +
      `${Math.round(verification.rawPerSecond)}/s = ${verification.ratioPercent.toFixed(1)}% (target ≥ ${verification.target}%) ${verification.pass ? 'PASS' : 'FAIL'}\n`,
  );
  const broken = results.filter((r) => r.problems.length > 0);
  for (const r of broken) process.stdout.write(`\n!!! ${r.database} · ${r.scenario}: ${r.problems.join('; ')} — these figures are not valid\n`);
  const failed = [...results.filter((r) => !r.pass), ...(verification.pass ? [] : [verification])];
  const runs = results.length + 1;
  process.stdout.write(failed.length === 0 ? '\nAll targets met.\n' : `\n${failed.length} of ${runs} runs missed a target or had errors.\n`);

  writeJson(join(resultsDir, 'latest.json'), { at: new Date().toISOString(), node: process.version, cpus, ...settings, warmupSeconds, results, verification, skipped });
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
