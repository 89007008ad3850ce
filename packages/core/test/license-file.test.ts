import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  fileCatalog,
  keyIdOf,
  licenseFileAllows,
  licenseFileExpired,
  peakSessions,
  readLicenseFile,
  readLicenseRequest,
  readUsageReport,
  signedBlockKeyId,
  writeLicenseFile,
  writeLicenseRequest,
  writeSignedBlock,
  writeUsageReport,
  type FileProduct,
  type FileSolution,
  type LicenseFilePayload,
  type LicenseRequestPayload,
  type UsageReportPayload,
} from '../src/license-file.js';

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

const catalog = {
  products: [{ code: 'pss2', name: 'PSS', modules: [{ code: 'core', name: 'Core' }, { code: 'audit', name: 'Audit' }] }],
  solutions: [{ code: 'fm', name: 'FM', modules: ['pss2:core'] }],
};

describe('the catalog a file carries', () => {
  it('is optional: files issued before it travelled still read, and a malformed one is refused', () => {
    expect(readLicenseFile(writeLicenseFile({ ...payload, catalog }, privateKey, publicKey), trusted)).toMatchObject({ valid: true, payload: { catalog } });
    expect(readLicenseFile(writeLicenseFile(payload, privateKey, publicKey), trusted).valid).toBe(true);
    const broken = [
      { products: [{ code: 'pss2', name: 'PSS' }], solutions: [] },
      { products: [], solutions: [{ code: 'fm', name: 'FM', modules: ['no-colon'] }] },
      { products: [{ code: '', name: 'PSS', modules: [] }], solutions: [] },
      { products: [] },
      null,
    ];
    for (const candidate of broken) {
      expect(readLicenseFile(writeSignedBlock('LICENSE', { ...payload, catalog: candidate }, privateKey, publicKey), trusted)).toMatchObject({ valid: false, reason: 'malformed' });
    }
  });

  const products: FileProduct[] = [
    { code: 'pss2', name: 'PSS', modules: [{ code: 'space', name: 'Space' }, { code: 'core', name: 'Core' }] },
    { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }] },
    { code: 'unused', name: 'Unused', modules: [] },
  ];
  const solutions: FileSolution[] = [
    { code: 'fm', name: 'FM', modules: ['pss2:space', 'crm:leads'] },
    { code: 'other', name: 'Other', modules: ['unused:x'] },
  ];
  it.each([
    { name: 'a product license takes its product with every module', licenses: [{ product: 'pss2', solution: null }], products: ['pss2'], solutions: [] },
    { name: 'a solution license takes the solution and the products of its modules', licenses: [{ product: null, solution: 'fm' }], products: ['crm', 'pss2'], solutions: ['fm'] },
    { name: 'codes match ignoring case', licenses: [{ product: 'PSS2', solution: null }], products: ['pss2'], solutions: [] },
    { name: 'no licenses, no entries', licenses: [], products: [], solutions: [] },
    { name: 'an entry the catalog lacks is left out', licenses: [{ product: 'gone', solution: 'gone' }], products: [], solutions: [] },
  ])('$name', ({ licenses, products: wantProducts, solutions: wantSolutions }) => {
    const picked = fileCatalog(licenses, products, solutions);
    expect(picked.products.map((p) => p.code)).toEqual(wantProducts);
    expect(picked.solutions.map((s) => s.code)).toEqual(wantSolutions);
  });

  it('sorts entries and modules, so that one catalog always signs the same bytes', () => {
    const picked = fileCatalog([{ product: null, solution: 'fm' }], [...products].reverse(), solutions);
    expect(picked).toEqual({
      products: [
        { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }] },
        { code: 'pss2', name: 'PSS', modules: [{ code: 'core', name: 'Core' }, { code: 'space', name: 'Space' }] },
      ],
      solutions: [{ code: 'fm', name: 'FM', modules: ['crm:leads', 'pss2:space'] }],
    });
  });
});

describe('license file expiry', () => {
  it.each([
    ['2026-02-01T00:00:00.000Z', '2026-01-31T23:59:59.999Z', false],
    ['2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', true],
    ['2026-02-01T00:00:00Z', '2026-02-01T00:00:01.000Z', true],
    ['2026-02-01T01:00:00+02:00', '2026-01-31T23:30:00.000Z', true],
    ['2026-02-01T01:00:00-02:00', '2026-02-01T02:59:00.000Z', false],
    ['not a time', '2026-01-01T00:00:00.000Z', true],
  ])('a file expiring %s has expired at %s: %s', (expiresAt, now, expired) => {
    expect(licenseFileExpired(expiresAt, now)).toBe(expired);
  });
});

