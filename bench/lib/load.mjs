import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import autocannon from 'autocannon';

/** The `p`th percentile of ascending `sorted` (nearest rank). */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * A scenario's work as a sequence of requests, each `{ method, path, headers, body }` plus, as in
 * autocannon's `requests` option, optional `setupRequest(request, context)` and
 * `onResponse(status, body, context)`: each connection goes through the sequence in turn, with a
 * fresh `context` every time round. One request on its own is a sequence of one.
 */
export function sequenceOf(work) {
  return 'requests' in work ? work.requests : [work];
}

/** Sends `sequence` once through `send(request)`, as autocannon would; answers each request's answer. */
export async function replay(sequence, send) {
  const context = {};
  const answers = [];
  for (const step of sequence) {
    const { setupRequest, onResponse, ...request } = step;
    const { method = 'GET', path, headers, body } = setupRequest === undefined ? request : setupRequest({ ...request }, context);
    const answer = await send({ method, path, headers, body });
    onResponse?.(answer.status, answer.text, context, {});
    answers.push({ method, path, ...answer });
  }
  return answers;
}

/**
 * Loads `server` with a scenario's work (see `sequenceOf`) for `duration` seconds from this
 * process and answers the figures the report needs; requests/s counts every request of a
 * sequence. Latencies are in milliseconds. `serverCpuMicrosPerRequest` is the server's CPU cost of
 * one request; `clientCpuPercent` shows whether this process, the load generator, was the limit
 * (near 100% means the server could have answered more).
 */
export async function load(server, work, { connections, duration }) {
  const sequence = sequenceOf(work);
  let options;
  if (sequence.length === 1 && sequence[0].setupRequest === undefined && sequence[0].onResponse === undefined) {
    const { path, method, headers, body } = sequence[0];
    options = { url: server.url + path, method, headers, connections, duration };
    if (body !== undefined) options.body = body;
  } else {
    // Each request carries its own method and headers: autocannon merges the top-level ones in.
    options = { url: server.url, connections, duration, requests: sequence };
  }
  const serverCpuBefore = server.cpuMicros();
  const clientCpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const run = autocannon(options);
  // autocannon's own histogram keeps whole milliseconds, too coarse for a sub-millisecond
  // yardstick; its `response` event has the exact time.
  const latencies = [];
  run.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await run;
  const wallMicros = (performance.now() - startedAt) * 1000;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const serverCpuAfter = server.cpuMicros();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    requests: result.requests.total,
    serverCpuMicrosPerRequest: serverCpuBefore === null || serverCpuAfter === null ? null : (serverCpuAfter - serverCpuBefore) / result.requests.total,
    clientCpuPercent: (100 * (clientCpu.user + clientCpu.system)) / wallMicros,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Problems that make a run's figures meaningless: any error or any non-2xx answer. */
export function problemsOf(figures) {
  const problems = [];
  if (figures.non2xx > 0) problems.push(`${figures.non2xx} non-2xx answers`);
  if (figures.errors > 0) problems.push(`${figures.errors} errors (${figures.timeouts} timeouts)`);
  return problems;
}

const columns = [
  ['database', 'l'],
  ['scenario', 'l'],
  ['server', 'l'],
  ['req/s', 'r'],
  ['p50 ms', 'r'],
  ['p99 ms', 'r'],
  ['CPU µs/req', 'r'],
  ['vs bare', 'r'],
  ['target', 'r'],
  ['result', 'l'],
];

const whole = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => n.toFixed(2);
const micros = (n) => (n === null ? '-' : n.toFixed(0));

/**
 * One row per server per scenario; the Allot row carries the ratio and the verdict. A scenario's
 * `rateNote` says what req/s counts; the yardstick is "node:http+sqlite" when it writes.
 */
export function formatTable(results) {
  const rows = [];
  for (const r of results) {
    const verdict = r.problems.length > 0 ? 'BROKEN' : r.target === null ? 'info' : r.pass ? 'PASS' : 'FAIL';
    const scenario = r.rateNote ? `${r.scenario} (req/s: ${r.rateNote})` : r.scenario;
    const yardstick = r.baselineWork === 'sqlite-write' ? 'node:http+sqlite' : 'node:http';
    rows.push([r.database, scenario, 'allot', whole(r.allot.requestsPerSecond), ms(r.allot.p50Ms), ms(r.allot.p99Ms), micros(r.allot.serverCpuMicrosPerRequest), `${r.ratioPercent.toFixed(1)}%`, r.target === null ? '-' : `≥ ${r.target}%${r.p99LimitMs === null ? '' : `, p99 ≤ ${r.p99LimitMs} ms`}`, verdict]);
    rows.push(['', '', yardstick, whole(r.baseline.requestsPerSecond), ms(r.baseline.p50Ms), ms(r.baseline.p99Ms), micros(r.baseline.serverCpuMicrosPerRequest), '', '', '']);
  }
  const widths = columns.map(([title], i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (columns[i][1] === 'r' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map(([title]) => title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function writeJson(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
}
