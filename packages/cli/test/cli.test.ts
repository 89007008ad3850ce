import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test-support/databases.js';
import { callNode, freePort, startServerProcess, type ServerProcess } from '../../../test-support/processes.js';
import { startReceiver, type Receiver } from '../../../test-support/webhook-receiver.js';
import { runCli } from './run-cli.js';

const adminToken = 'cli-test-admin-token-0123456789';

/**
 * Every admin command once with --json against a real `allot serve` process, on each database:
 * one server per dialect, the commands run as separate processes as a person runs them. A test
 * starts a dozen or more processes in turn (a quarter of a second each on a busy two-core
 * machine), so each may take longer than the suite's default.
 */
describe.each(dialects)('the allot CLI against a server on %s', { timeout: 90_000 }, (dialect) => {
  let server: ServerProcess;
  let database: TestDatabase | null = null;
  let receiver: Receiver;
  let work: string;
  let env: Record<string, string>;
  let tenant = '';

  /** Runs a command in the tenant with --json and answers the parsed output. */
  const json = async (...args: string[]) => (await runCli([...args, '--json'], env)).json();

  beforeAll(async () => {
    database = dialect === 'postgres' ? await createTestDatabase('postgres') : null;
    server = await startServerProcess({ ALLOT_ADMIN_TOKEN: adminToken, ...(database === null ? {} : { DATABASE_URL: database.url }) });
    receiver = await startReceiver(200);
    work = mkdtempSync(join(tmpdir(), 'allot-cli-'));
    env = { ALLOT_URL: server.url, ALLOT_API_KEY: adminToken };
    const made = await json('tenants', 'create', '--name', 'Acme AG', '--customer-code', `ACME-${dialect}`, '--time-zone', 'Europe/Zurich');
    tenant = made.id;
    env.ALLOT_TENANT = tenant;
  });

  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('tenants: list, get, update, and a sandbox tenant created and deleted', async () => {
    expect((await json('tenants', 'list')).items.map((t: { id: string }) => t.id)).toContain(tenant);
    expect((await json('tenants', 'get', tenant)).customerCode).toBe(`ACME-${dialect}`);
    expect((await json('tenants', 'update', tenant, '--name', 'Acme Group')).name).toBe('Acme Group');
    const sandbox = await json('tenants', 'create', '--name', 'Try', '--customer-code', `TRY-${dialect}`, '--mode', 'sandbox');
    expect(sandbox.mode).toBe('sandbox');
    const deleted = await runCli(['tenants', 'delete', sandbox.id, '--json'], env);
    expect([deleted.code, deleted.stdout]).toEqual([0, '']);
    expect((await runCli(['tenants', 'get', sandbox.id, '--json'], env)).code).toBe(1);
  });

  it('users: create, list, get, update, delete', async () => {
    const ada = await json('users', 'create', '--email', 'ada@acme.example', '--name', 'Ada', '--role', 'license_manager', '--role', 'auditor');
    expect(ada.roles).toEqual(['license_manager', 'auditor']);
    expect((await json('users', 'get', ada.id)).email).toBe('ada@acme.example');
    expect((await json('users', 'list', '--role', 'auditor')).items.map((u: { id: string }) => u.id)).toEqual([ada.id]);
    expect((await json('users', 'list', '--search', 'ADA@acme')).items.map((u: { id: string }) => u.id)).toEqual([ada.id]);
    expect((await json('users', 'list', '--search', 'nobody-by-that-name')).items).toEqual([]);
    expect((await json('users', 'update', ada.id, '--name', 'Ada L.', '--certified')).certifiedProfessional).toBe(true);
    expect((await runCli(['users', 'delete', ada.id], env)).stdout).toBe(`Deleted user ${ada.id}.\n`);
    expect((await json('users', 'list', '--email', 'ada@acme.example')).items).toEqual([]);
  });

  it('users import: a dry run creates nothing, one bad row creates nothing and names its line, a good file creates every row', async () => {
    const emails = async () => (await json('users', 'list', '--all')).items.map((u: { email: string }) => u.email).sort();
    const before = await emails();
    const good = join(work, 'people.csv');
    writeFileSync(good, 'email,name,roles,certifiedProfessional\nbo@acme.example,Bo,member;auditor,false\ncy@acme.example,"Cy, Jr.",,yes\n');
    const dry = await json('users', 'import', good, '--dry-run');
    expect(dry).toMatchObject({ dryRun: true, created: 2 });
    expect(await emails()).toEqual(before);

    const bad = join(work, 'bad.csv');
    writeFileSync(bad, 'email,name\ndee@acme.example,Dee\nBO@acme.example,Bo again\nbo@acme.example,Bo thrice\n');
    writeFileSync(join(work, 'taken.csv'), 'email,name\nbo@acme.example,Bo\n');
    expect((await json('users', 'import', join(work, 'taken.csv'))).created).toBe(1);
    const refused = await runCli(['users', 'import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3: BO@acme.example: exists in tenant');
    expect(refused.stderr).toContain('line 4: bo@acme.example: exists in tenant');
    expect(refused.stderr).toMatch(/Nothing was created\. \(already_exists, HTTP 409\)/);
    expect(await emails()).toEqual([...before, 'bo@acme.example'].sort());

    const invalid = join(work, 'invalid.csv');
    writeFileSync(invalid, 'email,name\neve@acme.example,Eve\nnot-an-address,Nobody\n');
    const rejected = await runCli(['users', 'import', invalid], env);
    expect([rejected.code, rejected.stderr]).toEqual([1, expect.stringContaining('line 3: users.1.email')]);

    writeFileSync(good, 'email,name,roles,certifiedProfessional\ncy@acme.example,"Cy, Jr.",,yes\ndee@acme.example,Dee,auditor,\n');
    const done = await json('users', 'import', good);
    expect(done).toMatchObject({ dryRun: false, created: 2 });
    const cy = await json('users', 'get', done.userIds[0]);
    expect([cy.name, cy.certifiedProfessional]).toEqual(['Cy, Jr.', true]);
    expect(await emails()).toEqual([...before, 'bo@acme.example', 'cy@acme.example', 'dee@acme.example'].sort());

    const unreadable = join(work, 'odd.csv');
    writeFileSync(unreadable, 'email,name,shoeSize\nx@acme.example,X,44\n');
    const usage = await runCli(['users', 'import', unreadable], env);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining('shoeSize')]);
  });

  it('groups, products, licenses, assign and recall, usage', async () => {
    const user = await json('users', 'create', '--email', 'gus@acme.example', '--name', 'Gus');
    const group = await json('groups', 'create', 'Engineering');
    expect((await json('groups', 'rename', group.id, 'R&D')).name).toBe('R&D');
    expect((await json('groups', 'add-members', group.id, user.id)).added).toEqual([user.id]);
    expect((await json('groups', 'members', group.id)).items.map((u: { id: string }) => u.id)).toEqual([user.id]);
    expect((await json('groups', 'get', group.id)).memberCount).toBe(1);
    expect((await json('groups', 'list')).items.map((g: { id: string }) => g.id)).toContain(group.id);
    expect((await json('groups', 'list', '--search', 'r&d')).items.map((g: { id: string }) => g.id)).toEqual([group.id]);

    const product = await json('products', 'create', '--code', `cad-${dialect}`, '--name', 'CAD', '--module', 'draw:Drawing', '--module', 'render:Rendering');
    expect(product.modules.map((m: { code: string }) => m.code)).toEqual(['draw', 'render']);
    expect((await json('products', 'update', product.id, '--add-module', 'print:Printing')).modules).toHaveLength(3);
    expect((await json('products', 'get', product.id)).code).toBe(`cad-${dialect}`);
    expect((await json('products', 'list')).items.map((p: { id: string }) => p.id)).toContain(product.id);
    const spare = await json('products', 'create', '--code', `spare-${dialect}`, '--name', 'Spare');
    await json('products', 'delete', spare.id);
    expect((await runCli(['products', 'get', spare.id], env)).code).toBe(1);

    const license = await json('licenses', 'create', '--code', 'CAD-N', '--name', 'CAD named', '--model', 'named', '--product', `cad-${dialect}`, '--quantity', '2');
    expect((await json('licenses', 'update', license.id, '--quantity', '3')).quantity).toBe(3);
    expect((await json('licenses', 'get', license.id)).code).toBe('CAD-N');
    expect((await json('licenses', 'list', '--model', 'named')).items.map((l: { id: string }) => l.id)).toEqual([license.id]);

    const dry = await json('assign', license.id, '--user', user.id, '--dry-run');
    expect([dry.dryRun, dry.added]).toEqual([true, [user.id]]);
    expect((await json('usage', license.id)).used).toBe(0);
    expect((await json('assign', license.id, '--user', user.id)).added).toEqual([user.id]);
    expect((await json('licenses', 'seats', license.id)).items.map((s: { userId: string }) => s.userId)).toEqual([user.id]);
    expect((await json('usage', license.id)).used).toBe(1);
    expect((await json('recall', license.id, '--user', user.id)).removed).toEqual([user.id]);
    expect((await json('assign', license.id, '--group', group.id)).added).toEqual([user.id]);
    expect((await json('licenses', 'groups', license.id)).items.map((g: { id: string }) => g.id)).toEqual([group.id]);
    expect((await json('recall', license.id, '--group', group.id)).removed).toEqual([user.id]);
    const both = await runCli(['assign', license.id, '--user', user.id, '--group', group.id], env);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('not both')]);

    expect((await runCli(['groups', 'remove-member', group.id, user.id, '--json'], env)).code).toBe(0);
    expect((await json('groups', 'members', group.id)).items).toEqual([]);
    expect((await runCli(['groups', 'delete', group.id, '--json'], env)).code).toBe(0);
    expect((await runCli(['licenses', 'delete', license.id, '--json'], env)).code).toBe(0);
    expect((await json('licenses', 'list')).items).toEqual([]);
  });

  it('keys: tenant and vendor API keys, and license keys', async () => {
    const admin = await json('keys', 'create', '--kind', 'admin', '--name', 'ops', '--role', 'auditor');
    expect(admin.key).toMatch(/\S{20,}/);
    expect((await json('keys', 'get', admin.id)).roles).toEqual(['auditor']);
    expect((await json('keys', 'list')).items.map((k: { id: string }) => k.id)).toContain(admin.id);
    // The new key works for what an auditor may do, and is refused what it may not.
    expect((await runCli(['users', 'list', '--json', '--api-key', admin.key], env)).code).toBe(0);
    expect((await runCli(['users', 'create', '--email', 'x@acme.example', '--name', 'X', '--api-key', admin.key], env)).code).toBe(1);
    await json('keys', 'revoke', admin.id);
    expect((await runCli(['users', 'list', '--api-key', admin.key], env)).code).toBe(1);

    const vendor = await json('keys', 'create', '--vendor', '--name', 'ci');
    expect((await json('keys', 'list', '--vendor')).items.map((k: { id: string }) => k.id)).toContain(vendor.id);
    expect((await json('keys', 'get', vendor.id, '--vendor')).name).toBe('ci');
    await json('keys', 'revoke', vendor.id, '--vendor');

    const issued = await json('keys', 'license', 'issue', '--category', 'scanner', '--term-days', '365', '--count', '2');
    expect((await json('keys', 'license', 'get', issued.id)).count).toBe(2);
    expect((await json('keys', 'license', 'list', '--category', 'scanner')).items.map((k: { id: string }) => k.id)).toEqual([issued.id]);
  });

  it('license-file: issue, verify offline with the public key (and fail with another key), load, show', async () => {
    await json('products', 'create', '--code', `lf-${dialect}`, '--name', 'LF', '--module', 'core:Core');
    const manual = await json('licenses', 'create', '--code', 'LF-S', '--name', 'LF server', '--model', 'server', '--product', `lf-${dialect}`);
    const pem = join(work, 'vendor.pem');
    const file = join(work, 'acme.allot');
    expect((await json('license-file', 'public-key', '--out', pem)).keyId).toBeTruthy();
    const issued = await json('license-file', 'issue', '--file-version', '1', '--expires-at', '2099-12-31T00:00:00Z', '--out', file);
    expect(readFileSync(file, 'utf8')).toBe(issued.file);

    // Offline: no server named, or one that is not there.
    const offline = { ALLOT_URL: `http://127.0.0.1:${await freePort()}` };
    const verified = await runCli(['license-file', 'verify', file, '--public-key', pem, '--json'], offline);
    expect(verified.json()).toMatchObject({ valid: true, customerCode: `ACME-${dialect}`, expired: false });
    expect(verified.json().licenses.map((l: { code: string }) => l.code)).toEqual(['LF-S']);
    const table = await runCli(['license-file', 'verify', file, '--public-key', pem], offline);
    expect([table.code, table.stdout]).toEqual([0, expect.stringContaining('LF-S')]);
    const stranger = join(work, 'stranger.pem');
    writeFileSync(stranger, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const refused = await runCli(['license-file', 'verify', file, '--public-key', stranger], offline);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('not valid')]);

    // Loaded, the file's license takes the place of the manual one it was issued from.
    await json('licenses', 'delete', manual.id);
    const preview = await json('license-file', 'load', file, '--dry-run');
    expect([preview.dryRun, preview.changes.added.map((l: { code: string }) => l.code)]).toEqual([true, ['LF-S']]);
    expect((await json('licenses', 'list')).items).toEqual([]);
    const told = await runCli(['license-file', 'load', file, '--dry-run'], env);
    expect([told.code, told.stdout]).toEqual([0, expect.stringMatching(/Version 1 would load: 1 added, 0 changed, 0 removed\. Nothing has changed\.[\s\S]*│ added +│ LF-S +│ LF server +│/)]);
    expect((await json('license-file', 'load', file)).version).toBe(1);
    expect((await json('licenses', 'list')).items.map((l: { code: string; source: string }) => [l.code, l.source])).toEqual([['LF-S', 'license_file']]);
    expect((await json('license-file', 'show')).loaded.version).toBe(1);
  });

  it('licenses plan, sessions queue and borrows list: a concurrent license in use, a waiter and a borrow', async () => {
    await json('products', 'create', '--code', `desk-${dialect}`, '--name', 'Desk', '--module', 'seat:Seat');
    const desk = await json('licenses', 'create', '--code', 'DESK', '--name', 'Desk', '--model', 'concurrent', '--product', `desk-${dialect}`, '--quantity', '1', '--fields', '{"maxBorrowDays":2}');
    const [ivy, jo] = [await json('users', 'create', '--email', 'ivy@acme.example', '--name', 'Ivy'), await json('users', 'create', '--email', 'jo@acme.example', '--name', 'Jo')];
    const appKey = (await json('keys', 'create', '--kind', 'app')).key as string;
    const runtime = (method: string, rest: string, body?: unknown) => callNode(server.url, method, `/v1/tenants/${tenant}${rest}`, appKey, body);
    const seat = `desk-${dialect}:seat`;
    const held = await runtime('POST', '/sessions', { userId: ivy.id, modules: [seat] });
    expect(held.status).toBe(201);
    const waiting = await runtime('POST', '/sessions', { userId: jo.id, modules: [seat], wait: true });
    expect(waiting.status).toBe(202);

    const queue = await json('sessions', 'queue');
    expect(queue.items.map((w: { id: string; userId: string; position: number }) => [w.id, w.userId, w.position])).toEqual([[waiting.body.queueId, jo.id, 1]]);
    const queueTable = await runCli(['sessions', 'queue'], env);
    expect(queueTable.stdout).toMatch(new RegExp(`│ 1 +│ ${jo.id} +│ ${seat} +│`));
    expect((await runtime('DELETE', `/session-queue/${waiting.body.queueId}`)).status).toBe(204);
    expect((await runCli(['sessions', 'queue'], env)).stdout).toBe('(none)\n');

    // Today in the tenant's zone: one session at a time so far, so one license is enough.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());
    const plan = await json('licenses', 'plan', desk.id, '--from', today, '--to', today, '--target', '0.05');
    expect(plan).toMatchObject({ kind: 'concurrent', licenseId: desk.id, quantity: 1, from: today, to: today, targetDenialRate: 0.05, peak: 1, recommendation: 1 });
    expect(plan.days).toEqual([{ date: today, modules: [{ module: seat, peak: 1, denials: expect.any(Number) }] }]);
    const words = await runCli(['licenses', 'plan', desk.id, '--from', today, '--to', today, '--target', '0.05'], env);
    expect(words.stdout).toMatch(/^With 1 license, 0 % of attempts would have waited \(target 5 %\)\.\nLicensed now: 1; at most 1 sessions at once; \d+ attempts from /);
    expect(words.stdout).toMatch(new RegExp(`│ ${today} +│ ${seat} +│ 1 +│`));
    const badTarget = await runCli(['licenses', 'plan', desk.id, '--from', today, '--to', today, '--target', '5'], env);
    expect([badTarget.code, badTarget.stderr]).toEqual([2, expect.stringContaining('Not a share from 0 to 1')]);
    const noPeriod = await runCli(['licenses', 'plan', desk.id], env);
    expect([noPeriod.code, noPeriod.stderr]).toEqual([1, expect.stringContaining('(invalid_request, HTTP 400)')]);

    const named = await json('licenses', 'create', '--code', 'DESK-N', '--name', 'Desk named', '--model', 'named', '--product', `desk-${dialect}`, '--quantity', '3');
    await json('assign', named.id, '--user', ivy.id);
    expect(await json('licenses', 'plan', named.id)).toMatchObject({ kind: 'seats', seatsHeld: 1, quantity: 3, idle: { days30: 0, days60: 0, days90: 0 }, idleSeats: [] });
    expect((await runCli(['licenses', 'plan', named.id], env)).stdout).toBe('1 of 3 seats held; unused for 30 days or more: 0, 60: 0, 90: 0.\n(none)\n');

    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date(Date.now() + 86_400_000));
    const borrow = await runtime('POST', `/sessions/${held.body.id}/borrow`, { until: tomorrow });
    expect(borrow.status).toBe(201);
    const active = await json('borrows', 'list', '--active');
    expect(active.items.map((b: { id: string; state: string }) => [b.id, b.state])).toEqual([[borrow.body.id, 'active']]);
    expect((await json('borrows', 'list', '--user', jo.id)).items).toEqual([]);
    expect((await runtime('POST', `/borrows/${borrow.body.id}/return`, { userId: ivy.id })).status).toBe(200);
    expect((await json('borrows', 'list', '--active')).items).toEqual([]);
    expect((await json('borrows', 'list', '--user', ivy.id)).items.map((b: { id: string; state: string }) => [b.id, b.state])).toEqual([[borrow.body.id, 'returned']]);
    expect((await runCli(['borrows', 'list'], env)).stdout).toMatch(new RegExp(`│ ${borrow.body.id} +│ ${ivy.id} +│ ${seat} +│ .* │ returned +│`));
  });

  it('logs: denied, excess and audit', async () => {
    expect(Array.isArray((await json('logs', 'denied')).items)).toBe(true);
    expect(Array.isArray((await json('logs', 'excess')).items)).toBe(true);
    const audit = await json('logs', 'audit', '--action', 'user.created', '--limit', '2');
    expect(audit.items).toHaveLength(2);
    expect(audit.items.every((e: { action: string }) => e.action === 'user.created')).toBe(true);
    expect(audit.nextCursor).not.toBeNull();
    const next = await json('logs', 'audit', '--action', 'user.created', '--limit', '2', '--cursor', audit.nextCursor);
    expect(next.items[0].id).not.toBe(audit.items[0].id);
  });

  it("webhooks: a tenant's created, changed and deleted; the vendor's pinged, its delivery listed and retried", async () => {
    const hook = await json('webhooks', 'create', '--endpoint', 'https://hooks.acme.example/allot', '--event', 'license.expiring');
    expect(hook.secret).toBeTruthy();
    expect((await json('webhooks', 'update', hook.id, '--disable')).enabled).toBe(false);
    expect((await json('webhooks', 'get', hook.id)).url).toBe('https://hooks.acme.example/allot');
    expect((await json('webhooks', 'list')).items.map((h: { id: string }) => h.id)).toEqual([hook.id]);
    expect((await json('webhooks', 'deliveries', hook.id)).items).toEqual([]);
    expect((await runCli(['webhooks', 'delete', hook.id, '--json'], env)).code).toBe(0);

    const vendorHook = await json('webhooks', 'create', '--vendor', '--endpoint', `${receiver.url}/hook`, '--event', 'license.expiring');
    await json('webhooks', 'ping', vendorHook.id, '--vendor');
    await receiver.waitFor(1);
    const deliveries = await json('webhooks', 'deliveries', vendorHook.id, '--vendor');
    expect(deliveries.items.map((d: { type: string }) => d.type)).toEqual(['ping']);
    await json('webhooks', 'retry', vendorHook.id, deliveries.items[0].id, '--vendor');
    await receiver.waitFor(2);
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook', '/hook']);
    expect((await json('webhooks', 'list', '--vendor')).items.map((h: { id: string }) => h.id)).toContain(vendorHook.id);
    await json('webhooks', 'delete', vendorHook.id, '--vendor');
  });

  it('refusals: the API problem detail and code on stderr with exit 1; a command line that cannot run exits 2', async () => {
    const missing = await runCli(['users', 'get', 'usr_nobody'], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^allot: .*usr_nobody.* \(not_found, HTTP 404\)\n$/);
    const badKey = await runCli(['tenants', 'list'], { ...env, ALLOT_API_KEY: 'not-a-key' });
    expect([badKey.code, badKey.stderr]).toEqual([1, expect.stringContaining('(unauthenticated, HTTP 401)')]);
    const invalid = await runCli(['users', 'create', '--email', 'nope', '--name', 'N'], env);
    expect([invalid.code, invalid.stderr]).toEqual([1, expect.stringContaining('(invalid_request, HTTP 400)')]);

    const { ALLOT_TENANT: _dropped, ...noTenant } = env;
    const usage = [
      await runCli(['users', 'list'], noTenant),
      await runCli(['users', 'list'], { ALLOT_TENANT: tenant }),
      await runCli(['users', 'create', '--name', 'No email'], env),
      await runCli(['users', 'list', '--limit', 'many'], env),
      await runCli(['nonsense'], env),
      await runCli(['users', 'import', join(work, 'no-such.csv')], env),
      await runCli(['license-file', 'verify', join(work, 'people.csv'), '--public-key', join(work, 'people.csv')], env),
    ];
    expect(usage.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(usage[5]?.stderr).toContain('Cannot read');
    expect(usage[6]?.stderr).toContain('not an Ed25519 public key');
    expect(usage[0]?.stderr).toContain('--tenant');
    expect(usage[1]?.stderr).toContain('ALLOT_URL');
    expect(usage[2]?.stderr).toContain("required option '--email <email>'");
  });

  it('prints a table for people: a header row and one row per item (server, key and tenant given as flags)', async () => {
    await json('users', 'create', '--email', 'tia@acme.example', '--name', 'Tia');
    // The server, key and tenant as flags this time, instead of the environment.
    const table = await runCli(['users', 'list', '--email', 'tia@acme.example', '--url', server.url, '--api-key', adminToken, '--tenant', tenant]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/│ id .*│ email .*│ name .*│ roles/);
    expect(lines.filter((l) => l.includes('tia@acme.example'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('tia@acme.example'))[0]).toMatch(/│ usr_\S+ +│ tia@acme\.example +│ Tia +│ member +│ false +│ false +│/);
  });
});

