import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { keyIdOf, publicKeyFrom } from '@allot/core';
import { insertSigningKey, retireSigningKeys, signingKeys, withAdvisoryLock, type Store } from '@allot/storage';
import type { Clock } from './context.js';

export interface KeyPair {
  keyId: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
  publicPem: string;
}

function toPair(publicPem: string, privatePem: string): KeyPair {
  const publicKey = publicKeyFrom(publicPem);
  return { keyId: keyIdOf(publicKey), publicKey, privateKey: createPrivateKey(privatePem), publicPem };
}

async function makeKey(store: Store, clock: Clock, purpose: 'vendor' | 'installation'): Promise<void> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await insertSigningKey(store.db, {
    id: keyIdOf(publicKey),
    purpose,
    publicPem,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    createdAt: clock.now(),
    retiredAt: null,
  });
}

/**
 * The current key pair of a purpose, made on first use (once across nodes), and the public keys of
 * the retired ones, which stay trusted for verification.
 */
export async function keyRing(store: Store, clock: Clock, purpose: 'vendor' | 'installation'): Promise<{ current: KeyPair; previous: KeyPair[] }> {
  let keys = await signingKeys(store.db, purpose);
  if (keys.length === 0) {
    await withAdvisoryLock(store, `allot:keys:${purpose}`, async () => {
      if ((await signingKeys(store.db, purpose)).length === 0) await makeKey(store, clock, purpose);
    });
    keys = await signingKeys(store.db, purpose);
  }
  const [current, ...previous] = keys.map((k) => toPair(k.publicPem, k.privatePem));
  if (current === undefined) throw new Error(`no ${purpose} key could be made`);
  return { current, previous };
}

/** Makes a new vendor key current; the old one stays trusted for files already issued. */
export async function rotateVendorKey(store: Store, clock: Clock): Promise<{ current: KeyPair; previous: KeyPair[] }> {
  await store.db.transaction().execute(async (trx) => retireSigningKeys(trx, 'vendor', clock.now()));
  await makeKey(store, clock, 'vendor');
  return keyRing(store, clock, 'vendor');
}

/** Every key a license file may be signed with here: this server's vendor keys and the configured ones. */
export async function trustedKeys(store: Store, clock: Clock, configured: string | undefined): Promise<Map<string, KeyObject>> {
  const ring = await keyRing(store, clock, 'vendor');
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
