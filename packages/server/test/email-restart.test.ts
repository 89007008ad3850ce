import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDeliveries, openStore, type Delivery, type Store } from '@allot/storage';
import { createTestDatabase, dialects } from '../../../test-support/databases.js';
import { callNode, freePort, startServerProcess } from '../../../test-support/processes.js';
import { startSmtpPeer } from './smtp-peer.js';

const adminToken = 'email-restart-admin-token-0123456789';

async function waitFor<T>(what: string, probe: () => Promise<T | null>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(dialects)('e-mail across a crash on %s', (dialect) => {
  it(
    'a delivery pending when the server is killed with SIGKILL is delivered after the restart',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'allot-mail-crash-'));
      const database = dialect === 'postgres' ? await createTestDatabase('postgres') : null;
      // Nothing listens on the mail port yet: the first attempt is refused and the delivery waits for its retry.
      const smtpPort = await freePort();
      const env: Record<string, string> = {
        ALLOT_ADMIN_TOKEN: adminToken,
        ALLOT_DATA_DIR: dataDir,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        ALLOT_PUBLIC_URL: 'https://licenses.example.com',
        ...(database === null ? {} : { DATABASE_URL: database.url }),
      };
      let node = await startServerProcess(env);
      let store: Store | null = null;
      const smtp = { peer: null as Awaited<ReturnType<typeof startSmtpPeer>> | null };
      try {
        const call = async (method: string, path: string, body?: unknown) => {
          const answer = await callNode(node.url, method, path, adminToken, body);
          expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
          return answer.body;
        };
        const tenant = await call('POST', '/v1/tenants', { name: 'Crash AG', customerCode: `CRASH-${dialect}` });
        const t = `/v1/tenants/${tenant.id}`;
        const owner = await call('POST', `${t}/users`, { email: 'owner@crash.example', name: 'Owner', roles: ['owner'] });
        await call('POST', '/v1/products', { code: 'crm', name: 'CRM', modules: [{ code: 'core', name: 'Core' }] });
        const license = await call('POST', `${t}/licenses`, { code: 'CRM-1', name: 'CRM', model: 'named', product: 'crm', quantity: 1, thresholdPercent: 100 });
        await call('POST', `${t}/licenses/${license.id}/assignments`, { userIds: [owner.id] });

        store = database === null ? openStore({ sqlitePath: join(dataDir, 'allot.sqlite') }) : database.open();
        const reader = store;
        const theDelivery = async (): Promise<Delivery | undefined> => (await listDeliveries(reader.db, { channel: 'email' }, { limit: 10 })).items[0];
        const refused = await waitFor('the first attempt to be refused', async () => {
          const delivery = await theDelivery();
          return delivery !== undefined && delivery.status === 'pending' && delivery.attempt >= 1 && delivery.lastError !== null ? delivery : null;
        });
        expect(refused.address).toBe('owner@crash.example');

        await node.stop('SIGKILL');
        smtp.peer = await startSmtpPeer({ port: smtpPort });
        node = await startServerProcess(env);
        const peer = smtp.peer;
        const delivered = await waitFor('the retry after the restart', async () => {
          const delivery = await theDelivery();
          return delivery?.status === 'delivered' ? delivery : null;
        });
        expect(delivered.id).toBe(refused.id);
        expect(peer.received).toHaveLength(1);
        expect(peer.received[0]?.to).toEqual(['owner@crash.example']);
        expect(peer.received[0]?.raw).toContain('Subject: [Allot] License CRM-1 is 100% used');
        expect(peer.received[0]?.raw).toContain(`https://licenses.example.com/tenants/${tenant.id}/licenses/${license.id}`);
      } finally {
        await node.stop('SIGKILL');
        await store?.close();
        await smtp.peer?.close();
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
