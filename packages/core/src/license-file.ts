import { createCipheriv, createDecipheriv, createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';

/** One license as a license file carries it: the grant, without usage or ids of one installation. */
export interface FileLicense {
  code: string;
  name: string;
  model: string;
  product: string | null;
  modules: string[] | null;
  solution: string | null;
  quantity: number | null;
  unlimited: boolean;
  validFrom: string;
  validUntil: string | null;
  package: string | null;
  thresholdPercent: number | null;
  role: string | null;
  heartbeatSeconds: number | null;
  bundle: string | null;
  retentionDays: number | null;
  objectKind: string | null;
  countedStatuses: string[] | null;
}

/** The signed content of a license file (SPEC 4). */
export interface LicenseFilePayload {
  format: 'allot-license/1';
  customerCode: string;
  customerName: string;
  partnerId: string | null;
  orderNumber: string | null;
  version: number;
  issuedAt: string;
  expiresAt: string;
  installationId: string | null;
  licenses: FileLicense[];
  grace: { licenseCode: string; startsAt: string; endsAt: string; orderNumber: string } | null;
}

const begin = '-----BEGIN ALLOT LICENSE-----';
const end = '-----END ALLOT LICENSE-----';

/** The canonical JSON of a value (RFC 8785): the exact bytes that are signed. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON form');
  return text;
}

const keyIds = new WeakMap<KeyObject, string>();

/** A short stable id of a public key: the first 16 hex digits of the SHA-256 of its DER form. */
export function keyIdOf(publicKey: KeyObject): string {
  let id = keyIds.get(publicKey);
  if (id === undefined) {
    id = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
    keyIds.set(publicKey, id);
  }
  return id;
}

const wrap = (text: string) => text.match(/.{1,64}/g)?.join('\n') ?? '';

/**
 * AES-256-GCM encryption of a payload: the 32-byte key, and a 12-byte nonce drawn fresh for every
 * file by the caller (`randomBytes(12)`), since core draws no randomness of its own.
 */
export interface PayloadEncryption {
  key: Uint8Array;
  iv: Uint8Array;
}

/**
 * Signs a payload into license-file text: an armoured block with the key id, the payload (canonical
 * JSON, base64; optionally AES-256-GCM encrypted) and an Ed25519 signature over the canonical JSON.
 *
 * @example
 * writeLicenseFile(payload, privateKey, publicKey, { key, iv: randomBytes(12) })
 */
export function writeLicenseFile(payload: LicenseFilePayload, privateKey: KeyObject, publicKey: KeyObject, encryptWith?: PayloadEncryption): string {
  const json = canonicalJson(payload);
  const signature = sign(null, Buffer.from(json), privateKey).toString('base64');
  let body: string;
  let encryption = 'none';
  if (encryptWith !== undefined) {
    const { key, iv } = encryptWith;
    if (iv.length !== 12) throw new RangeError('An AES-256-GCM nonce has 12 bytes.');
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    body = Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64');
    encryption = 'aes-256-gcm';
  } else {
    body = Buffer.from(json).toString('base64');
  }
  return [begin, `Key-Id: ${keyIdOf(publicKey)}`, `Encryption: ${encryption}`, '', wrap(body), `=${signature}`, end, ''].join('\n');
}

/** A parsed public key, for callers that should not import node:crypto themselves. */
export type KeyObjectLike = KeyObject;

export type LicenseFileRefusal = 'malformed' | 'unknown_key' | 'bad_signature' | 'encrypted' | 'undecryptable';

export type LicenseFileCheck = { valid: true; payload: LicenseFilePayload; keyId: string } | { valid: false; reason: LicenseFileRefusal; detail: string };

const refuse = (reason: LicenseFileRefusal, detail: string): LicenseFileCheck => ({ valid: false, reason, detail });

const keyCache = new Map<string, KeyObject>();

/** A public key from PEM or base64 DER (SPKI), kept once parsed. */
export function publicKeyFrom(text: string): KeyObject {
  let key = keyCache.get(text);
  if (key === undefined) {
    key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
    if (keyCache.size > 100) keyCache.clear();
    keyCache.set(text, key);
  }
  return key;
}

const base64Digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Whether padded base64 is in its one canonical form: the spare bits before the padding are zero,
 * so that no two texts decode to the same bytes (a changed character always changes the bytes).
 */
function canonicalBase64(text: string): boolean {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding === 0) return true;
  const last = base64Digits.indexOf(text[text.length - padding - 1] ?? '');
  return last >= 0 && (last & (padding === 2 ? 0b1111 : 0b11)) === 0;
}

