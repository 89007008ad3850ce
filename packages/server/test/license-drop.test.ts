import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminToken } from '../../../test-support/http.js';
import { callNode, startServerProcess } from '../../../test-support/processes.js';

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('license.lic dropped into the data dir', () => {
  it('is loaded while the server runs and renamed .loaded; garbage is left in place and logged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-drop-'));
    const node = await startServerProcess({ ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'info' });
    const call = (method: string, path: string, body?: unknown) => callNode(node.url, method, path, adminToken, body);
    try {
      await call('POST', '/v1/products', { code: 'p', name: 'P', modules: [{ code: 'm', name: 'M' }] });
      const tenant = (await call('POST', '/v1/tenants', { name: 'Drop', customerCode: 'DROP' })).body.id;
      await call('POST', `/v1/tenants/${tenant}/licenses`, { code: 'dropped', name: 'Dropped', model: 'server', product: 'p' });
      const file = (await call('POST', `/v1/tenants/${tenant}/license-file`, { version: 1, expiresAt: '2031-01-01T00:00:00Z' })).body.file as string;
      // The tenant starts without the file's licenses: the manual one goes, the file brings it back.
      await call('DELETE', `/v1/tenants/${tenant}/licenses`);
      writeFileSync(join(dataDir, 'license.lic'), file);
      await until(() => existsSync(join(dataDir, 'license.lic.loaded')), 'license.lic.loaded');
      const licenses = await call('GET', `/v1/tenants/${tenant}/licenses`);
      expect(licenses.body.items.map((l: { code: string; source: string }) => [l.code, l.source])).toEqual([['dropped', 'license_file']]);
      expect((await call('GET', `/v1/tenants/${tenant}`)).body.status).toBe('licensed');

      writeFileSync(join(dataDir, 'license.lic'), 'this is not a license');
      await until(() => node.output().includes('license.lic refused'), 'the refusal in the log');
      expect(existsSync(join(dataDir, 'license.lic'))).toBe(true);
      expect((await call('GET', `/v1/tenants/${tenant}/licenses`)).body.items).toHaveLength(1);
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    } finally {
      await node.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
