import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { startAllot, until, type Allot } from './support.js';

const sdkDir = fileURLToPath(new URL('..', import.meta.url));

/** The first ```js block under the README heading `## <heading>`. */
function readmeExample(heading: string): string {
  const readme = readFileSync(`${sdkDir}README.md`, 'utf8');
  const start = readme.indexOf(`## ${heading}\n`);
  if (start === -1) throw new Error(`the README has no section "${heading}"`);
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
  if (block === undefined) throw new Error(`the README has no js block under "${heading}"`);
  return block;
}

describe.each(dialects)('the README examples (%s)', (dialect) => {
  let allot: Allot;
  let t = '';
  let user = '';
  let appKey = '';
  let hitsId = '';
  const ok = async (method: string, path: string, body?: unknown) => {
    const answer = await allot.call(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  /** Writes the block of the README section next to the package, so that `@allot/sdk` resolves as it does for an application, and runs it. */
  function runExample(heading: string): { result: Promise<{ stdout: string }>; output: () => string } {
    const script = `${sdkDir}.readme-example-${randomBytes(4).toString('hex')}.mjs`;
    writeFileSync(script, readmeExample(heading));
    const env = { ...process.env, ALLOT_URL: allot.url, ALLOT_APP_KEY: appKey, ALLOT_TENANT: t, ALLOT_USER: user };
    let out = '';
    const run = promisify(execFile)(process.execPath, [script], { env, timeout: 45_000 });
    run.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const result = run.finally(() => rmSync(script, { force: true }));
    return { result, output: () => out };
  }

  beforeAll(async () => {
    allot = await startAllot(dialect);
    await ok('POST', '/v1/products', { code: 'crm', name: 'CRM', modules: ['reports', 'desk', 'export', 'studio', 'field'].map((code) => ({ code, name: code })) });
    t = (await ok('POST', '/v1/tenants', { name: 'Readme', customerCode: 'README' })).id as string;
    user = (await ok('POST', `/v1/tenants/${t}/users`, { email: 'ada@readme.test', name: 'Ada' })).id as string;
    const named = await ok('POST', `/v1/tenants/${t}/licenses`, { code: 'reports', name: 'Reports', model: 'named', product: 'crm', modules: ['reports'], quantity: 1 });
    await ok('POST', `/v1/tenants/${t}/licenses/${named.id}/assignments`, { userIds: [user] });
    for (const module of ['desk', 'studio', 'field']) {
      await ok('POST', `/v1/tenants/${t}/licenses`, { code: module, name: module, model: 'concurrent', product: 'crm', modules: [module], quantity: 1, maxBorrowDays: module === 'field' ? 7 : 0 });
    }
    hitsId = (await ok('POST', `/v1/tenants/${t}/licenses`, { code: 'export', name: 'Export', model: 'hits', product: 'crm', modules: ['export'], quantity: 1000 })).id;
    appKey = (await ok('POST', `/v1/tenants/${t}/api-keys`, { kind: 'app' })).key as string;
  }, 60_000);
  afterAll(async () => {
    await allot?.stop();
  });

  it('Protect your app: access checked, session held and closed, hits recorded', async () => {
    const { stdout } = await runExample('Protect your app').result;
    const [, code, sessionId] = /^done (\S+) (\S+)$/m.exec(stdout) ?? [];
    expect(code).toBe('licensed');
    expect((await ok('GET', `/v1/tenants/${t}/sessions/${sessionId}`)).endReason).toBe('logout');
    expect((await ok('GET', `/v1/tenants/${t}/licenses/${hitsId}/usage`)).used).toBe(4);
  }, 60_000);

  it('Wait for a license: in line while another holds the license, the session once it is closed', async () => {
    const other = (await ok('POST', `/v1/tenants/${t}/users`, { email: 'bo@readme.test', name: 'Bo' })).id as string;
    const holder = await allot.call('POST', `/v1/tenants/${t}/sessions`, { userId: other, modules: ['crm:studio'] }, appKey);
    expect(holder.status).toBe(201);
    const example = runExample('Wait for a license');
    await until(() => example.output().includes('number 1 in line\n'), 'the example to queue', 20_000);
    await ok('DELETE', `/v1/tenants/${t}/sessions/${holder.body.id}`);
    const { stdout } = await example.result;
    const [, sessionId] = /^got (\S+)$/m.exec(stdout) ?? [];
    expect(await ok('GET', `/v1/tenants/${t}/sessions/${sessionId}`)).toMatchObject({ userId: user, modules: [expect.objectContaining({ module: 'crm:studio' })], endReason: 'logout' });
  }, 60_000);

  it('Borrow for offline work: borrowed, the lease verified with the pinned keys, returned', async () => {
    const { stdout } = await runExample('Borrow for offline work').result;
    const [, borrowId, end] = /^returned (\S+) (\S+)$/m.exec(stdout) ?? [];
    const borrows = await ok('GET', `/v1/tenants/${t}/borrows`);
    expect(borrows.items).toEqual([expect.objectContaining({ id: borrowId, userId: user, modules: ['crm:field'], until: end, state: 'returned' })]);
  }, 60_000);
});
