import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { startAllot, type Allot } from './support.js';

const sdkDir = fileURLToPath(new URL('..', import.meta.url));

/** The first ```js block under "## Protect your app" in the README. */
function readmeExample(): string {
  const readme = readFileSync(`${sdkDir}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Protect your app'));
  const block = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('the README has no js block under "Protect your app"');
  return block;
}

describe.each(dialects)('the README example (%s)', (dialect) => {
  let allot: Allot;
  beforeAll(async () => {
    allot = await startAllot(dialect);
  }, 60_000);
  afterAll(async () => {
    await allot?.stop();
  });

  it('runs as written against a real server: access checked, session held and closed, hits recorded', async () => {
    const ok = async (method: string, path: string, body?: unknown) => {
      const answer = await allot.call(method, path, body);
      if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    await ok('POST', '/v1/products', { code: 'crm', name: 'CRM', modules: ['reports', 'desk', 'export'].map((code) => ({ code, name: code })) });
    const t = (await ok('POST', '/v1/tenants', { name: 'Readme', customerCode: 'README' })).id as string;
    const user = (await ok('POST', `/v1/tenants/${t}/users`, { email: 'ada@readme.test', name: 'Ada' })).id as string;
    const named = await ok('POST', `/v1/tenants/${t}/licenses`, { code: 'reports', name: 'Reports', model: 'named', product: 'crm', modules: ['reports'], quantity: 1 });
    await ok('POST', `/v1/tenants/${t}/licenses/${named.id}/assignments`, { userIds: [user] });
    await ok('POST', `/v1/tenants/${t}/licenses`, { code: 'desk', name: 'Desk', model: 'concurrent', product: 'crm', modules: ['desk'], quantity: 1 });
    const hits = await ok('POST', `/v1/tenants/${t}/licenses`, { code: 'export', name: 'Export', model: 'hits', product: 'crm', modules: ['export'], quantity: 1000 });
    const appKey = (await ok('POST', `/v1/tenants/${t}/api-keys`, { kind: 'app' })).key as string;

    // Inside the package, so that `@allot/sdk` resolves as it does for an application.
    const script = `${sdkDir}.readme-example-${randomBytes(4).toString('hex')}.mjs`;
    writeFileSync(script, readmeExample());
    try {
      const env = { ...process.env, ALLOT_URL: allot.url, ALLOT_APP_KEY: appKey, ALLOT_TENANT: t, ALLOT_USER: user };
      const { stdout } = await promisify(execFile)(process.execPath, [script], { env, timeout: 30_000 });
      const [, code, sessionId] = /^done (\S+) (\S+)$/m.exec(stdout) ?? [];
      expect(code).toBe('licensed');
      expect((await ok('GET', `/v1/tenants/${t}/sessions/${sessionId}`)).endReason).toBe('logout');
      expect((await ok('GET', `/v1/tenants/${t}/licenses/${hits.id}/usage`)).used).toBe(4);
    } finally {
      rmSync(script, { force: true });
    }
  }, 60_000);
});
