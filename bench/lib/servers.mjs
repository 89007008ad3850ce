import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { defer, removeTempDir, trackChild, trackTempDir } from './cleanup.mjs';
import { cpuMicrosOf } from './proc.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const yardstickScript = fileURLToPath(new URL('../yardstick.mjs', import.meta.url));

/**
 * How `npm start` runs the server: the environment it sets (glibc's malloc arenas) and the Node flags
 * it gives (the young generation's size), read from the start script itself, so that the bench
 * measures the server as it is run.
 */
function serverLaunch(root) {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const found = /&& ((?:[A-Z_]+=\S+ )*)node((?: --[\w-]+(?:=\S+)?)*) packages\/cli\/dist\/main\.js serve\b/.exec(scripts.start);
  if (found === null) throw new Error(`package.json's start script does not run [VAR=value …] node … packages/cli/dist/main.js serve: ${scripts.start}`);
  const words = (text) => text.split(' ').filter((word) => word !== '');
  return { env: Object.fromEntries(words(found[1]).map((pair) => pair.split('='))), flags: words(found[2]) };
}

/** A port nothing listens on right now (the OS picks it). */
export async function freePort() {
  const probe = createServer();
  await new Promise((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts `node <args>` from `cwd` (this repository) with only the given environment (plus PATH and
 * HOME), so a DATABASE_URL or NODE_OPTIONS in the caller's shell cannot leak into a run.
 * Answers once `GET /healthz` is 200; `stop()` ends it with SIGTERM (SIGKILL after 5 s);
 * `restart()` stops it and starts a new process on the same port (`pid` is then the new one's).
 */
async function startNode(name, args, env, cwd = repoRoot) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let current = null;

  const launch = async () => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    trackChild(child);
    // Keep the tail of the output to explain a crash; reading also keeps the pipes from filling up.
    let output = '';
    const keep = (chunk) => (output = (output + chunk).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const end = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    };
    current = { child, end };

    const deadline = Date.now() + 30_000;
    let died = null;
    void exited.then((how) => (died = how));
    while (true) {
      if (died !== null) throw new Error(`${name} exited (${died.code ?? died.signal}) before it was healthy:\n${output}`);
      if (Date.now() > deadline) {
        await end();
        throw new Error(`${name} was not healthy at ${url}/healthz within 30 s:\n${output}`);
      }
      const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
      if (status === 200) return;
      await sleep(100);
    }
  };

  const stop = defer(() => current.end());
  await launch();
  return {
    url,
    get pid() {
      return current.child.pid;
    },
    stop,
    restart: async () => {
      await current.end();
      await launch();
    },
    cpuMicros: () => cpuMicrosOf(current.child.pid),
  };
}

/**
 * The Allot server in a child process over a fresh data directory, SQLite (at `sqlitePath`) unless
 * `databaseUrl`; nodes of one PostgreSQL database share `adminToken` and `secretKey`. `root` is the
 * checkout whose build runs (this one unless bench:compare says another). `call()` sends one
 * request and checks its status; `send()` answers status and raw text.
 */
export async function startAllot({ databaseUrl, profileDir, adminToken = `bench_${randomBytes(24).toString('hex')}`, secretKey, root = repoRoot } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'allot-bench-'));
  trackTempDir(dataDir);
  const removeDataDir = defer(() => removeTempDir(dataDir));
  const launch = serverLaunch(root);
  const nodeArgs = launch.flags;
  if (profileDir !== undefined) {
    mkdirSync(profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  }
  const env = { ...launch.env, HOST: '127.0.0.1', ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: adminToken, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  if (secretKey !== undefined) env.ALLOT_SECRET_KEY = secretKey;
  const server = await startNode('allot', [...nodeArgs, 'packages/cli/dist/main.js', 'serve'], env, root);

  const send = async ({ method = 'GET', path, headers = {}, body }) => {
    const response = await fetch(server.url + path, { method, headers, body });
    return { status: response.status, text: await response.text() };
  };
  const call = async (method, path, { token = adminToken, body, expect = 200 } = {}) => {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const answer = await send({ method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (answer.status !== expect) throw new Error(`${method} ${path}: expected ${expect}, got ${answer.status}: ${answer.text}`);
    return answer.text === '' ? null : JSON.parse(answer.text);
  };
  return {
    url: server.url,
    get pid() {
      return server.pid;
    },
    cpuMicros: server.cpuMicros,
    restart: server.restart,
    sqlitePath: databaseUrl === undefined ? join(dataDir, 'allot.sqlite') : null,
    adminToken,
    send,
    call,
    stop: async () => {
      await server.stop();
      await removeDataDir();
    },
  };
}

/**
 * A yardstick (see yardstick.mjs) answering each method with the `{ method, status, body }` Allot
 * answered to it, after `work`; SQLite work uses a file in a fresh temp dir, PostgreSQL work the
 * database at `databaseUrl`. `server` is `node:http` (the floor) or `fastify` (a bare Fastify app).
 */
export async function startYardstick({ answers, work = 'parse', databaseUrl, server: kind = 'node:http' }) {
  const env = { YARDSTICK_ANSWERS: JSON.stringify(answers), YARDSTICK_WORK: work, YARDSTICK_SERVER: kind };
  let removeDataDir = async () => {};
  if (work.startsWith('sqlite-')) {
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-bench-yardstick-'));
    trackTempDir(dataDir);
    removeDataDir = defer(() => removeTempDir(dataDir));
    env.YARDSTICK_SQLITE_PATH = join(dataDir, 'yardstick.sqlite');
  }
  if (work.startsWith('pg-')) env.DATABASE_URL = databaseUrl;
  const server = await startNode(`yardstick (${kind}, ${work})`, [yardstickScript], env);
  return {
    url: server.url,
    get pid() {
      return server.pid;
    },
    cpuMicros: server.cpuMicros,
    restart: server.restart,
    stop: async () => {
      await server.stop();
      await removeDataDir();
    },
  };
}
