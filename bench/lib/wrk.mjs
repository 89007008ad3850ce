import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childCpuMicrosOf } from './proc.mjs';
import { trackChild } from './cleanup.mjs';

// wrk (https://github.com/wg/wrk) is the load generator: a separate C process, so that the
// benchmark's own JavaScript never competes with the server for the event loop. Request bodies
// that change per request (session ids, idempotency keys) are made by its Lua scripts.

function wrkAnswers() {
  const probe = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return probe.error === undefined;
}

/**
 * Makes sure `wrk` is on the PATH: installs Debian's package with apt-get when it is missing and
 * this process may (root); otherwise throws saying how.
 */
export function ensureWrk() {
  if (wrkAnswers()) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version']).error === undefined;
  if (!isRoot || !hasApt) {
    throw new Error('the benchmark needs wrk: install it with `sudo apt-get install wrk` (Debian, Ubuntu) or `brew install wrk`, then run again');
  }
  process.stdout.write('wrk is missing: installing it with apt-get…\n');
  for (const args of [['install', '-y', '-q', 'wrk'], ['update', '-q'], ['install', '-y', '-q', 'wrk']]) {
    spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (args[0] === 'install' && wrkAnswers()) return;
  }
  throw new Error('apt-get could not install wrk; install it by hand and run again');
}

/** `text` as a Lua long string literal, whatever brackets it holds. */
export function luaString(text) {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[\n${text}]${level}]`;
}

/** A Lua table constructor of string keys and values. */
export function luaTable(record) {
  return `{ ${Object.entries(record).map(([k, v]) => `[ ${luaString(k)} ] = ${luaString(String(v))}`).join(', ')} }`;
}

// Every script ends with this: the figures of the run as one JSON line, with the statuses the
// threads counted (scripts that read answers keep `statuses`, a global, so `thread:get` finds it).
const reporting = `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local statuses = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then for k, v in pairs(s) do statuses[k] = (statuses[k] or 0) + v end end
  end
  local parts = {}
  for k, v in pairs(statuses) do parts[#parts + 1] = string.format('"%s":%d', tostring(k), v) end
  local e = summary.errors
  io.write(string.format('BENCH_RESULT {"requests":%d,"durationMicros":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Micros":%d,"p99Micros":%d,"statuses":{%s}}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), table.concat(parts, ",")))
end
`;

/** A script that sends one request over and over. */
export function fixedRequestScript({ method = 'GET', headers = {}, body }) {
  return [
    `wrk.method = ${luaString(method)}`,
    `for k, v in pairs(${luaTable(headers)}) do wrk.headers[k] = v end`,
    body === undefined ? '' : `wrk.body = ${luaString(body)}`,
    reporting,
  ].join('\n');
}

/**
 * Session open+close pairs: each connection opens a session (POST `path` with `body`) unless one
 * that an earlier answer opened is waiting to be closed (DELETE `path`/id). Counts the statuses
 * answered; a refused open (409) is counted and opened again later.
 */
export function sessionPairsScript({ path, headers, body }) {
  return `
local path = ${luaString(path)}
local openHeaders = ${luaTable({ ...headers, 'content-type': 'application/json' })}
local closeHeaders = ${luaTable(headers)}
local body = ${luaString(body)}
local waiting, first, last = {}, 1, 0
statuses = {}
function request()
  if first <= last then
    local id = waiting[first]
    waiting[first] = nil
    first = first + 1
    return wrk.format("DELETE", path .. "/" .. id, closeHeaders, nil)
  end
  return wrk.format("POST", path, openHeaders, body)
end
function response(status, headers, answer)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    last = last + 1
    waiting[last] = string.match(answer, '"id":"(ses_[^"]+)"')
  end
end
${reporting}`;
}

/**
 * Batches of `size` hit events, each with an idempotency key never sent before: `prefix` (unique
 * per run), the thread and a counter. `event` is the JSON of one event without its key.
 */
export function uniqueHitsScript({ path, headers, event, size, prefix }) {
  const head = event.replace(/}$/, ',"idempotencyKey":"');
  return `
local head = ${luaString(head)}
local prefix = ${luaString(prefix)}
local headers = ${luaTable({ ...headers, 'content-type': 'application/json' })}
local batch = 0
local id = tostring(math.random(1, 1000000000))
function init() math.randomseed(os.time()) id = tostring(math.random(1, 1000000000)) end
function request()
  batch = batch + 1
  local events = {}
  local stem = head .. prefix .. "-" .. id .. "-" .. batch .. "-"
  for i = 1, ${size} do events[i] = stem .. i .. '"}' end
  return wrk.format("POST", ${luaString(path)}, headers, '{"events":[' .. table.concat(events, ",") .. ']}')
end
${reporting}`;
}

/**
 * Runs wrk (`-t1 -c<connections> -d<seconds>s` by default) with a Lua script against `url` and
 * answers its figures, with the CPU wrk itself used: a wrapping shell reaps wrk and prints its own
 * /proc/<pid>/stat, whose children's-time fields are exactly wrk's.
 */
export async function runWrk({ url, script, connections, seconds, threads = 1 }) {
  const dir = mkdtempSync(join(tmpdir(), 'allot-bench-wrk-'));
  const scriptPath = join(dir, 'script.lua');
  writeFileSync(scriptPath, script);
  const args = ['-c', `wrk "$@"; status=$?; echo WRK_STAT >&2; cat /proc/$$/stat >&2; exit $status`, 'sh', `-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', scriptPath, url];
  try {
    const child = spawn('sh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    const resultLine = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
    const statText = stderr.split('WRK_STAT\n')[1];
    if (code !== 0 || resultLine === undefined || statText === undefined) throw new Error(`wrk failed (${code}):\n${stdout}\n${stderr}`);
    const r = JSON.parse(resultLine.slice('BENCH_RESULT '.length));
    const wallMicros = r.durationMicros;
    return {
      requests: r.requests,
      requestsPerSecond: (r.requests * 1e6) / wallMicros,
      wallMicros,
      p50Ms: r.p50Micros / 1000,
      p99Ms: r.p99Micros / 1000,
      errors: r.connectErrors + r.readErrors + r.writeErrors + r.timeouts,
      statusErrors: r.statusErrors,
      statuses: r.statuses,
      loadCpuPercent: (100 * childCpuMicrosOf(statText)) / wallMicros,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
