import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { closeLiveSessions, concurrentLicense, sessionWork } from '../scenarios.mjs';
import { createDatabase } from './postgres.mjs';
import { startAllot } from './servers.mjs';
import { runWrk } from './wrk.mjs';

/**
 * Samples, every few milliseconds until `stop()`, the sessions live on the license as the database
 * sees them in one snapshot (not ended, not expired), and answers the most it saw and how often it
 * looked. Timestamps cannot show this afterwards: a session's start is read before the tenant's
 * lock, so an open that waited for a close may start "before" that close ended.
 */
async function watchLiveSessions(databaseUrl, licenseId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let most = 0;
  let samples = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await client.query(
        'select count(*)::int as live from sessions s join session_modules m on m.session_id = s.id where m.license_id = $1 and s.ended_at is null and s.expires_at > $2',
        [licenseId, new Date().toISOString()],
      );
      most = Math.max(most, rows[0].live);
      samples++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await sampling;
      await client.end();
      return { most, samples };
    },
  };
}

/**
 * Three Allot nodes on one PostgreSQL database, each loaded by its own wrk with session open+close
 * pairs on one concurrent license of `quantity`, far fewer than the connections: most opens are
 * refused. Answers per node req/s and CPU µs/request, and whether the license's limit held in
 * every snapshot taken meanwhile.
 */
export async function threeNodeRun({ seconds, connections, quantity = 10, say }) {
  const database = await createDatabase();
  const adminToken = `bench_${randomBytes(24).toString('hex')}`;
  const secretKey = randomBytes(32).toString('base64');
  const nodes = [];
  try {
    // One after the other: the first migrates the database.
    for (let i = 0; i < 3; i++) nodes.push(await startAllot({ databaseUrl: database.url, adminToken, secretKey }));
    const tenant = await concurrentLicense(nodes[0], quantity);
    const { script } = await sessionWork(nodes[0], tenant);
    say(`3 nodes · session open+close on a license of ${quantity}, ${connections} connections per node for ${seconds} s`);
    const perNode = Math.max(1, Math.round(connections / 2));
    const watch = await watchLiveSessions(database.url, tenant.licenseId);
    const before = nodes.map((n) => n.cpuMicros());
    const runs = await Promise.all(nodes.map((node) => runWrk({ url: node.url, script, connections: perNode, seconds })));
    const after = nodes.map((n) => n.cpuMicros());
    const held = await watch.stop();
    await closeLiveSessions(nodes[0], tenant);
    return {
      quantity,
      connectionsPerNode: perNode,
      nodes: runs.map((r, i) => ({
        node: i + 1,
        requestsPerSecond: r.requestsPerSecond,
        p99Ms: r.p99Ms,
        cpuMicrosPerRequest: (after[i] - before[i]) / Math.max(1, r.requests),
        loadCpuPercent: r.loadCpuPercent,
        statuses: r.statuses,
        errors: r.errors,
      })),
      samples: held.samples,
      mostAtOnce: held.most,
      limitHeld: held.most <= quantity,
    };
  } finally {
    for (const node of nodes.reverse()) await node.stop();
    await database.drop();
  }
}
