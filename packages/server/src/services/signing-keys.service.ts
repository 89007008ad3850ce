import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { AllotError, keyIdOf, publicKeyFrom } from '@allot/core';
import {
  insertFirstSigningKey,
  insertInstallation,
  insertSigningKey,
  installationId,
  isUniqueViolation,
  retireSigningKeys,
  signingKeys,
  type Db,
  type SigningKey,
  type Store,
} from '@allot/storage';
import type { OpenOutcome, SecretKey } from '../security/secret-key.js';
import { StartupError } from '../startup-error.js';
import { audit, inTransaction, type Clock, type ServiceContext } from './context.js';
import { resealSecrets, signingKeyLabel, type SecretRef } from './sealed-secrets.service.js';

export type KeyPurpose = 'vendor' | 'installation';
const purposes = ['vendor', 'installation'] as const;

/** What anyone may know of a key: it verifies what the key signed. */
export interface PublicKeyPair {
  keyId: string;
  publicKey: KeyObject;
  publicPem: string;
}

/** A key that signs: the current key of a purpose, opened with the secret key. */
export interface KeyPair extends PublicKeyPair {
  privateKey: KeyObject;
}

export interface KeyRing {
  current: PublicKeyPair;
  previous: PublicKeyPair[];
}

function toPublic(key: SigningKey): PublicKeyPair {
  const publicKey = publicKeyFrom(key.publicPem);
  return { keyId: keyIdOf(publicKey), publicKey, publicPem: key.publicPem };
}

/** The envelope of a private key names its row, so that it opens only there. */
const sealLabel = signingKeyLabel;

/** A key row for a private key, sealed under the secret key: private keys are never stored in the clear. */
function sealedKey(purpose: KeyPurpose, privateKey: KeyObject, secretKey: SecretKey, at: string): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const id = keyIdOf(publicKey);
  return {
    id,
    purpose,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sealedPrivateKey: secretKey.seal(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), sealLabel(id)),
    createdAt: at,
    retiredAt: null,
  };
}

const newKey = (purpose: KeyPurpose, secretKey: SecretKey, at: string): SigningKey => sealedKey(purpose, generateKeyPairSync('ed25519').privateKey, secretKey, at);

/** The private key of a stored row, or why it does not open under this secret key. */
function openPrivateKey(key: SigningKey, secretKey: SecretKey): OpenOutcome {
  return secretKey.open(key.sealedPrivateKey, sealLabel(key.id));
}

export interface InstallationSecrets {
  /** Seals new private keys and must open every stored one (`ALLOT_SECRET_KEY` or `secret.key`). */
  secretKey: SecretKey;
  /** `ALLOT_PREVIOUS_SECRET_KEY`: secrets it opens are sealed again under `secretKey`. */
  previousSecretKey?: SecretKey | null;
  /** `ALLOT_VENDOR_PRIVATE_KEY`: the vendor key pair given by configuration. */
  vendorKey?: KeyObject | null;
}

export interface PreparedInstallation {
  /**
   * Secrets (private signing keys, webhook secrets) stored in the clear by an older version, or
   * under the previous secret key, sealed now.
   */
  sealed: SecretRef[];
  /** Webhooks whose secret no key given opens: their deliveries fail until the webhook is made anew. */
  closedWebhookSecrets: string[];
  /** The configured vendor key, when this start made it the current one. */
  configuredVendorKey: string | null;
}

/**
 * Makes what this installation signs and names itself with, once, at start-up: the vendor key
 * (license files), the installation key (license requests, usage reports) and the installation id.
 * Keeps every stored secret sealed under the secret key (`resealSecrets`: the private keys and
 * the webhooks' secrets): what an older version stored in the clear, or sealed under the previous
 * secret key, is sealed again by a guarded update, so a second start finds nothing to do. A node whose secret key does not open the stored keys refuses to start
 * (`StartupError`) before it changes anything, rather than make new keys.
 * Safe on any number of nodes starting at once: the database keeps one current key per purpose and
 * one installation row, a node that comes second adds nothing, and the keys are checked again at
 * the end against what another node made meanwhile. Reads never make them.
 */
