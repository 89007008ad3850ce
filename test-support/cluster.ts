import { randomBytes } from 'node:crypto';
import { openStore, type Store } from '@allot/storage';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from './databases.js';
import { adminToken, createTestApp, type TestApp } from './http.js';
import { callNode, startServerProcess, type ServerProcess } from './processes.js';

export interface Cluster {
  database: TestDatabase;
  nodes: ServerProcess[];
  stop(): Promise<void>;
}

/**
 * Several `allot serve` processes on one fresh PostgreSQL database, as in a multi-node deployment.
 * With `migrate: false` the database starts empty and the nodes migrate it concurrently.
 */
export async function startCluster(options: { size?: number; migrate?: boolean; env?: Record<string, string> } = {}): Promise<Cluster> {
  const database = await createTestDatabase('postgres', { migrate: options.migrate ?? true });
  // Every node of one database seals and opens its signing keys with the same secret key.
  const secretKey = randomBytes(32).toString('base64');
  const nodes = await Promise.all(
    Array.from({ length: options.size ?? 3 }, () => startServerProcess({ ...options.env, DATABASE_URL: database.url, ALLOT_ADMIN_TOKEN: adminToken, ALLOT_SECRET_KEY: secretKey })),
  );
  return {
    database,
    nodes,
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
      await database.drop();
    },
  };
}

export interface ClusterSuite {
  nodes: ServerProcess[];
  /** A store of this process on the cluster's database, to hold the API's answers against the rows. */
  store: Store;
}

/**
 * Registers a race suite's cluster: three nodes on one fresh PostgreSQL database before its tests,
 * and a store here on the same database; all stopped, and the database dropped, after them. The
 * fields are set once the `beforeAll` has run.
 */
export function clusterSuite(env?: Record<string, string>): ClusterSuite {
  const suite = { nodes: [] as ServerProcess[] } as ClusterSuite;
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(env === undefined ? {} : { env });
    suite.nodes = cluster.nodes;
    suite.store = openStore({ databaseUrl: cluster.database.url, poolSize: 2 });
  }, 120_000);
  afterAll(async () => {
    await suite.store?.close();
    await cluster?.stop();
  });
  return suite;
}

/** One API call of a race: a node's, or the test app's; `key` defaults to the admin token. */
export type RaceCall = (method: string, path: string, body?: unknown, key?: string) => Promise<{ status: number; body: any }>;

/** A race and its checks, given one caller per node (spread the racers over them) and a store on their database. */
export type Race = (calls: RaceCall[], store: Store) => Promise<void>;

/**
 * Each race of `races` (title → race) twice: on three server processes sharing one PostgreSQL
 * database (left out when no PostgreSQL answers, and failed for it under CI), and in one process on
 * SQLite. `realClock` runs the SQLite app on the wall clock, for races on a live tenant's sessions.
 */
export function raceOnBoth(subject: string, races: Record<string, Race>, options: { realClock?: boolean } = {}): void {
  describe.each(dialects.filter((d) => d === 'postgres'))(`${subject} under a race on three server processes (%s)`, () => {
    const cluster = clusterSuite();
    const calls = (): RaceCall[] => cluster.nodes.map((node) => (method, path, body, key = adminToken) => callNode(node.url, method, path, key, body));
    for (const [title, race] of Object.entries(races)) it(title, () => race(calls(), cluster.store), 120_000);
  });

  describe(`${subject} under a race in one process (sqlite)`, () => {
    let t: TestApp;
    const call: RaceCall = (method, path, body, key) => t.call(method, path, { ...(body === undefined ? {} : { body }), ...(key === undefined ? {} : { key }) });
    beforeAll(async () => {
      t = await createTestApp('sqlite');
      if (options.realClock === true) t.clock.now = () => new Date().toISOString();
    });
    afterAll(() => t.close());
    for (const [title, race] of Object.entries(races)) it(title, () => race([call], t.store), 120_000);
  });
}
