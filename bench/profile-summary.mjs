// Summarises a V8 CPU profile written by `BENCH_PROFILE=1 npm run bench`:
//   node bench/profile-summary.mjs bench/results/profiles/sqlite/CPU.*.cpuprofile [top=25] [from-to]
// Prints how busy the server was second by second, then self time by package, then the functions
// with the most self and total time. `from-to` (seconds since the profile began, e.g. 7-12)
// keeps only that window, say one measured run, leaving out start-up and warm-up.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { repoRoot } from './lib/servers.mjs';

const [file, topArg, windowArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node bench/profile-summary.mjs <file.cpuprofile> [top] [from-to seconds]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const [from, to] = windowArg === undefined ? [0, Infinity] : windowArg.split('-').map(Number);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Each sample is one tick in the node it was taken in; deltas give its length in microseconds.
const selfMicros = new Map();
const busyBySecond = [];
let at = 0;
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  at += micros;
  const second = Math.floor(at / 1e6);
  busyBySecond[second] = (busyBySecond[second] ?? 0) + (byId.get(id).callFrame.functionName === '(idle)' ? 0 : micros);
  if (at >= from * 1e6 && at < to * 1e6) selfMicros.set(id, (selfMicros.get(id) ?? 0) + micros);
});

const where = ({ url, lineNumber }) => {
  if (url === '') return '';
  const path = url.startsWith('file://') ? relative(repoRoot, new URL(url).pathname) : url;
  return `${path}:${lineNumber + 1}`;
};
const nameOf = (node) => `${node.callFrame.functionName || '(anonymous)'} ${where(node.callFrame)}`.trim();
const packageOf = (node) => {
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName; // (idle), (garbage collector), (program)
  if (url.startsWith('node:')) return 'node internals';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  const workspace = /\/packages\/([^/]+)\//.exec(url);
  return workspace ? `@allot/${workspace[1]}` : url;
};

const selfBy = (key) => {
  const totals = new Map();
  for (const [id, micros] of selfMicros) {
    const k = key(byId.get(id));
    totals.set(k, (totals.get(k) ?? 0) + micros);
  }
  return totals;
};
// Total time counts a function once per sample even when it recurses.
const totalBy = (key) => {
  const totals = new Map();
  for (const [id, micros] of selfMicros) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parentOf.get(at)) {
      const k = key(byId.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      totals.set(k, (totals.get(k) ?? 0) + micros);
    }
  }
  return totals;
};

const all = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const idle = selfBy((node) => node.callFrame.functionName).get('(idle)') ?? 0;
const busy = all - idle;
const print = (title, totals, count) => {
  process.stdout.write(`\n${title}\n`);
  const rows = [...totals].filter(([k]) => k !== '(idle)' && k !== '(root)').sort((a, b) => b[1] - a[1]).slice(0, count);
  for (const [k, micros] of rows) process.stdout.write(`${((100 * micros) / busy).toFixed(1).padStart(6)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${k}\n`);
};

process.stdout.write(`busy % by second: ${Array.from(busyBySecond, (micros, second) => `${second}:${Math.round((micros ?? 0) / 1e4)}`).join(' ')}\n`);
const window = windowArg === undefined ? '' : ` from ${from} s to ${to} s`;
process.stdout.write(`${(all / 1e6).toFixed(1)} s profiled${window}, ${(busy / 1e6).toFixed(1)} s busy; percentages are of busy time\n`);
print('Self time by package', selfBy(packageOf), 15);
print('Self time by function', selfBy(nameOf), top);
print('Total time by function', totalBy(nameOf), top);
