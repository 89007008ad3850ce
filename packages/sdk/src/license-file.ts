import { grantOf, keyIdOf, licenseFileAllows, licenseFileExpired, publicKeyFrom, readLicenseFile, type KeyObjectLike, type LicenseFilePayload, type LicenseFileRefusal, type LicenseGrant } from '@allot/core';

/** What a file's license grants: its subject, quantity and term. */
export type GrantedLicense = LicenseGrant;

/**
 * A license file whose signature holds: who it is for, until when, the licenses it grants, and
 * `allows(module, at)`, answered by core's rule `licenseFileAllows`.
 */
export class VerifiedLicenseFile {
  readonly valid = true;
  readonly keyId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly version: number;
  readonly expiresAt: string;
  /** Whether the file had expired at the `now` it was verified at. */
  readonly expired: boolean;
  readonly installationId: string | null;
  readonly licenses: GrantedLicense[];
  readonly #payload: LicenseFilePayload;

  constructor(keyId: string, payload: LicenseFilePayload, now: Date) {
    this.keyId = keyId;
    this.customerCode = payload.customerCode;
    this.customerName = payload.customerName;
    this.version = payload.version;
    this.expiresAt = payload.expiresAt;
    this.expired = licenseFileExpired(payload.expiresAt, now.toISOString());
    this.installationId = payload.installationId;
    this.licenses = payload.licenses.map(grantOf);
    this.#payload = payload;
  }

  /**
   * Whether the file grants `module` (`product:module`) at `at` (default now): the file has not
   * expired and a license of it in force then covers the module. Nothing is counted offline.
   *
   * @example
   * if (verdict.valid && verdict.allows('pss2:reservations')) startReservations();
   */
  allows(module: string, at: Date | string = new Date()): boolean {
    return licenseFileAllows(this.#payload, module, typeof at === 'string' ? at : at.toISOString());
  }
}

export type LicenseFileVerdict = VerifiedLicenseFile | { valid: false; reason: LicenseFileRefusal; detail: string };

export interface VerifyLicenseFileOptions {
  /** The AES-256-GCM key (base64) of an encrypted file. */
  decryptionKey?: string;
  /** When `expired` is judged (default now). */
  now?: Date;
}

/** Public keys already read, by their text: an application verifies with the same few keys again and again. */
const parsedKeys = new Map<string, { keyId: string; key: KeyObjectLike }>();

function parsedKey(text: string): { keyId: string; key: KeyObjectLike } {
  const known = parsedKeys.get(text);
  if (known !== undefined) return known;
  const key = publicKeyFrom(text);
  const parsed = { keyId: keyIdOf(key), key };
  if (parsedKeys.size >= 64) parsedKeys.clear();
  parsedKeys.set(text, parsed);
  return parsed;
}

/**
 * The keys a signed block may be signed with, by key id, from public keys as PEM or base64 (one
 * or a list); a text that is no public key throws.
 */
export function trustedKeys(publicKeys: string | readonly string[]): Map<string, KeyObjectLike> {
  const trusted = new Map<string, KeyObjectLike>();
  for (const pem of typeof publicKeys === 'string' ? [publicKeys] : publicKeys) {
    const { keyId, key } = parsedKey(pem);
    trusted.set(keyId, key);
  }
  return trusted;
}

/**
 * Verifies an Allot license file offline, with the vendor's public key(s) alone (PEM or base64),
 * and tells which licenses it grants, until when, and whether it `allows` a module. Uses the very
 * check the server uses. A file that does not verify is a verdict (`valid: false`, with the
 * reason); only a public key that cannot be read throws.
 *
 * @example
 * const verdict = verifyLicenseFile(text, [vendorPem]);
 * if (verdict.valid && verdict.allows('pss2:reservations')) console.log('licensed until', verdict.licenses[0]?.validUntil);
 */
export function verifyLicenseFile(text: string, publicKeys: string | readonly string[], options: VerifyLicenseFileOptions = {}): LicenseFileVerdict {
  const check = readLicenseFile(text, trustedKeys(publicKeys), options.decryptionKey === undefined ? undefined : Buffer.from(options.decryptionKey, 'base64'));
  if (!check.valid) return check;
  return new VerifiedLicenseFile(check.keyId, check.payload, options.now ?? new Date());
}
