import { keyIdOf, licenseFileExpired, publicKeyFrom, readLicenseFile, type FileLicense, type KeyObjectLike, type LicenseFileRefusal } from '@allot/core';

export interface GrantedLicense {
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
}

export type LicenseFileVerdict =
  | {
      valid: true;
      keyId: string;
      customerCode: string;
      customerName: string;
      version: number;
      expiresAt: string;
      expired: boolean;
      installationId: string | null;
      licenses: GrantedLicense[];
    }
  | { valid: false; reason: LicenseFileRefusal; detail: string };

const granted = (l: FileLicense): GrantedLicense => ({
  code: l.code,
  name: l.name,
  model: l.model,
  product: l.product,
  modules: l.modules,
  solution: l.solution,
  quantity: l.quantity,
  unlimited: l.unlimited,
  validFrom: l.validFrom,
  validUntil: l.validUntil,
});

/**
 * Verifies an Allot license file offline, with the vendor's public key(s) alone (PEM or base64),
 * and tells which licenses it grants and until when. Uses the very check the server uses.
 *
 * @example
 * const verdict = verifyLicenseFile(text, { publicKeys: [vendorPem] });
 * if (verdict.valid && !verdict.expired) for (const l of verdict.licenses) console.log(l.code, l.validUntil);
 */
export function verifyLicenseFile(text: string, options: { publicKeys: readonly string[]; decryptionKey?: string; now?: Date }): LicenseFileVerdict {
  const trusted = new Map<string, KeyObjectLike>();
  for (const pem of options.publicKeys) {
    const key = publicKeyFrom(pem);
    trusted.set(keyIdOf(key), key);
  }
  const check = readLicenseFile(text, trusted, options.decryptionKey === undefined ? undefined : Buffer.from(options.decryptionKey, 'base64'));
  if (!check.valid) return check;
  const { payload } = check;
  return {
    valid: true,
    keyId: check.keyId,
    customerCode: payload.customerCode,
    customerName: payload.customerName,
    version: payload.version,
    expiresAt: payload.expiresAt,
    expired: licenseFileExpired(payload.expiresAt, (options.now ?? new Date()).toISOString()),
    installationId: payload.installationId,
    licenses: payload.licenses.map(granted),
  };
}
