import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../test-support/cluster.js';
import { dialects } from '../../../test-support/databases.js';
import { adminToken } from '../../../test-support/http.js';
import { callNode, startServerProcess, type ServerProcess } from '../../../test-support/processes.js';

const postgresOnly = dialects.filter((d) => d === 'postgres');

describe.each(postgresOnly)('three server processes on one %s database', () => {
  let cluster: Cluster;
  let nodes: ServerProcess[] = [];

  beforeAll(async () => {
    // An empty database: the three nodes migrate it concurrently at start.
    cluster = await startCluster({ migrate: false });
    nodes = cluster.nodes;
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
  });

  it('keeps every unique rule exact when 150 requests race across the nodes', async () => {
    const tenant = await callNode(nodes[0]?.url ?? '', 'POST', '/v1/tenants', adminToken, { name: 'Race', customerCode: 'RACE' });
    expect(tenant.status).toBe(201);
    const emails = Array.from({ length: 30 }, (_, i) => `racer${i}@example.com`);
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) => {
        const node = nodes[i % nodes.length] as ServerProcess;
        return callNode(node.url, 'POST', `/v1/tenants/${tenant.body.id}/users`, adminToken, { email: emails[i % emails.length], name: `Racer ${i}` });
      }),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(30);
    expect(answers.filter((a) => a.status === 409 && a.body.code === 'already_exists')).toHaveLength(120);
    const list = await callNode(nodes[1]?.url ?? '', 'GET', `/v1/tenants/${tenant.body.id}/users?limit=500`, adminToken);
    expect(list.body.items).toHaveLength(30);
    const audit = await callNode(nodes[2]?.url ?? '', 'GET', `/v1/tenants/${tenant.body.id}/audit?action=user.created&limit=500`, adminToken);
    expect(audit.body.items).toHaveLength(30);
  });

  it('never moves a test clock backwards whatever the interleaving', async () => {
    const tenant = await callNode(nodes[0]?.url ?? '', 'POST', '/v1/tenants', adminToken, { name: 'Clock', customerCode: 'CLOCK', mode: 'sandbox', clock: '2024-01-01T00:00:00Z' });
    const targets = Array.from({ length: 60 }, (_, i) => `2024-01-01T${String(Math.floor(i / 6)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00Z`);
    const answers = await Promise.all(
      targets.map((to, i) => callNode((nodes[i % 3] as ServerProcess).url, 'POST', `/v1/tenants/${tenant.body.id}/clock`, adminToken, { to })),
    );
    expect(answers.every((a) => a.status === 200 || (a.status === 409 && a.body.code === 'clock_backwards'))).toBe(true);
    const latest = [...targets].sort().at(-1);
    const final = await callNode(nodes[2]?.url ?? '', 'GET', `/v1/tenants/${tenant.body.id}`, adminToken);
    expect(final.body.clock).toBe(latest?.replace('Z', '.000Z'));
    // Every accepted move is in the audit log, in an order that only ever goes forward.
    const audit = await callNode(nodes[1]?.url ?? '', 'GET', `/v1/tenants/${tenant.body.id}/audit?action=tenant.clock_advanced&limit=500`, adminToken);
    expect(audit.body.items).toHaveLength(answers.filter((a) => a.status === 200).length);
  });

  it('answers health and readiness on every node', async () => {
    for (const node of nodes) {
      expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    }
  });
});

describe('one server process on SQLite', () => {
  it('starts on a fresh data dir, makes the admin key file with mode 0600 and serves it', async () => {
    const { mkdtempSync, readFileSync, statSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-fresh-'));
    const node = await startServerProcess({ ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: '' });
    try {
      const tokenFile = join(dataDir, 'admin-token');
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const key = readFileSync(tokenFile, 'utf8').trim();
      expect(node.output()).toContain(key);
      expect(statSync(join(dataDir, 'allot.sqlite')).isFile()).toBe(true);
      expect((await callNode(node.url, 'GET', '/v1/tenants', key)).status).toBe(200);
    } finally {
      await node.stop();
    }
    // A second start finds the key and makes no other.
    const again = await startServerProcess({ ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: '' });
    try {
      expect(again.output()).not.toContain('shown once');
    } finally {
      await again.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
