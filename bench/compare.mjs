// Allot at another commit against this tree's Allot, side by side on one row of the bench:
//
//   node bench/compare.mjs <git-ref> <row> [sqlite|postgres]
//   BENCH_ROUNDS=12 node bench/compare.mjs main~3 "access check"
//
// On a shared machine the cost of a request moves by more from one minute to the next than most
// changes move it; two runs of `npm run bench` cannot tell a 5 % change from noise. This runs both
// servers at once over the same workload (this tree's scenario, each tree's server), in
// interleaved rounds, and answers the median of the rounds' ratios of CPU per request and
// requests/s, so that a slow spell weighs on both sides of each ratio. The other commit is checked
// out in a temporary worktree with a copy of this tree's node_modules, and its server built there.
// Build this tree first (`npm run build`).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupAll, defer, installExitHandlers } from './lib/cleanup.mjs';
import { createDatabase } from './lib/postgres.mjs';
import { interleave, pairedRatio } from './lib/rounds.mjs';
import { repoRoot, startAllot } from './lib/servers.mjs';
import { benchSettings, roundsOf } from './lib/settings.mjs';
import { ensureWrk } from './lib/wrk.mjs';
import { scenarios } from './scenarios.mjs';

const [ref, rowName, database = 'sqlite'] = process.argv.slice(2);
if (ref === undefined || rowName === undefined || !['sqlite', 'postgres'].includes(database)) {
  process.stderr.write('usage: node bench/compare.mjs <git-ref> <part of a row name> [sqlite|postgres]\n');
  process.exit(2);
}
const scenario = scenarios.find((s) => s.name.includes(rowName));
if (scenario === undefined) {
  process.stderr.write(`no row named like "${rowName}"; rows: ${scenarios.map((s) => s.name).join('; ')}\n`);
  process.exit(2);
}
const say = (line) => process.stderr.write(`${line}\n`);

/** The other commit, checked out and built in a temporary worktree; answers how to start its server (this tree's harness, its build). */
async function otherTree() {
  const dir = mkdtempSync(join(tmpdir(), 'allot-compare-'));
  const git = (...args) => execFileSync('git', args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  say(`checking out ${ref} in ${dir}`);
  git('worktree', 'add', '--detach', dir, ref);
  defer(() => git('worktree', 'remove', '--force', dir));
  // The workspace packages are linked relatively, so the copy resolves them inside the worktree.
  cpSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  say(`building ${ref}`);
  execFileSync(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'], { cwd: dir, stdio: 'inherit' });
  return (options) => startAllot({ ...options, root: dir });
}

async function main() {
  installExitHandlers();
  const defaults = benchSettings();
  const settings = { ...defaults, ...roundsOf(scenario, defaults) };
  ensureWrk();
  const startOtherAllot = await otherTree();
  const sides = [];
  for (const [label, start] of [[ref, startOtherAllot], ['this tree', startAllot]]) {
    const storage = database === 'postgres' ? await createDatabase() : null;
    const allot = await start({ databaseUrl: storage?.url });
    defer(allot.stop);
    const prepared = await scenario.prepare({ allot, database, databaseUrl: storage?.url });
    defer(prepared.stop);
    const own = prepared.contestants.find((c) => c.label === 'allot');
    sides.push({ ...own, label });
  }
  const medians = await interleave(sides, { ...settings, say: (line) => say(`${scenario.name} · ${line}`) });
  const [other, mine] = [medians[ref], medians['this tree']];
  const cpu = pairedRatio(mine, other, 'cpuMicrosPerRequest');
  const rate = pairedRatio(mine, other, 'requestsPerSecond');
  process.stdout.write(
    [
      `${database} · ${scenario.name}: ${settings.rounds} interleaved rounds of ${settings.seconds} s, wrk -t1 -c${settings.connections}`,
      `  ${ref}: ${other.requestsPerSecond.toFixed(0)} req/s, ${other.cpuMicrosPerRequest.toFixed(1)} µs CPU/req (medians)`,
      `  this tree: ${mine.requestsPerSecond.toFixed(0)} req/s, ${mine.cpuMicrosPerRequest.toFixed(1)} µs CPU/req (medians)`,
      `  this tree / ${ref}, median of the rounds' ratios: CPU/req ${cpu.toFixed(3)}×, req/s ${rate.toFixed(3)}×`,
      ...[other, mine].filter((m) => m.errors + m.statusErrors > 0).map((m) => `  errors in the runs of ${m === other ? ref : 'this tree'}: ${m.errors} connection, ${m.statusErrors} status`),
      '',
    ].join('\n'),
  );
}

main()
  .catch((error) => {
    process.stderr.write(`compare failed: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(cleanupAll);
