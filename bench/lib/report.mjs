import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const whole = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => n.toFixed(2);
const verdict = (pass) => (pass === null ? 'info' : pass ? 'PASS' : 'FAIL');

/** Left- and right-aligned columns, two spaces apart, under a ruled header. */
function table(columns, rows) {
  const widths = columns.map(([title], i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => (columns[i][1] === 'r' ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map(([title]) => title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Per row: one line per contestant (its medians: req/s, latency, the server's CPU per request, wrk's
 * CPU, peak RSS), then one line per check beside its target.
 */
export function formatTable(results) {
  const columns = [['db', 'l'], ['row', 'l'], ['server', 'l'], ['req/s', 'r'], ['p50 ms', 'r'], ['p99 ms', 'r'], ['CPU µs/req', 'r'], ['wrk CPU', 'r'], ['RSS MB', 'r']];
  const rows = [];
  const checks = [];
  for (const r of results) {
    let first = true;
    for (const [label, m] of Object.entries(r.medians)) {
      rows.push([first ? r.database : '', first ? r.scenario : '', label, whole(m.requestsPerSecond), ms(m.p50Ms), ms(m.p99Ms), m.cpuMicrosPerRequest === null ? '-' : m.cpuMicrosPerRequest.toFixed(0), `${m.loadCpuPercent.toFixed(0)}%`, (m.peakRssBytes / 2 ** 20).toFixed(0)]);
      first = false;
    }
    for (const c of r.checks) checks.push([r.database, r.scenario, c.figure, c.value, c.target, verdict(c.pass)]);
  }
  const checkColumns = [['db', 'l'], ['row', 'l'], ['figure', 'l'], ['measured', 'r'], ['target', 'l'], ['result', 'l']];
  return `${table(columns, rows)}\n\n${table(checkColumns, checks)}`;
}

/** The 3-node PostgreSQL run: per node req/s, CPU per request and answers, then whether the limit held. */
export function formatMultiNode(run) {
  const columns = [['node', 'l'], ['req/s', 'r'], ['p99 ms', 'r'], ['CPU µs/req', 'r'], ['wrk CPU', 'r'], ['opened', 'r'], ['closed', 'r'], ['refused', 'r'], ['errors', 'r']];
  const rows = run.nodes.map((n) => [`node ${n.node}`, whole(n.requestsPerSecond), ms(n.p99Ms), n.cpuMicrosPerRequest.toFixed(0), `${n.loadCpuPercent.toFixed(0)}%`, n.statuses['201'] ?? 0, n.statuses['200'] ?? 0, n.statuses['409'] ?? 0, n.errors]);
  return (
    `3 nodes on one PostgreSQL database, session open+close on a concurrent license of ${run.quantity}, wrk -t1 -c${run.connectionsPerNode} per node\n\n` +
    `${table(columns, rows)}\n\n` +
    `limit held: at most ${run.mostAtOnce} of ${run.quantity} sessions live in ${run.samples.toLocaleString('en')} snapshots of the database during the run — ${run.limitHeld ? 'PASS' : 'FAIL'}`
  );
}

export function writeJson(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
}