describe('the allot CLI without a server', () => {
  it('lists every command group in --help, and each command has its own --help', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    const groups = ['serve', 'migrate', 'openapi', 'create-admin-key', 'backup', 'restore', 'tenants', 'users', 'groups', 'products', 'licenses', 'assign', 'recall', 'sessions', 'borrows', 'keys', 'license-file', 'logs', 'usage', 'webhooks'];
    for (const group of groups) expect(help.stdout).toMatch(new RegExp(`^  ${group} `, 'm'));
    for (const command of [['users', 'import'], ['license-file', 'verify'], ['keys', 'license', 'issue'], ['backup'], ['licenses', 'plan'], ['sessions', 'queue'], ['borrows', 'list']]) {
      const own = await runCli([...command, '--help']);
      expect([own.code, own.stdout]).toEqual([0, expect.stringContaining(`Usage: allot ${command.join(' ')}`)]);
    }
  });

  it('openapi prints the document; migrate and create-admin-key work on a data dir', async () => {
    expect(Object.keys((await runCli(['openapi'])).json().paths)).toContain('/v1/tenants/{t}/users/import');
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-cli-data-'));
    try {
      const migrated = await runCli(['migrate', '--data-dir', dataDir]);
      expect([migrated.code, migrated.stdout]).toEqual([0, expect.stringMatching(/^Applied: /)]);
      expect((await runCli(['migrate'], { ALLOT_DATA_DIR: dataDir })).stdout).toBe('The schema is up to date.\n');
      const key = await runCli(['create-admin-key', '--data-dir', dataDir]);
      expect([key.code, key.stdout]).toEqual([0, expect.stringMatching(/^\S{20,}\n$/)]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