export async function prepareInstallation(store: Store, clock: Clock, secrets: InstallationSecrets): Promise<PreparedInstallation> {
  const now = clock.now();
  const { secretKey } = secrets;
  const { sealed, closed } = await resealSecrets(store.db, secretKey, secrets.previousSecretKey ?? null);
  await checkKeysOpen(store.db, secretKey);
  let configuredVendorKey: string | null = null;
  for (const purpose of purposes) {
    const given = purpose === 'vendor' ? (secrets.vendorKey ?? null) : null;
    const keys = await signingKeys(store.db, purpose);
    if (given !== null && !keys.some((k) => k.id === keyIdOf(createPublicKey(given)))) {
      // A key the database does not know yet takes over; one it knows (even retired) is left as it is,
      // so that restarting with the same setting never undoes a rotation made since.
      const made = sealedKey('vendor', given, secretKey, now);
      const current = keys.some((k) => k.retiredAt === null);
      const installed = current ? (await replaceVendorKey(store, clock, secretKey, made, 'vendor_key.configured')) !== null : await insertFirstSigningKey(store.db, made);
      if (installed) configuredVendorKey = made.id;
      continue;
    }
    if (keys.some((k) => k.retiredAt === null)) continue;
    await insertFirstSigningKey(store.db, newKey(purpose, secretKey, now));
  }
  if ((await installationId(store.db)) === null) await insertInstallation(store.db, `ins_${randomUUID().replaceAll('-', '')}`, now);
  await checkKeysOpen(store.db, secretKey);
  const closedWebhookSecrets = closed.filter((ref) => ref.kind === 'webhook_secret').map((ref) => ref.id);
  return { sealed, closedWebhookSecrets, configuredVendorKey };
}

/** Every stored private key opens under this node's secret key, or the node does not start. */
async function checkKeysOpen(db: Db, secretKey: SecretKey): Promise<void> {
  const closed: { key: SigningKey; outcome: Exclude<OpenOutcome, { opened: true }> }[] = [];
  for (const purpose of purposes) {
    for (const key of await signingKeys(db, purpose)) {
      const outcome = openPrivateKey(key, secretKey);
      if (!outcome.opened) closed.push({ key, outcome });
    }
  }
  if (closed.length === 0) return;
  const which = closed.map(({ key }) => `${key.purpose} key ${key.id}${key.retiredAt === null ? '' : ' (retired)'}`).join(', ');
  const sealedWith = [...new Set(closed.map(({ outcome }) => outcome.sealedWith).filter((id) => id !== null))];
  const why =
    sealedWith.length > 0
      ? `they were sealed under secret key ${sealedWith.join(' and ')}, and this node's secret key is ${secretKey.id}`
      : `they do not open under this node's secret key ${secretKey.id} (${closed[0]?.outcome.reason ?? 'damaged'})`;
  throw new StartupError(
    `This node cannot open the private signing keys in the database (${which}): ${why}. ` +
      'Every node of one database needs the same secret key: set ALLOT_SECRET_KEY to the same value on every node, ' +
      'or, with SQLite, put back the secret.key that was beside the database (restore it from the backup taken with the database). ' +
      'After a rotation, give the old key as ALLOT_PREVIOUS_SECRET_KEY. The server does not start rather than make new keys.',
  );
}

const notPrepared = (what: string) => new AllotError('unavailable', `This server has no ${what} yet: it is made when the server starts.`);

/** The public keys of a purpose: the current one and the retired ones, which stay trusted for verification. */
export async function keyRing(db: Db, purpose: KeyPurpose): Promise<KeyRing> {
  const keys = await signingKeys(db, purpose);
  const [first, ...rest] = keys;
  if (first === undefined || first.retiredAt !== null) throw notPrepared(`${purpose} signing key`);
  return { current: toPublic(first), previous: rest.map(toPublic) };
}