function isPayload(value: unknown): value is LicenseFilePayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.format === 'allot-license/1' &&
    typeof p.customerCode === 'string' &&
    typeof p.customerName === 'string' &&
    Number.isInteger(p.version) &&
    typeof p.issuedAt === 'string' &&
    typeof p.expiresAt === 'string' &&
    (p.installationId === null || typeof p.installationId === 'string') &&
    Array.isArray(p.licenses) &&
    p.licenses.every((l) => typeof l === 'object' && l !== null && typeof (l as { code?: unknown }).code === 'string' && typeof (l as { model?: unknown }).model === 'string')
  );
}

/**
 * Reads and verifies license-file text against trusted public keys (keyId → key). Answers the
 * payload only when the armour is intact, the key is trusted and the signature holds over the
 * canonical JSON; every other input — truncated, re-encoded, tampered, foreign — is a refusal value.
 *
 * @example
 * const check = readLicenseFile(text, new Map([[keyId, publicKey]]));
 * if (check.valid) console.log(check.payload.licenses);
 */
export function readLicenseFile(text: string, trusted: ReadonlyMap<string, KeyObject>, decryptionKey?: Buffer): LicenseFileCheck {
  if (typeof text !== 'string' || text.length > 1_000_000) return refuse('malformed', 'The file is not license-file text.');
  const lines = (text.includes('\r') ? text.replace(/\r\n/g, '\n') : text).trim().split('\n');
  if (lines[0] !== begin || lines[lines.length - 1] !== end) return refuse('malformed', 'The file lacks its BEGIN or END line: it may be cut off.');
  const keyLine = /^Key-Id: ([0-9a-f]{16})$/.exec(lines[1] ?? '');
  const encryptionLine = /^Encryption: (none|aes-256-gcm)$/.exec(lines[2] ?? '');
  const signatureLine = lines[lines.length - 2] ?? '';
  if (keyLine === null || encryptionLine === null || lines[3] !== '' || !signatureLine.startsWith('=')) return refuse('malformed', 'The file header or signature line is not in order.');
  const bodyText = lines.slice(4, -2).join('');
  const signatureText = signatureLine.slice(1);
  if (bodyText.length % 4 !== 0 || signatureText.length !== 88 || !/^[A-Za-z0-9+/]{86}==$/.test(signatureText)) return refuse('malformed', 'The file body is not valid base64.');
  if (!canonicalBase64(bodyText) || !canonicalBase64(signatureText)) return refuse('malformed', 'The file body is not canonical base64.');
  const body = Buffer.from(bodyText, 'base64');
  const signature = Buffer.from(signatureText, 'base64');
  // The decoder skips characters outside base64: any such character leaves the body short.
  const padding = bodyText.endsWith('==') ? 2 : bodyText.endsWith('=') ? 1 : 0;
  const firstPad = bodyText.indexOf('=');
  if (body.length !== (bodyText.length / 4) * 3 - padding || (firstPad !== -1 && firstPad < bodyText.length - padding)) return refuse('malformed', 'The file body is not valid base64.');
  const keyId = keyLine[1] ?? '';
  const key = trusted.get(keyId);
  if (key === undefined) return refuse('unknown_key', `The file is signed with key ${keyId}, which this installation does not trust.`);
  let json: Buffer;
  if (encryptionLine[1] === 'aes-256-gcm') {
    if (decryptionKey === undefined) return refuse('encrypted', 'The file is encrypted and no license-file key is configured.');
    if (body.length < 29) return refuse('malformed', 'The encrypted body is too short.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', decryptionKey, body.subarray(0, 12));
      decipher.setAuthTag(body.subarray(body.length - 16));
      json = Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
    } catch {
      return refuse('undecryptable', 'The file cannot be decrypted with the configured key, or it was changed.');
    }
  } else {
    json = body;
  }
  if (!verify(null, json, key, signature)) return refuse('bad_signature', 'The signature does not match the content: the file was changed or not signed by this vendor.');
  let payload: unknown;
  try {
    payload = JSON.parse(json.toString('utf8'));
  } catch {
    return refuse('malformed', 'The signed content is not JSON.');
  }
  // The signature holds over these very bytes, so a re-encoded payload has failed already.
  if (!isPayload(payload)) return refuse('malformed', 'The signed content is not an Allot license.');
  return { valid: true, payload, keyId };
}
