import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@allot/core';
import { insertEvent, newId } from '@allot/storage';
import { clusterSuite } from '../../../test-support/cluster.js';
import { createTestDatabase, dialects } from '../../../test-support/databases.js';
import { adminToken } from '../../../test-support/http.js';
import { callNode, startServerProcess, type ServerProcess } from '../../../test-support/processes.js';
import { startReceiver, type Receiver } from '../../../test-support/webhook-receiver.js';

// Quick rounds and a short lease, so that nothing here waits long.
const webhookEnv = { ALLOT_DELIVERY_INTERVAL_MS: '100', ALLOT_WEBHOOK_TIMEOUT_MS: '2000', ALLOT_WEBHOOK_LEASE_MS: '3000' };

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(dialects.filter((d) => d === 'postgres'))('webhooks on three server processes (%s)', () => {
  const cluster = clusterSuite(webhookEnv);

  it('delivers each of 200 events exactly once to a healthy receiver', async () => {
    const [first] = cluster.nodes as [ServerProcess];
    const receiver = await startReceiver(200);
    receivers.push(receiver);
    const tenant = (await callNode(first.url, 'POST', '/v1/tenants', adminToken, { name: 'Hooks', customerCode: 'HOOKS' })).body;
    const hook = (await callNode(first.url, 'POST', '/v1/webhooks', adminToken, { url: receiver.url, events: ['license.threshold_reached'] })).body;
    expect(hook.secret).toMatch(/^whsec_/);

    // Written while the nodes fan out and deliver, in batches; some with ids a little in the past,
    // as a writer whose transaction commits late leaves them.
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      for (let i = 0; i < 20; i++) {
        const id = newId('evt', i === 7 ? Date.now() - 3000 : Date.now());
        ids.push(id);
        const now = new Date().toISOString();
        await insertEvent(cluster.store.db, { id, tenantId: tenant.id, type: 'license.threshold_reached', payload: { batch, i }, at: now }, now);
      }
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await until(() => new Set(receiver.received.map((r) => r.headers['allot-event-id'])).size >= ids.length, '200 distinct events');
    // Time for any second copy to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const counts = new Map<string, number>();
    for (const got of receiver.received) {
      const id = String(got.headers['allot-event-id']);
      counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(verifyWebhookSignature(got.body, String(got.headers['allot-signature']), hook.secret, { toleranceSeconds: 60 })).toMatchObject({ valid: true });
      expect(JSON.parse(got.body).id).toBe(id);
    }
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.received).toHaveLength(200);
    const rows = await cluster.store.db.selectFrom('deliveries').select(['status', 'attempt']).where('channel', '=', 'webhooks').where('recipient', '=', hook.id).execute();
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.status === 'delivered' && Number(r.attempt) === 1)).toBe(true);
  }, 120_000);
});

describe.each(dialects)('a webhook delivery survives a server killed with SIGKILL (%s)', (dialect) => {
  it('delivers after the restart what the killed process was sending, with the same event id', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-hook-kill-'));
    const database = dialect === 'postgres' ? await createTestDatabase('postgres') : null;
    const env = { ...webhookEnv, ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: adminToken, ...(database === null ? {} : { DATABASE_URL: database.url }) };
    let node = await startServerProcess(env);
    const receiver = await startReceiver(200);
    receivers.push(receiver);
    try {
      // The first request is left unanswered, and the server is killed while it waits for it.
      receiver.queue.push('hang');
      const killed = new Promise<void>((resolve) => {
        receiver.onRequest = () => {
          receiver.onRequest = undefined;
          node.child.kill('SIGKILL');
          node.child.once('exit', () => resolve());
        };
      });
      const hook = (await callNode(node.url, 'POST', '/v1/webhooks', adminToken, { url: receiver.url, events: ['license.expired'] })).body;
      const ping = await callNode(node.url, 'POST', `/v1/webhooks/${hook.id}/ping`, adminToken);
      expect(ping.status).toBe(202);
      await killed;
      expect(receiver.received).toHaveLength(1);

      node = await startServerProcess(env);
      await receiver.waitFor(2, 30_000);
      expect(receiver.received.map((r) => r.headers['allot-event-id'])).toEqual([ping.body.eventId, ping.body.eventId]);
      await until(async () => (await callNode(node.url, 'GET', `/v1/webhooks/${hook.id}/deliveries`, adminToken)).body.items[0]?.status === 'delivered', 'the delivery log', 10_000);
      const [entry] = (await callNode(node.url, 'GET', `/v1/webhooks/${hook.id}/deliveries`, adminToken)).body.items;
      expect(entry).toMatchObject({ eventId: ping.body.eventId, status: 'delivered', attempt: 2, responseStatus: 200 });
    } finally {
      await node.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