describe('license requests and usage reports: the same signed block under their own label', () => {
  const installation = generateKeyPairSync('ed25519');
  const request: LicenseRequestPayload = {
    format: 'allot-license-request/2',
    installationId: 'ins_1',
    publicKeyPem: installation.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    customerCode: 'ACME',
    customerName: 'Acme AG',
    companyId: 'C-1',
    targetVersion: '8.2',
    createdAt: '2026-01-01T00:00:00.000Z',
    licenses: [],
  };
  const report: UsageReportPayload = {
    format: 'allot-usage-report/2',
    installationId: 'ins_1',
    customerCode: 'ACME',
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-02-01T00:00:00.000Z',
    createdAt: '2026-02-01T00:00:00.000Z',
    hits: [{ licenseCode: 'h', hits: 3 }],
    data: [],
    sessions: [],
    denials: { seat_limit: 2 },
  };
  const installationKeys = new Map([[keyIdOf(installation.publicKey), installation.publicKey]]);

  it('reads a request signed by the key it names, and refuses one whose key is another', () => {
    const text = writeLicenseRequest(request, installation.privateKey, installation.publicKey);
    expect(text.startsWith('-----BEGIN ALLOT LICENSE REQUEST-----\nKey-Id: ')).toBe(true);
    expect(readLicenseRequest(text)).toMatchObject({ valid: true, payload: request, keyId: keyIdOf(installation.publicKey) });
    const stranger = generateKeyPairSync('ed25519');
    expect(readLicenseRequest(writeLicenseRequest(request, stranger.privateKey, stranger.publicKey))).toMatchObject({ valid: false, reason: 'unknown_key' });
    expect(readLicenseRequest(writeLicenseRequest({ ...request, publicKeyPem: 'nonsense' }, installation.privateKey, installation.publicKey))).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('reads a usage report only with a key the reader trusts, never one it names', () => {
    const text = writeUsageReport(report, installation.privateKey, installation.publicKey);
    expect(signedBlockKeyId(text, 'USAGE REPORT')).toBe(keyIdOf(installation.publicKey));
    expect(readUsageReport(text, installationKeys)).toMatchObject({ valid: true, payload: report });
    expect(readUsageReport(text, new Map())).toMatchObject({ valid: false, reason: 'unknown_key' });
    expect(readUsageReport(text, trusted)).toMatchObject({ valid: false, reason: 'unknown_key' });
  });

  it('never takes one kind of block for another', () => {
    const reportText = writeUsageReport(report, installation.privateKey, installation.publicKey);
    const licenseText = writeLicenseFile(payload, privateKey, publicKey);
    expect(readLicenseFile(reportText, installationKeys)).toMatchObject({ valid: false, reason: 'malformed' });
    expect(readUsageReport(licenseText, trusted)).toMatchObject({ valid: false, reason: 'malformed' });
    expect(signedBlockKeyId(licenseText, 'USAGE REPORT')).toBeNull();
    // Relabelled, a license file is still no usage report: its content is checked too.
    expect(readUsageReport(licenseText.replaceAll('ALLOT LICENSE', 'ALLOT USAGE REPORT'), trusted)).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('refuses every single-character change of a usage report', () => {
    const text = writeUsageReport(report, installation.privateKey, installation.publicKey);
    let accepted = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n') continue;
      const changed = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
      if (readUsageReport(changed, installationKeys).valid) accepted++;
    }
    expect(accepted).toBe(0);
  });
});

describe('peak sessions of a usage report', () => {
  const at = (hour: number) => `2026-01-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const span = (from: number, to: number | null, expires = 23) => ({ startedAt: at(from), endedAt: to === null ? null : at(to), expiresAt: at(expires) });
  it.each([
    { name: 'no sessions', spans: [], peak: 0 },
    { name: 'two overlapping', spans: [span(1, 3), span(2, 4)], peak: 2 },
    { name: 'one ends as the next starts', spans: [span(1, 2), span(2, 3)], peak: 1 },
    { name: 'an open session counts until it expires', spans: [span(1, null, 5), span(4, 6)], peak: 2 },
    { name: 'sessions outside the period do not count', spans: [span(0, 1), span(12, 13), span(20, 21)], peak: 1 },
    { name: 'a session begun before the period counts from its start', spans: [span(0, 10), span(3, 4)], peak: 2 },
  ])('$name', ({ spans, peak }) => {
    expect(peakSessions(spans, at(2), at(20))).toBe(peak);
  });
});

describe('what a license file allows offline', () => {
  const license = (over: Partial<LicenseFilePayload['licenses'][number]>) => ({ ...(payload.licenses[0] as LicenseFilePayload['licenses'][number]), ...over });
  const file: LicenseFilePayload = {
    ...payload,
    expiresAt: '2030-01-01T00:00:00.000Z',
    licenses: [
      license({ code: 'crm-all', product: 'CRM', modules: null, validFrom: '2024-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00.000Z' }),
      license({ code: 'pss-some', product: 'pss2', modules: ['Reservations'], validFrom: '2024-01-01T00:00:00.000Z', validUntil: null }),
      license({ code: 'suite', product: null, modules: null, solution: 'Suite', validFrom: '2024-06-01T00:00:00.000Z', validUntil: null }),
    ],
    catalog: { products: [], solutions: [{ code: 'Suite', name: 'Suite', modules: ['hr:payroll'] }] },
  };
  it.each([
    ['a product license covers every module of its product, ignoring case', 'crm:Reports', '2025-06-01T00:00:00Z', true],
    ['not before validFrom (a bound written without milliseconds)', 'crm:reports', '2023-12-31T23:59:59.999Z', false],
    ['from the very instant of validFrom', 'crm:reports', '2024-01-01T00:00:00.000Z', true],
    ['not from validUntil on', 'crm:reports', '2026-01-01T00:00:00Z', false],
    ['a module among the listed modules', 'PSS2:reservations', '2025-06-01T00:00:00Z', true],
    ['not a module outside them', 'pss2:Desks', '2025-06-01T00:00:00Z', false],
    ['a module of a solution the file carries', 'hr:payroll', '2025-06-01T00:00:00Z', true],
    ['not another module of that product', 'hr:recruiting', '2025-06-01T00:00:00Z', false],
    ['nothing once the file itself has expired', 'pss2:Reservations', '2030-01-01T00:00:00Z', false],
    ['nothing for text that names no module', 'crm', '2025-06-01T00:00:00Z', false],
    ['nothing at an instant that cannot be read', 'crm:reports', 'soon', false],
  ])('%s', (_, module, at, allowed) => {
    expect(licenseFileAllows(file, module, at)).toBe(allowed);
  });
});
