import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '@allot/storage';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.js';
import { adminToken } from '../../../test-support/http.js';
import { callNode, startServerProcess, type ServerProcess } from '../../../test-support/processes.js';

export { adminToken };

/**
 * A real `allot serve` process on a database of `dialect` that can be killed and started again on
 * the same data. Its port changes on a restart; `fetch` follows it, as a load balancer in front of
 * the server would, so a client made once keeps working.
 */
export interface Allot {
  readonly url: string;
  node: ServerProcess;
  /** Calls the current server with the admin token (or `key`). */
  call(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any }>;
  /** A `fetch` for the SDK that sends every request to whichever process is current. */
  fetch: typeof fetch;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAllot(dialect: Dialect): Promise<Allot> {
  const dataDir = mkdtempSync(join(tmpdir(), 'allot-sdk-'));
  const database: TestDatabase | null = dialect === 'postgres' ? await createTestDatabase('postgres') : null;
  const env = { ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: adminToken, ...(database === null ? {} : { DATABASE_URL: database.url }) };
  let node = await startServerProcess(env);
  let down = false;
  const allot: Allot = {
    get url() {
      return node.url;
    },
    get node() {
      return node;
    },
    call: (method, path, body, key = adminToken) => callNode(node.url, method, path, key, body),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      // A stopped server refuses connections at once, as a dead host behind a balancer would.
      if (down) throw new TypeError('fetch failed: connection refused');
      const body = request.body === null ? null : await request.arrayBuffer();
      return globalThis.fetch(node.url + url.pathname + url.search, { method: request.method, headers: request.headers, body, signal: request.signal });
    },
    kill: async () => {
      down = true;
      node.child.kill('SIGKILL');
      await new Promise((resolve) => (node.child.exitCode !== null || node.child.signalCode !== null ? resolve(null) : node.child.once('exit', resolve)));
    },
    restart: async () => {
      node = await startServerProcess(env);
      down = false;
    },
    stop: async () => {
      await node.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return allot;
}

export interface Licensed {
  tenantId: string;
  appKey: string;
  /** Seated on the named license of `app:reports`. */
  alice: string;
  /** Known, but holds no seat. */
  bob: string;
  carol: string;
  /** The concurrent license of `app:desk` (two sessions at a time, heartbeatSeconds 10). */
  concurrentId: string;
  /** The hit license of `meter:m`. */
  hitsId: string;
}

/** A tenant with a named, a concurrent (quantity 2, the shortest heartbeat) and a hit license, three users and an app key. */
export async function licensedTenant(allot: Allot, code: string): Promise<Licensed> {
  const ok = async (method: string, path: string, body?: unknown) => {
    const answer = await allot.call(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  await ok('POST', '/v1/products', { code: 'app', name: 'App', modules: [{ code: 'desk', name: 'Desk' }, { code: 'reports', name: 'Reports' }] });
  await ok('POST', '/v1/products', { code: 'meter', name: 'Meter', modules: [{ code: 'm', name: 'M' }] });
  const t = (await ok('POST', '/v1/tenants', { name: 'SDK', customerCode: code })).id as string;
  const user = async (name: string) => (await ok('POST', `/v1/tenants/${t}/users`, { email: `${name}@sdk.test`, name })).id as string;
  const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
  const named = await ok('POST', `/v1/tenants/${t}/licenses`, { code: 'reports', name: 'Reports', model: 'named', product: 'app', modules: ['reports'], quantity: 5 });
  await ok('POST', `/v1/tenants/${t}/licenses/${named.id}/assignments`, { userIds: [alice] });
  const concurrent = await ok('POST', `/v1/tenants/${t}/licenses`, { code: 'desk', name: 'Desk', model: 'concurrent', product: 'app', modules: ['desk'], quantity: 2, heartbeatSeconds: 10 });
  const hits = await ok('POST', `/v1/tenants/${t}/licenses`, { code: 'meter', name: 'Meter', model: 'hits', product: 'meter', quantity: 1_000_000_000 });
  const appKey = (await ok('POST', `/v1/tenants/${t}/api-keys`, { kind: 'app' })).key as string;
  return { tenantId: t, appKey, alice, bob, carol, concurrentId: concurrent.id, hitsId: hits.id };
}

/** Waits until `check` holds, polling; fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
