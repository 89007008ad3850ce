import { chmodSync, existsSync, linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { StartupError } from '../startup-error.js';

/**
 * The envelope of a sealed secret, stored as `sealed:<base64>`:
 *
 *   version (1 byte, 1) | secret key id (8) | IV (12) | GCM tag (16) | ciphertext
 *
 * AES-256-GCM under the secret key; the version and key id are authenticated with the label
 * (what the text is, e.g. `signing-key:<id>`), so a sealed value moved to another row does not
 * open. A new scheme takes version 2 and reads version 1 as it is.
 */
const prefix = 'sealed:';
const version = 1;
const idBytes = 8;
const ivBytes = 12;
const tagBytes = 16;
const headerBytes = 1 + idBytes;

export type OpenOutcome =
  | { opened: true; text: string }
  /** `other_key`: sealed under another secret key (its id given); `damaged`: the bytes do not authenticate. */
  | { opened: false; reason: 'other_key' | 'damaged' | 'unknown_version' | 'not_sealed'; sealedWith: string | null };

/** Whether stored text is a sealed envelope (else it is plain text of an older version). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(prefix);
}

/**
 * The key that seals private signing keys at rest (`ALLOT_SECRET_KEY`, or `secret.key` in the data
 * dir). Its id is a digest that names it in messages and envelopes without revealing it.
 *
 * @example
 * const key = SecretKey.generate();
 * const sealed = key.seal(pem, 'signing-key:abc');
 * key.open(sealed, 'signing-key:abc') // { opened: true, text: pem }
 */
export class SecretKey {
  readonly #key: Buffer;
  readonly #idBytes: Buffer;
  /** 16 hex digits, shown in logs and errors; never the key. */
  readonly id: string;

  private constructor(key: Buffer) {
    this.#key = key;
    this.#idBytes = createHash('sha256').update('allot secret key id\0').update(key).digest().subarray(0, idBytes);
    this.id = this.#idBytes.toString('hex');
  }

  static generate(): SecretKey {
    return new SecretKey(randomBytes(32));
  }

  /** Base64 of exactly 32 bytes; `source` names where it came from in the error. */
  static fromBase64(text: string, source: string): SecretKey {
    const trimmed = text.trim();
    const key = Buffer.from(trimmed, 'base64');
    if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== trimmed.replace(/=+$/, '')) {
      throw new StartupError(`${source} must be the base64 of 32 random bytes (make one with: openssl rand -base64 32).`);
    }
    return new SecretKey(key);
  }

  toBase64(): string {
    return this.#key.toString('base64');
  }

  seal(text: string, label: string): string {
    const header = Buffer.concat([Buffer.from([version]), this.#idBytes]);
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.concat([header, Buffer.from(label)]));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return prefix + Buffer.concat([header, iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(stored: string, label: string): OpenOutcome {
    if (!isSealed(stored)) return { opened: false, reason: 'not_sealed', sealedWith: null };
    const bytes = Buffer.from(stored.slice(prefix.length), 'base64');
    if (bytes.length < headerBytes + ivBytes + tagBytes) return { opened: false, reason: 'damaged', sealedWith: null };
    if (bytes[0] !== version) return { opened: false, reason: 'unknown_version', sealedWith: null };
    const header = bytes.subarray(0, headerBytes);
    const sealedWith = header.subarray(1).toString('hex');
    if (sealedWith !== this.id) return { opened: false, reason: 'other_key', sealedWith };
    const iv = bytes.subarray(headerBytes, headerBytes + ivBytes);
    const tag = bytes.subarray(headerBytes + ivBytes, headerBytes + ivBytes + tagBytes);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
      decipher.setAAD(Buffer.concat([header, Buffer.from(label)]));
      decipher.setAuthTag(tag);
      const text = Buffer.concat([decipher.update(bytes.subarray(headerBytes + ivBytes + tagBytes)), decipher.final()]).toString('utf8');
      return { opened: true, text };
    } catch {
      return { opened: false, reason: 'damaged', sealedWith };
    }
  }
}

/** What a webhook's signing secret is sealed as: it opens only in its own webhook's row. */
export function webhookSecretLabel(webhookId: string): string {
  return `webhook-secret:${webhookId}`;
}

/**
 * Opens a sealed secret with the current key, else the previous one (during a rotation); plain text
 * of an older version is answered as it is. Null when neither key opens it.
 */
export function openSealed(stored: string, label: string, keys: Pick<SecretKeys, 'current' | 'previous'>): string | null {
  if (!isSealed(stored)) return stored;
  for (const key of [keys.current, keys.previous]) {
    const outcome = key?.open(stored, label);
    if (outcome?.opened === true) return outcome.text;
  }
  return null;
}

export interface SecretKeys {
  /** Seals everything new, and opens what it sealed. */
  current: SecretKey;
  /** `ALLOT_PREVIOUS_SECRET_KEY`: opens what was sealed before a rotation, until start-up seals it again. */
  previous: SecretKey | null;
  /** Where the current key came from, for the start-up log. */
  source: 'ALLOT_SECRET_KEY' | 'secret.key' | 'new secret.key';
}

/** The name of the secret key file in the data dir, beside the SQLite database. */
export const secretKeyFile = 'secret.key';

/**
 * The secret key of this node: `ALLOT_SECRET_KEY` when set; otherwise `secret.key` in the data
 * dir, made (mode 0600) on first start. Two processes starting at once on a new data dir agree:
 * the key is written whole to a file of its own and then linked to its name, which fails for the
 * second, which then reads the first one's.
 */
export function loadSecretKeys(options: { configured: string | undefined; previous: string | undefined; dataDir: string }): SecretKeys {
  const previous = options.previous === undefined ? null : SecretKey.fromBase64(options.previous, 'ALLOT_PREVIOUS_SECRET_KEY');
  if (options.configured !== undefined) return { current: SecretKey.fromBase64(options.configured, 'ALLOT_SECRET_KEY'), previous, source: 'ALLOT_SECRET_KEY' };
  const path = join(options.dataDir, secretKeyFile);
  if (!existsSync(path)) {
    const made = SecretKey.generate();
    const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, `${made.toBase64()}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(draft, path);
      return { current: made, previous, source: 'new secret.key' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return { current: SecretKey.fromBase64(readFileSync(path, 'utf8'), path), previous, source: 'secret.key' };
}
