import { createHmac, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '@allot/core';
import { loadConfig, loadSecretKeys, prepareInstallation, SecretKey, signingKey, startServer, StartupError, vendorKeyFrom, type RunningServer } from '@allot/server';
import { insertWebhook, newId, type Store } from '@allot/storage';
import { createTestDatabase, dialects, suiteDatabase, type TestDatabase } from '../../../test-support/databases.js';
import { adminToken, TestClock } from '../../../test-support/http.js';
import { callNode, startServerProcess } from '../../../test-support/processes.js';
import { startReceiver } from '../../../test-support/webhook-receiver.js';
import { webhookSecretLabel } from '../src/security/secret-key.js';

const clock = new TestClock('2026-03-01T10:00:00.000Z');
const pemOf = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('the secret key', () => {
  it('seals text that opens only under the same key and label, with a version byte in front', () => {
    const key = SecretKey.generate();
    const sealed = key.seal('private matter', 'signing-key:a');
    expect(sealed).toMatch(/^sealed:/);
    expect(sealed).not.toContain('private');
    expect(key.open(sealed, 'signing-key:a')).toEqual({ opened: true, text: 'private matter' });
    expect(Buffer.from(sealed.slice('sealed:'.length), 'base64')[0]).toBe(1);
    // Moved to another row, it does not open.
    expect(key.open(sealed, 'signing-key:b')).toMatchObject({ opened: false, reason: 'damaged' });
    const other = SecretKey.generate();
    expect(other.open(sealed, 'signing-key:a')).toEqual({ opened: false, reason: 'other_key', sealedWith: key.id });
    const bytes = Buffer.from(sealed.slice('sealed:'.length), 'base64');
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 1] = (flipped[bytes.length - 1] ?? 0) ^ 1;
    expect(key.open(`sealed:${flipped.toString('base64')}`, 'signing-key:a')).toMatchObject({ opened: false, reason: 'damaged' });
    const later = Buffer.from(bytes);
    later[0] = 2;
    expect(key.open(`sealed:${later.toString('base64')}`, 'signing-key:a')).toMatchObject({ opened: false, reason: 'unknown_version' });
    expect(key.open('-----BEGIN PRIVATE KEY-----', 'signing-key:a')).toMatchObject({ opened: false, reason: 'not_sealed' });
  });

  it('comes from ALLOT_SECRET_KEY (base64 of 32 bytes), or from secret.key made once, mode 0600, in the data dir', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-secret-'));
    try {
      const made = loadSecretKeys({ configured: undefined, previous: undefined, dataDir });
      expect(made.source).toBe('new secret.key');
      expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
      const again = loadSecretKeys({ configured: undefined, previous: undefined, dataDir });
      expect(again).toMatchObject({ source: 'secret.key' });
      expect(again.current.id).toBe(made.current.id);
      // A file an older tool left readable is made private.
      chmodSync(join(dataDir, 'secret.key'), 0o644);
      loadSecretKeys({ configured: undefined, previous: undefined, dataDir });
      expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
      const configured = SecretKey.generate().toBase64();
      expect(loadSecretKeys({ configured, previous: undefined, dataDir }).current.id).toBe(SecretKey.fromBase64(configured, 'x').id);
      expect(() => loadSecretKeys({ configured: 'c2hvcnQ=', previous: undefined, dataDir })).toThrow(/ALLOT_SECRET_KEY must be the base64 of 32 random bytes/);
      expect(() => loadSecretKeys({ configured, previous: 'nope', dataDir })).toThrow(StartupError);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('takes the vendor key from ALLOT_VENDOR_PRIVATE_KEY as PEM, escaped PEM or @path, and refuses anything but Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = pemOf(privateKey);
    const id = (key: KeyObject) => keyIdOf(createPublicKey(key));
    expect(id(vendorKeyFrom(pem))).toBe(id(privateKey));
    expect(id(vendorKeyFrom(pem.replaceAll('\n', '\\n')))).toBe(id(privateKey));
    const dir = mkdtempSync(join(tmpdir(), 'allot-vendor-'));
    try {
      writeFileSync(join(dir, 'vendor.pem'), pem, { mode: 0o600 });
      expect(id(vendorKeyFrom(`@${join(dir, 'vendor.pem')}`))).toBe(id(privateKey));
      expect(() => vendorKeyFrom(`@${join(dir, 'missing.pem')}`)).toThrow(/cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => vendorKeyFrom('not a key')).toThrow(/must be a PEM private key/);
    expect(() => vendorKeyFrom(pemOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey))).toThrow(/must be an Ed25519 key, not ec/);
  });
});

/** Signing-key rows as a version before sealing stored them: the private key as plain PEM. */
async function plainKeys(store: Store): Promise<Record<'vendor' | 'installation', string>> {
  const ids = { vendor: '', installation: '' };
  for (const purpose of ['vendor', 'installation'] as const) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    ids[purpose] = keyIdOf(publicKey);
    await store.db
      .insertInto('signing_keys')
      .values({ id: ids[purpose], purpose, public_pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), sealed_private_key: pemOf(privateKey), created_at: '2026-01-01T00:00:00.000Z', retired_at: null })
      .execute();
  }
  return ids;
}

