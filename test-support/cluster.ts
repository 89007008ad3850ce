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
export async function startCluster(options: { size?: number; migrate?: boolean } = {}): Promise<Cluster> {
  const database = await createTestDatabase('postgres', { migrate: options.migrate ?? true });
  const nodes = await Promise.all(Array.from({ length: options.size ?? 3 }, () => startServerProcess({ DATABASE_URL: database.url, ALLOT_ADMIN_TOKEN: adminToken })));
  return {
    database,
    nodes,
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
      await database.drop();
    },
  };
}
