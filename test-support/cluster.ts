import { randomBytes } from 'node:crypto';
import { openStore, type Store } from '@allot/storage';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { adminToken } from './http.js';
import { startServerProcess, type ServerProcess } from './processes.js';

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