const rows = (store: Store) => store.db.selectFrom('signing_keys').select(['id', 'purpose', 'sealed_private_key', 'retired_at']).orderBy('created_at').orderBy('id').execute();

describe.each(dialects)('private signing keys at rest on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  suiteDatabase(dialect, (opened, made) => ((store = opened), (database = made)));

  const fresh = async () => {
    await store.db.deleteFrom('audit_events').execute();
    await store.db.deleteFrom('signing_keys').execute();
    await store.db.deleteFrom('webhooks').execute();
  };

  it('seals the plain PEM keys of an older version at the first start, keeping their ids, and does nothing the next time', async () => {
    await fresh();
    const ids = await plainKeys(store);
    const secretKey = SecretKey.generate();
    const first = await prepareInstallation(store, clock, { secretKey });
    expect(first.sealed.map((ref) => ref.id).sort()).toEqual([ids.vendor, ids.installation].sort());
    const sealed = await rows(store);
    expect(sealed.map((r) => r.id).sort()).toEqual([ids.vendor, ids.installation].sort());
    for (const row of sealed) {
      expect(row.sealed_private_key).toMatch(/^sealed:/);
      expect(row.sealed_private_key).not.toContain('PRIVATE KEY');
    }
    // Idempotent: a second start, or a second node, finds nothing to seal.
    const other = database.open();
    const second = await Promise.all([prepareInstallation(store, clock, { secretKey }), prepareInstallation(other, clock, { secretKey })]);
    if (other !== store) await other.close();
    expect(second.map((p) => p.sealed)).toEqual([[], []]);
    expect(await rows(store)).toEqual(sealed);
    // The sealed key still signs, and what it signs verifies with the public key on record.
    const vendor = await signingKey(store.db, 'vendor', secretKey);
    expect(vendor.keyId).toBe(ids.vendor);
    const signature = sign(null, Buffer.from('payload'), vendor.privateKey);
    expect(verify(null, Buffer.from('payload'), vendor.publicKey, signature)).toBe(true);
  });

  it('makes new keys sealed, and a node with another secret key refuses to start instead of making new ones', async () => {
    await fresh();
    const secretKey = SecretKey.generate();
    await prepareInstallation(store, clock, { secretKey });
    const before = await rows(store);
    expect(before.map((r) => r.purpose).sort()).toEqual(['installation', 'vendor']);
    for (const row of before) expect(row.sealed_private_key).toMatch(/^sealed:/);
    const stranger = SecretKey.generate();
    const refused = prepareInstallation(store, clock, { secretKey: stranger });
    await expect(refused).rejects.toThrow(StartupError);
    // Nor does it install a configured vendor key first.
    await expect(prepareInstallation(store, clock, { secretKey: stranger, vendorKey: generateKeyPairSync('ed25519').privateKey })).rejects.toThrow(
      new RegExp(`sealed under secret key ${secretKey.id}, and this node's secret key is ${stranger.id}.*ALLOT_SECRET_KEY`),
    );
    expect(await rows(store)).toEqual(before);
    await expect(signingKey(store.db, 'vendor', stranger)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('seals the keys again under a new secret key when the old one is given as the previous one', async () => {
    await fresh();
    const old = SecretKey.generate();
    await prepareInstallation(store, clock, { secretKey: old });
    const before = await rows(store);
    const next = SecretKey.generate();
    const rotated = await prepareInstallation(store, clock, { secretKey: next, previousSecretKey: old });
    expect(rotated.sealed.map((ref) => ref.id).sort()).toEqual(before.map((r) => r.id).sort());
    expect((await rows(store)).map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect((await signingKey(store.db, 'installation', next)).keyId).toBe(before.find((r) => r.purpose === 'installation')?.id);
    await expect(prepareInstallation(store, clock, { secretKey: old })).rejects.toThrow(StartupError);
  });

  it("seals every webhook's secret again under a new secret key too, in the same start, and leaves what no key opens", async () => {
    await fresh();
    const old = SecretKey.generate();
    await prepareInstallation(store, clock, { secretKey: old });
    const hook = (id: string) => ({ id, tenantId: null, url: 'https://93.184.216.34/hook', events: ['license.expired' as const], enabled: true, publicOnly: false, createdAt: clock.now(), updatedAt: clock.now() });
    const secrets = { [newId('whk')]: 'whsec_sealed-under-the-old-key', [newId('whk')]: 'whsec_plain-of-an-older-version', [newId('whk')]: 'whsec_sealed-under-a-stranger' };
    const [underOld, plain, stranger] = Object.keys(secrets) as [string, string, string];
    await insertWebhook(store.db, hook(underOld), old.seal(secrets[underOld] ?? '', webhookSecretLabel(underOld)));
    await insertWebhook(store.db, hook(plain), secrets[plain] ?? '');
    const strangerSealed = SecretKey.generate().seal(secrets[stranger] ?? '', webhookSecretLabel(stranger));
    await insertWebhook(store.db, hook(stranger), strangerSealed);

    const next = SecretKey.generate();
    const rotated = await prepareInstallation(store, clock, { secretKey: next, previousSecretKey: old });
    expect(rotated.sealed.filter((ref) => ref.kind === 'webhook_secret').map((ref) => ref.id).sort()).toEqual([underOld, plain].sort());
    expect(rotated.closedWebhookSecrets).toEqual([stranger]);
    const stored = Object.fromEntries((await store.db.selectFrom('webhooks').select(['id', 'secret']).execute()).map((r) => [r.id, r.secret]));
    // Without the previous key, the new one alone opens them, each in its own row only.
    for (const id of [underOld, plain]) {
      expect(stored[id]).toMatch(/^sealed:/);
      expect(next.open(String(stored[id]), webhookSecretLabel(id))).toEqual({ opened: true, text: secrets[id] });
      expect(next.open(String(stored[id]), webhookSecretLabel(stranger)).opened).toBe(false);
    }
    expect(stored[stranger]).toBe(strangerSealed);
    // A second start, or a second node, has nothing to seal.
    const again = await prepareInstallation(store, clock, { secretKey: next, previousSecretKey: old });
    expect(again.sealed).toEqual([]);
  });

  it('makes a configured vendor key the current one, once: a restart with the same setting undoes no rotation since', async () => {
    await fresh();
    const secretKey = SecretKey.generate();
    await prepareInstallation(store, clock, { secretKey });
    const made = (await rows(store)).find((r) => r.purpose === 'vendor' && r.retired_at === null)?.id;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const configured = keyIdOf(publicKey);
    const other = database.open();
    const first = await Promise.all([prepareInstallation(store, clock, { secretKey, vendorKey: privateKey }), prepareInstallation(other, clock, { secretKey, vendorKey: privateKey })]);
    if (other !== store) await other.close();
    expect(first.filter((p) => p.configuredVendorKey === configured)).toHaveLength(1);
    const vendorRows = (await rows(store)).filter((r) => r.purpose === 'vendor');
    expect(Object.fromEntries(vendorRows.map((r) => [r.id, r.retired_at === null ? 'current' : 'retired']))).toEqual({ [String(made)]: 'retired', [configured]: 'current' });
    expect(vendorRows.find((r) => r.id === configured)?.sealed_private_key).toMatch(/^sealed:/);
    expect((await signingKey(store.db, 'vendor', secretKey)).keyId).toBe(configured);
    const audited = await store.db.selectFrom('audit_events').select(['action', 'actor', 'target_id']).where('action', '=', 'vendor_key.configured').execute();
    expect(audited).toEqual([{ action: 'vendor_key.configured', actor: 'ALLOT_VENDOR_PRIVATE_KEY', target_id: configured }]);
    // Restarting with the same setting changes nothing.
    expect((await prepareInstallation(store, clock, { secretKey, vendorKey: privateKey })).configuredVendorKey).toBeNull();
    expect((await rows(store)).filter((r) => r.purpose === 'vendor')).toEqual(vendorRows);
  });

  it('starts a new database with the configured vendor key as its first', async () => {
    await fresh();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const prepared = await prepareInstallation(store, clock, { secretKey: SecretKey.generate(), vendorKey: privateKey });
    expect(prepared.configuredVendorKey).toBe(keyIdOf(publicKey));
    expect((await rows(store)).filter((r) => r.purpose === 'vendor').map((r) => r.id)).toEqual([keyIdOf(publicKey)]);
  });
});

describe('the data dir', () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
    if (dataDir !== undefined) rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('is made private at start (0700, files 0600), also when an older version left it open to every local user', async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'allot-dir-')), 'data');
    // As an older version left it: a readable directory with a readable database.
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'allot.sqlite'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'allot.sqlite'), 0o644);
    mkdirSync(join(dataDir, 'outbox'), { mode: 0o755 });
    chmodSync(join(dataDir, 'outbox'), 0o755);
    // The vendor key given by configuration, from a file beside the data dir.
    const vendor = generateKeyPairSync('ed25519');
    const vendorFile = join(dataDir, '..', 'vendor.pem');
    writeFileSync(vendorFile, pemOf(vendor.privateKey), { mode: 0o600 });
    const config = loadConfig({ ALLOT_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ALLOT_VENDOR_PRIVATE_KEY: `@${vendorFile}` });
    const previousUmask = process.umask(0o022);
    try {
      server = await startServer(config);
    } finally {
      process.umask(previousUmask);
    }
    // A write, so that SQLite has its -wal and -shm files.
    const answer = await fetch(`${server.url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Modes', customerCode: 'MODES' }),
    });
    expect(answer.status).toBe(201);
    const publicKey = (await (await fetch(`${server.url}/v1/vendor/public-key`)).json()) as { keyId: string; publicKeyPem: string };
    expect(publicKey.keyId).toBe(keyIdOf(vendor.publicKey));
    const mode = (name: string) => (statSync(join(dataDir, name)).mode & 0o777).toString(8);
    expect(mode('.')).toBe('700');
    expect(mode('outbox')).toBe('700');
    for (const file of ['allot.sqlite', 'allot.sqlite-wal', 'allot.sqlite-shm', 'admin-token', 'secret.key']) {
      expect(existsSync(join(dataDir, file)), file).toBe(true);
      expect(mode(file), file).toBe('600');
    }
  });
});

describe('nodes of one PostgreSQL database', () => {
  it.runIf(dialects.includes('postgres'))('a node with another secret key does not start, and says why', async () => {
    const database = await createTestDatabase('postgres');
    const secret = SecretKey.generate().toBase64();
    const first = await startServerProcess({ DATABASE_URL: database.url, ALLOT_ADMIN_TOKEN: adminToken, ALLOT_SECRET_KEY: secret });
    try {
      const other = SecretKey.generate().toBase64();
      await expect(startServerProcess({ DATABASE_URL: database.url, ALLOT_ADMIN_TOKEN: adminToken, ALLOT_SECRET_KEY: other })).rejects.toThrow(
        /server exited with 1: allot: This node cannot open the private signing keys in the database \(vendor key \w+, installation key \w+\): .*set ALLOT_SECRET_KEY to the same value on every node/,
      );
      const store = database.open();
      expect(await store.db.selectFrom('signing_keys').select('id').execute()).toHaveLength(2);
      await store.close();
    } finally {
      await first.stop();
      await database.drop();
    }
  });
});

describe.each(dialects)('rotating the secret key with webhooks on %s', (dialect) => {
  it('keeps deliveries signed with the same secret after a restart without the previous key', async () => {
    const receiver = await startReceiver(200);
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-rotate-'));
    const database = dialect === 'postgres' ? await createTestDatabase('postgres') : null;
    const old = SecretKey.generate().toBase64();
    const next = SecretKey.generate().toBase64();
    const node = (keys: Record<string, string>) =>
      startServerProcess({ ...keys, ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: adminToken, ALLOT_WEBHOOK_INTERVAL_MS: '50', ...(database === null ? {} : { DATABASE_URL: database.url }) });
    try {
      const first = await node({ ALLOT_SECRET_KEY: old });
      const hook = await callNode(first.url, 'POST', '/v1/webhooks', adminToken, { url: `${receiver.url}/rotated`, events: ['license.expired'] });
      expect(hook.status).toBe(201);
      await first.stop();
      // The rotation: the new key, with the old one as the previous; then the new key alone.
      await (await node({ ALLOT_SECRET_KEY: next, ALLOT_PREVIOUS_SECRET_KEY: old })).stop();
      const last = await node({ ALLOT_SECRET_KEY: next });
      try {
        expect((await callNode(last.url, 'POST', `/v1/webhooks/${hook.body.id}/ping`, adminToken)).status).toBe(202);
        await receiver.waitFor(1, 10_000);
        const [got] = receiver.received;
        const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got?.headers['allot-signature']));
        expect(match, String(got?.headers['allot-signature'])).not.toBeNull();
        expect(match?.[2]).toBe(createHmac('sha256', String(hook.body.secret)).update(`${match?.[1]}.${got?.body}`).digest('hex'));
      } finally {
        await last.stop();
      }
    } finally {
      await receiver.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
