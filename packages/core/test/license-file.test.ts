import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, keyIdOf, readLicenseFile, writeLicenseFile, type LicenseFilePayload } from '../src/license-file.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const trusted = new Map([[keyIdOf(publicKey), publicKey]]);
const payload: LicenseFilePayload = {
  format: 'allot-license/1',
  customerCode: 'ACME',
  customerName: 'Acme AG',
  partnerId: null,
  orderNumber: 'PO-1',
  version: 3,
  issuedAt: '2024-01-01T00:00:00.000Z',
  expiresAt: '2030-01-01T00:00:00.000Z',
  installationId: null,
  licenses: [
    { code: 'crm', name: 'CRM', model: 'named', product: 'crm', modules: null, solution: null, quantity: 10, unlimited: false, validFrom: '2024-01-01T00:00:00.000Z', validUntil: null, package: 'Premium', thresholdPercent: null, role: null, heartbeatSeconds: null, bundle: null, retentionDays: null, objectKind: null, countedStatuses: null },
  ],
  grace: null,
};

describe('license file format', () => {
  it('signs canonical JSON and reads it back', () => {
    const file = writeLicenseFile(payload, privateKey, publicKey);
    const check = readLicenseFile(file, trusted);
    expect(check).toMatchObject({ valid: true, payload, keyId: keyIdOf(publicKey) });
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
  });

  it('reads an encrypted file only with its key', () => {
    const key = randomBytes(32);
    const file = writeLicenseFile(payload, privateKey, publicKey, { key, iv: randomBytes(12) });
    expect(readLicenseFile(file, trusted, key).valid).toBe(true);
    expect(readLicenseFile(file, trusted)).toMatchObject({ valid: false, reason: 'encrypted' });
    expect(readLicenseFile(file, trusted, randomBytes(32))).toMatchObject({ valid: false, reason: 'undecryptable' });
  });

  it('draws no randomness of its own: the caller brings the nonce, and a fresh one makes another file', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const once = writeLicenseFile(payload, privateKey, publicKey, { key, iv });
    expect(writeLicenseFile(payload, privateKey, publicKey, { key, iv })).toBe(once);
    expect(writeLicenseFile(payload, privateKey, publicKey, { key, iv: randomBytes(12) })).not.toBe(once);
    expect(() => writeLicenseFile(payload, privateKey, publicKey, { key, iv: randomBytes(8) })).toThrow(RangeError);
  });

  it('refuses every single-character change anywhere in the file', () => {
    const file = writeLicenseFile(payload, privateKey, publicKey);
    let accepted = 0;
    for (let i = 0; i < file.length; i++) {
      if (file[i] === '\n') continue;
      for (const replacement of ['A', 'z', '0', '+']) {
        if (file[i] === replacement) continue;
        const changed = file.slice(0, i) + replacement + file.slice(i + 1);
        if (readLicenseFile(changed, trusted).valid) accepted++;
      }
    }
    expect(accepted).toBe(0);
  });

  it('never throws on random input', () => {
    const file = writeLicenseFile(payload, privateKey, publicKey);
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 3000; i++) {
      const chars = file.split('');
      for (let e = 0; e < 1 + Math.floor(random() * 6); e++) {
        const at = Math.floor(random() * chars.length);
        const roll = random();
        if (roll < 0.3) chars.splice(at, 1);
        else if (roll < 0.6) chars[at] = String.fromCharCode(Math.floor(random() * 0x2fff));
        else if (roll < 0.8) chars.splice(at, 0, '\n');
        else chars.length = at;
      }
      expect(() => readLicenseFile(chars.join(''), trusted)).not.toThrow();
    }
    expect(readLicenseFile(undefined as unknown as string, trusted).valid).toBe(false);
  });
});
