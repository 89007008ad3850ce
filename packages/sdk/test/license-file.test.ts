import { generateKeyPairSync } from 'node:crypto';
import { writeLicenseFile, type LicenseFilePayload } from '@allot/core';
import { describe, expect, it } from 'vitest';
import { verifyLicenseFile } from '../src/index.js';

const vendor = generateKeyPairSync('ed25519');
const vendorPem = vendor.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

const payload: LicenseFilePayload = {
  format: 'allot-license/1',
  customerCode: 'ACME',
  customerName: 'Acme AG',
  partnerId: null,
  orderNumber: 'PO-7',
  version: 2,
  issuedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  installationId: null,
  licenses: [
    {
      code: 'pss', name: 'PSS', model: 'concurrent', product: 'pss2', modules: ['Reservations'], solution: null, quantity: 5, unlimited: false,
      validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2026-07-01T00:00:00.000Z', package: null, thresholdPercent: null, role: null,
      heartbeatSeconds: 300, bundle: null, retentionDays: null, objectKind: null, countedStatuses: null,
    },
  ],
  grace: null,
};
const file = writeLicenseFile(payload, vendor.privateKey, vendor.publicKey);

describe('verifyLicenseFile, offline with the vendor public key alone', () => {
  it('answers the licenses of a good file and what it allows when', () => {
    const verdict = verifyLicenseFile(file, [other, vendorPem], { now: new Date('2026-03-01T00:00:00Z') });
    if (!verdict.valid) throw new Error(verdict.detail);
    expect(verdict).toMatchObject({ customerCode: 'ACME', version: 2, expired: false, licenses: [{ code: 'pss', product: 'pss2', modules: ['Reservations'], validUntil: '2026-07-01T00:00:00.000Z' }] });
    expect(verdict.allows('pss2:reservations', '2026-03-01T00:00:00Z')).toBe(true);
    expect(verdict.allows('pss2:reservations', new Date('2026-07-01T00:00:00Z'))).toBe(false);
    expect(verdict.allows('pss2:desks', '2026-03-01T00:00:00Z')).toBe(false);
    // Printing or sending the verdict carries its data, not the function.
    expect(Object.keys(JSON.parse(JSON.stringify(verdict)))).not.toContain('allows');
  });

  it('takes one key as a string too, and says when the file itself has expired', () => {
    expect(verifyLicenseFile(file, vendorPem, { now: new Date('2027-01-01T00:00:00Z') })).toMatchObject({ valid: true, expired: true });
  });

  it('refuses a file signed by another key, or changed, as a verdict with its reason', () => {
    expect(verifyLicenseFile(file, [other])).toMatchObject({ valid: false, reason: 'unknown_key' });
    const lines = file.split('\n');
    const i = lines.findIndex((l) => /^[A-Za-z0-9+/]{40,}/.test(l));
    lines[i] = `${(lines[i] ?? '').startsWith('A') ? 'B' : 'A'}${(lines[i] ?? '').slice(1)}`;
    expect(verifyLicenseFile(lines.join('\n'), [vendorPem])).toMatchObject({ valid: false });
  });

  it('throws only for a public key that cannot be read', () => {
    expect(() => verifyLicenseFile(file, ['not a key'])).toThrow();
  });
});