/** The current key of a purpose, opened to sign with. */
export async function signingKey(db: Db, purpose: KeyPurpose, secretKey: SecretKey): Promise<KeyPair> {
  const [first] = await signingKeys(db, purpose);
  if (first === undefined || first.retiredAt !== null) throw notPrepared(`${purpose} signing key`);
  const outcome = openPrivateKey(first, secretKey);
  // Start-up refuses keys it cannot open; only a key another node made since, under another secret key, gets here.
  if (!outcome.opened) throw new AllotError('unavailable', `This node cannot open the ${purpose} signing key ${first.id} (${outcome.reason}): every node needs the same ALLOT_SECRET_KEY.`);
  return { ...toPublic(first), privateKey: createPrivateKey(outcome.text) };
}

/** This installation's stable id, named in license requests, usage reports and bound files. */
export async function thisInstallationId(db: Db): Promise<string> {
  const id = await installationId(db);
  if (id === null) throw notPrepared('installation id');
  return id;
}

/**
 * Makes a new vendor key current; the old one stays trusted for files already issued. Written to
 * the vendor's audit log with the key ids before and after (never private material).
 */
export async function rotateVendorKey(ctx: ServiceContext): Promise<KeyRing> {
  const ring = await replaceVendorKey(ctx.store, ctx.clock, ctx.secretKey, newKey('vendor', ctx.secretKey, ctx.clock.now()), 'vendor_key.rotated', ctx);
  return ring ?? keyRing(ctx.store.db, 'vendor');
}

/**
 * Retires the current vendor key and makes `made` current, audited under `action`; answers the key
 * ring it made, or null when the key is known already (another node installed the same configured key). Two
 * at once both happen, one after the other: the unique current key refuses the second insert, which
 * then retires the first one's key and tries again.
 */
async function replaceVendorKey(store: Store, clock: Clock, secretKey: SecretKey, made: SigningKey, action: string, by?: ServiceContext): Promise<KeyRing | null> {
  const ctx: ServiceContext = by ?? { store, clock, secretKey, principal: { kind: 'vendor_admin', actor: 'ALLOT_VENDOR_PRIVATE_KEY' }, requestId: null };
  const now = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx, async (trx) => {
        // The key this change replaces is the one its own UPDATE retired: a rotation racing on
        // another node may have replaced the key read a moment earlier.
        if ((await signingKeys(trx, 'vendor')).some((k) => k.id === made.id)) return null;
        const [retired = null] = await retireSigningKeys(trx, 'vendor', now);
        await insertSigningKey(trx, { ...made, createdAt: now });
        await audit(ctx, trx, { tenantId: null, action, targetType: 'signing_key', targetId: made.id, before: { keyId: retired }, after: { keyId: made.id }, at: now });
        return keyRing(trx, 'vendor');
      });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** Every key a license file may be signed with here: this server's vendor keys and the configured ones. */
export async function trustedKeys(db: Db, configured: string | undefined): Promise<Map<string, KeyObject>> {
  const ring = await keyRing(db, 'vendor');
  const trusted = new Map<string, KeyObject>();
  for (const pair of [ring.current, ...ring.previous]) trusted.set(pair.keyId, pair.publicKey);
  for (const text of splitKeys(configured)) {
    const key = publicKeyFrom(text);
    trusted.set(keyIdOf(key), key);
  }
  return trusted;
}

/** `ALLOT_VENDOR_PUBLIC_KEY`: PEM blocks, or base64 DER keys separated by commas or white space. */
export function splitKeys(configured: string | undefined): string[] {
  if (configured === undefined || configured.trim() === '') return [];
  const pems = configured.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g);
  if (pems !== null) return pems;
  return configured.split(/[\s,]+/).filter((part) => part !== '');
}
