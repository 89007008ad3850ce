import { createPrivateKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
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
import { audit, inTransaction, type Clock, type ServiceContext } from './context.js';

export type KeyPurpose = 'vendor' | 'installation';

export interface KeyPair {
  keyId: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
  publicPem: string;
}

export interface KeyRing {
  current: KeyPair;
  previous: KeyPair[];
}

function toPair(publicPem: string, privatePem: string): KeyPair {
  const publicKey = publicKeyFrom(publicPem);
  return { keyId: keyIdOf(publicKey), publicKey, privateKey: createPrivateKey(privatePem), publicPem };
}

function newKey(purpose: KeyPurpose, at: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    id: keyIdOf(publicKey),
    purpose,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    createdAt: at,
    retiredAt: null,
  };
}

/**
 * Makes what this installation signs and names itself with, once, at start-up: the vendor key
 * (license files), the installation key (license requests, usage reports) and the installation id.
 * Safe on any number of nodes starting at once: the database keeps one current key per purpose and
 * one installation row, and a node that comes second adds nothing. Reads never make them.
 */
export async function prepareInstallation(store: Store, clock: Clock): Promise<void> {
  const now = clock.now();
  for (const purpose of ['vendor', 'installation'] as const) {
    if ((await signingKeys(store.db, purpose)).some((k) => k.retiredAt === null)) continue;
    await insertFirstSigningKey(store.db, newKey(purpose, now));
  }
  if ((await installationId(store.db)) === null) await insertInstallation(store.db, `ins_${randomUUID().replaceAll('-', '')}`, now);
}

const notPrepared = (what: string) => new AllotError('unavailable', `This server has no ${what} yet: it is made when the server starts.`);

/** The current key pair of a purpose and the retired ones, which stay trusted for verification. */
export async function keyRing(db: Db, purpose: KeyPurpose): Promise<KeyRing> {
  const keys = await signingKeys(db, purpose);
  const [first, ...rest] = keys;
  if (first === undefined || first.retiredAt !== null) throw notPrepared(`${purpose} signing key`);
  return { current: toPair(first.publicPem, first.privatePem), previous: rest.map((k) => toPair(k.publicPem, k.privatePem)) };
}

/** This installation's stable id, named in license requests, usage reports and bound files. */
export async function thisInstallationId(db: Db): Promise<string> {
  const id = await installationId(db);
  if (id === null) throw notPrepared('installation id');
  return id;
}

/**
 * Makes a new vendor key current; the old one stays trusted for files already issued. Written to
 * the vendor's audit log with the key ids before and after (never private material). Two rotations
 * at once both happen, one after the other: the unique current key refuses the second insert, which
 * then retires the first one's key and tries again.
 */
export async function rotateVendorKey(ctx: ServiceContext): Promise<KeyRing> {
  const now = ctx.clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx, async (trx) => {
        // The key this rotation replaces is the one its own UPDATE retired: a rotation racing on
        // another node may have replaced the key read a moment earlier.
        const [retired = null] = await retireSigningKeys(trx, 'vendor', now);
        const made = newKey('vendor', now);
        await insertSigningKey(trx, made);
        await audit(ctx, trx, { tenantId: null, action: 'vendor_key.rotated', targetType: 'signing_key', targetId: made.id, before: { keyId: retired }, after: { keyId: made.id }, at: now });
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
