import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterSuite } from '../../../test-support/cluster.js';
import { createTestDatabase, dialects } from '../../../test-support/databases.js';
import { adminToken } from '../../../test-support/http.js';
import { callNode, startServerProcess } from '../../../test-support/processes.js';

type Call = (method: string, path: string, body?: unknown, key?: string) => Promise<{ status: number; body: any }>;

async function arrange(call: Call, quota: number, thresholdPercent?: number) {
  const tenant = await call('POST', '/v1/tenants', { name: 'Hits', customerCode: `HITS${Date.now()}` });
  const t = tenant.body.id as string;
  await call('POST', '/v1/products', { code: 'hp', name: 'Hits', modules: [{ code: 'm', name: 'M' }] });
  const license = await call('POST', `/v1/tenants/${t}/licenses`, { code: 'hits', name: 'Hits', model: 'hits', product: 'hp', quantity: quota, ...(thresholdPercent === undefined ? {} : { thresholdPercent }) });
  const appKey = (await call('POST', `/v1/tenants/${t}/api-keys`, { kind: 'app' })).body.key as string;
  return { t, licenseId: license.body.id as string, appKey };
}

const batchOf = (keys: string[]) => ({ events: keys.map((key) => ({ module: 'hp:m', kind: 'query', count: 1, idempotencyKey: key })) });
const accepted = (answer: { body: any }) => (answer.body?.results ?? []).filter((r: { status: string }) => r.status === 'accepted').length;

describe.each(dialects.filter((d) => d === 'postgres'))('hit quotas under a race on three server processes (%s)', () => {
  const cluster = clusterSuite();

  it('never counts past the quota, nor any idempotency key twice, and turns the threshold on once', async () => {
    const { nodes } = cluster;
    const calls: Call[] = nodes.map((node) => (method, path, body, key = adminToken) => callNode(node.url, method, path, key, body));
    const quota = 2500;
    // The threshold turns on at 2000 hits, which some batch crosses whatever the order.
    const setup = await arrange(calls[0] as Call, quota, 80);
    // 3000 distinct keys, each sent twice by different nodes at once: 60 batches of 100.
    const keys = Array.from({ length: 3000 }, (_, i) => `key-${i}`);
    const batches = [...Array.from({ length: 30 }, (_, i) => keys.slice(i * 100, i * 100 + 100)), ...Array.from({ length: 30 }, (_, i) => keys.slice(i * 100, i * 100 + 100).reverse())];
    const answers = await Promise.all(batches.map((batch, i) => (calls[i % 3] as Call)('POST', `/v1/tenants/${setup.t}/usage/hits`, batchOf(batch), setup.appKey)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const totalAccepted = answers.reduce((sum, a) => sum + accepted(a), 0);
    expect(totalAccepted).toBe(quota);
    const usage = await (calls[1] as Call)('GET', `/v1/tenants/${setup.t}/licenses/${setup.licenseId}/usage`);
    expect(usage.body.used).toBe(quota);
    expect(usage.body.hitYears[0].hits).toBe(quota);
    expect((await (calls[2] as Call)('GET', `/v1/tenants/${setup.t}/licenses/${setup.licenseId}`)).body.thresholdReached).toBe(true);
    const events = await (calls[0] as Call)('GET', `/v1/tenants/${setup.t}/events?type=license.threshold_reached`);
    expect(events.body.items.map((e: { data: { licenseId: string } }) => e.data.licenseId)).toEqual([setup.licenseId]);
    const acceptedKeys = new Set<string>();
    answers.forEach((a, i) =>
      a.body.results.forEach((r: { index: number; status: string }) => {
        if (r.status !== 'accepted') return;
        const key = batches[i]?.[r.index] ?? '';
        expect(acceptedKeys.has(key)).toBe(false);
        acceptedKeys.add(key);
      }),
    );
  }, 120_000);
});

describe.each(dialects)('hits survive a server killed with SIGKILL (%s)', (dialect) => {
  it('counts every acknowledged event after the restart, and a resend counts the rest once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-kill-'));
    // On PostgreSQL the server keeps its data in the database; the data dir (keys' secret) stays the same across the restart.
    const database = dialect === 'postgres' ? await createTestDatabase('postgres') : null;
    const env = { ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: adminToken, ...(database === null ? {} : { DATABASE_URL: database.url }) };
    let node = await startServerProcess(env);
    try {
      const call: Call = (method, path, body, key = adminToken) => callNode(node.url, method, path, key, body);
      const setup = await arrange(call, 1_000_000);
      const batches = Array.from({ length: 400 }, (_, b) => Array.from({ length: 50 }, (_, i) => `b${b}-e${i}`));
      const acknowledged: number[] = [];
      let next = 0;
      let killed = false;
      // Four clients send batches one after another; the server is killed mid-stream.
      const client = async () => {
        while (!killed && next < batches.length) {
          const b = next++;
          try {
            const answer = await callNode(node.url, 'POST', `/v1/tenants/${setup.t}/usage/hits`, setup.appKey, batchOf(batches[b] ?? []));
            if (answer.status === 200) acknowledged.push(b);
          } catch {
            return; // the connection died with the server
          }
        }
      };
      const clients = Promise.all([client(), client(), client(), client()]);
      while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 5));
      killed = true;
      node.child.kill('SIGKILL');
      await clients;
      const acked = new Set(acknowledged);

      node = await startServerProcess(env);
      const after = await callNode(node.url, 'GET', `/v1/tenants/${setup.t}/licenses/${setup.licenseId}/usage`, adminToken);
      // Every acknowledged batch is there; a batch cut off mid-flight is there whole or not at all.
      expect(after.body.used).toBeGreaterThanOrEqual(acked.size * 50);
      expect(after.body.used % 50).toBe(0);

      // Resending everything sent so far counts each event once.
      const sent = Array.from({ length: next }, (_, b) => b);
      const resent = await Promise.all(sent.map((b) => callNode(node.url, 'POST', `/v1/tenants/${setup.t}/usage/hits`, setup.appKey, batchOf(batches[b] ?? []))));
      for (const [i, answer] of resent.entries()) {
        if (acked.has(sent[i] ?? -1)) expect(accepted(answer)).toBe(0);
      }
      const final = await callNode(node.url, 'GET', `/v1/tenants/${setup.t}/licenses/${setup.licenseId}/usage`, adminToken);
      expect(final.body.used).toBe(next * 50);
    } finally {
      await node.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
