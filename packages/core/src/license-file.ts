import { createCipheriv, createDecipheriv, createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { inForce } from './license.js';
import { codeKey, isCatalogCode, licenseCoversModule, parseModuleRef } from './module-ref.js';
import { canonicalInstant, instantMillis, parseInstant } from './time.js';

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
  /** Absent in files written before borrowing: none. */
  maxBorrowDays?: number | null;
  bundle: string | null;
  retentionDays: number | null;
  objectKind: string | null;
  countedStatuses: string[] | null;
}

/** What a file's license grants, as shown to people: its subject, quantity and term, no model fields. */
export type LicenseGrant = Pick<FileLicense, 'code' | 'name' | 'model' | 'product' | 'modules' | 'solution' | 'quantity' | 'unlimited' | 'validFrom' | 'validUntil'>;

/** The grant of any license shaped like a file's (a stored license, a file's own): just those fields. */
export function grantOf(l: LicenseGrant): LicenseGrant {
  return {
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
  };
}

/** A product as a license file carries it, with every module, so that an installation can resolve it. */
export interface FileProduct {
  code: string;
  name: string;
  modules: { code: string; name: string }[];
}

/** A solution as a license file carries it: its modules as `product:module`. */
export interface FileSolution {
  code: string;
  name: string;
  modules: string[];
}

/** The catalog entries the licenses of a file name, which loading adds to the installation's catalog. */
export interface FileCatalog {
  products: FileProduct[];
  solutions: FileSolution[];
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
  /** Absent in files issued before catalogs travelled with them; those still load. */
  catalog?: FileCatalog;
}

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

/** A parsed public key, for callers that should not import node:crypto themselves. */
export type KeyObjectLike = KeyObject;

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

// ---------------------------------------------------------------------------------------------
// Signed armoured blocks: the one format of every file Allot hands between installations.
// ---------------------------------------------------------------------------------------------

/** The kinds of signed block Allot writes; each has its own BEGIN/END label and is signed alike. */
export const signedBlockKinds = ['LICENSE', 'LICENSE REQUEST', 'USAGE REPORT', 'BORROW LEASE'] as const;
export type SignedBlockKind = (typeof signedBlockKinds)[number];

const nounOf: Record<SignedBlockKind, string> = { LICENSE: 'license file', 'LICENSE REQUEST': 'license request', 'USAGE REPORT': 'usage report', 'BORROW LEASE': 'borrow lease' };

export type SignedBlockRefusal = 'malformed' | 'unknown_key' | 'bad_signature' | 'encrypted' | 'undecryptable';
/** Why a license file is refused; the same reasons as for any signed block. */
export type LicenseFileRefusal = SignedBlockRefusal;

export type SignedBlockCheck<T> = { valid: true; payload: T; keyId: string } | { valid: false; reason: SignedBlockRefusal; detail: string };
export type LicenseFileCheck = SignedBlockCheck<LicenseFilePayload>;

type Refusal = { valid: false; reason: SignedBlockRefusal; detail: string };
const refuse = (reason: SignedBlockRefusal, detail: string): Refusal => ({ valid: false, reason, detail });

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
 * Signs any JSON content into an armoured block of `kind`: the key id, the content (canonical JSON,
 * base64; optionally AES-256-GCM encrypted) and an Ed25519 signature over the canonical JSON.
 *
 * @example
 * const text = writeSignedBlock('USAGE REPORT', report, privateKey, publicKey);
 */
export function writeSignedBlock(kind: SignedBlockKind, content: unknown, privateKey: KeyObject, publicKey: KeyObject, encryptWith?: PayloadEncryption): string {
  const json = canonicalJson(content);
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
  return [`-----BEGIN ALLOT ${kind}-----`, `Key-Id: ${keyIdOf(publicKey)}`, `Encryption: ${encryption}`, '', wrap(body), `=${signature}`, `-----END ALLOT ${kind}-----`, ''].join('\n');
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

interface Armour {
  keyId: string;
  encrypted: boolean;
  /** Valid until the next `parseArmour`: read it at once (verify, decrypt, decode), never keep it. */
  body: Buffer;
  signature: Buffer;
}

/**
 * Where bodies are decoded. A fresh buffer of a file's size costs more than decoding into it (a new
 * backing store each time, 2-4 µs against 0.5 µs for the decoding), and every reader here uses the
 * body before it returns; bodies above 64 KiB get a buffer of their own.
 */
let decoded = Buffer.allocUnsafeSlow(8192);

function decodeBody(base64: string): Buffer {
  const size = (base64.length / 4) * 3;
  const into = size <= decoded.length ? decoded : size <= 65_536 ? (decoded = Buffer.allocUnsafeSlow(65_536)) : Buffer.allocUnsafeSlow(size);
  return into.subarray(0, into.write(base64, 'base64'));
}

/** The parts of an armoured block, checked for form only (no key, no signature yet). */
function parseArmour(text: string, kind: SignedBlockKind): Armour | Refusal {
  const noun = nounOf[kind];
  if (typeof text !== 'string' || text.length > 1_000_000) return refuse('malformed', `The text is not an Allot ${noun}.`);
  const lines = (text.includes('\r') ? text.replace(/\r\n/g, '\n') : text).trim().split('\n');
  if (lines[0] !== `-----BEGIN ALLOT ${kind}-----` || lines[lines.length - 1] !== `-----END ALLOT ${kind}-----`) {
    return refuse('malformed', `The ${noun} lacks its BEGIN or END line: it may be cut off, or it is not a ${noun}.`);
  }
  const keyLine = /^Key-Id: ([0-9a-f]{16})$/.exec(lines[1] ?? '');
  const encryptionLine = /^Encryption: (none|aes-256-gcm)$/.exec(lines[2] ?? '');
  const signatureLine = lines[lines.length - 2] ?? '';
  if (keyLine === null || encryptionLine === null || lines[3] !== '' || !signatureLine.startsWith('=')) return refuse('malformed', `The ${noun} header or signature line is not in order.`);
  const bodyText = lines.slice(4, -2).join('');
  const signatureText = signatureLine.slice(1);
  if (bodyText.length % 4 !== 0 || signatureText.length !== 88 || !/^[A-Za-z0-9+/]{86}==$/.test(signatureText)) return refuse('malformed', `The ${noun} body is not valid base64.`);
  if (!canonicalBase64(bodyText) || !canonicalBase64(signatureText)) return refuse('malformed', `The ${noun} body is not canonical base64.`);
  const body = decodeBody(bodyText);
  // The decoder skips characters outside base64: any such character leaves the body short.
  const padding = bodyText.endsWith('==') ? 2 : bodyText.endsWith('=') ? 1 : 0;
  const firstPad = bodyText.indexOf('=');
  if (body.length !== (bodyText.length / 4) * 3 - padding || (firstPad !== -1 && firstPad < bodyText.length - padding)) return refuse('malformed', `The ${noun} body is not valid base64.`);
  return { keyId: keyLine[1] ?? '', encrypted: encryptionLine[1] === 'aes-256-gcm', body, signature: Buffer.from(signatureText, 'base64') };
}

const isRefusal = (value: Armour | Refusal): value is Refusal => 'valid' in value;

/**
 * The key id a block names in its header, before anything is verified: for a reader that must
 * look the key up (a vendor finding the installation that signed a usage report). Null when the
 * text is not a block of that kind.
 */
export function signedBlockKeyId(text: string, kind: SignedBlockKind): string | null {
  const armour = parseArmour(text, kind);
  return isRefusal(armour) ? null : armour.keyId;
}

/**
 * Reads and verifies a signed block of `kind` against trusted public keys (keyId → key). Answers
 * the content only when the armour is intact, the key is trusted, the signature holds over the
 * canonical JSON and `isContent` accepts it; every other input — truncated, re-encoded, tampered,
 * foreign — is a refusal value, never an exception.
 *
 * @example
 * const check = readSignedBlock(text, 'USAGE REPORT', new Map([[keyId, publicKey]]), isUsageReport);
 * if (check.valid) console.log(check.payload.hits);
 */
export function readSignedBlock<T>(text: string, kind: SignedBlockKind, trusted: ReadonlyMap<string, KeyObject>, isContent: (value: unknown) => value is T, decryptionKey?: Buffer): SignedBlockCheck<T> {
  const noun = nounOf[kind];
  const armour = parseArmour(text, kind);
  if (isRefusal(armour)) return armour;
  const { keyId, body, signature } = armour;
  const key = trusted.get(keyId);
  if (key === undefined) return refuse('unknown_key', `The ${noun} is signed with key ${keyId}, which is not trusted here.`);
  let json: Buffer;
  if (armour.encrypted) {
    if (decryptionKey === undefined) return refuse('encrypted', `The ${noun} is encrypted and no license-file key is configured.`);
    if (body.length < 29) return refuse('malformed', 'The encrypted body is too short.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', decryptionKey, body.subarray(0, 12));
      decipher.setAuthTag(body.subarray(body.length - 16));
      json = Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
    } catch {
      return refuse('undecryptable', `The ${noun} cannot be decrypted with the configured key, or it was changed.`);
    }
  } else {
    json = body;
  }
  if (!verify(null, json, key, signature)) return refuse('bad_signature', `The signature does not match the content: the ${noun} was changed or not signed by the key it names.`);
  let content: unknown;
  try {
    content = JSON.parse(json.toString('utf8'));
  } catch {
    return refuse('malformed', 'The signed content is not JSON.');
  }
  // The signature holds over these very bytes, so a re-encoded payload has failed already.
  if (!isContent(content)) return refuse('malformed', `The signed content is not an Allot ${noun}.`);
  return { valid: true, payload: content, keyId };
}

// ---------------------------------------------------------------------------------------------
// License files
// ---------------------------------------------------------------------------------------------

/**
 * Signs a payload into license-file text: an armoured block with the key id, the payload (canonical
 * JSON, base64; optionally AES-256-GCM encrypted) and an Ed25519 signature over the canonical JSON.
 */
export function writeLicenseFile(payload: LicenseFilePayload, privateKey: KeyObject, publicKey: KeyObject, encryptWith?: PayloadEncryption): string {
  return writeSignedBlock('LICENSE', payload, privateKey, publicKey, encryptWith);
}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

function isFileProduct(value: unknown): value is FileProduct {
  return (
    isObject(value) &&
    isString(value.code) &&
    isCatalogCode(value.code) &&
    isString(value.name) &&
    Array.isArray(value.modules) &&
    value.modules.every((m) => isObject(m) && isString(m.code) && isCatalogCode(m.code) && isString(m.name))
  );
}

function isFileSolution(value: unknown): value is FileSolution {
  return isObject(value) && isString(value.code) && isCatalogCode(value.code) && isString(value.name) && isStringArray(value.modules) && value.modules.every((m) => parseModuleRef(m) !== null);
}

function isFileCatalog(value: unknown): value is FileCatalog {
  return isObject(value) && Array.isArray(value.products) && value.products.every(isFileProduct) && Array.isArray(value.solutions) && value.solutions.every(isFileSolution);
}

function isLicenseFilePayload(value: unknown): value is LicenseFilePayload {
  if (!isObject(value)) return false;
  const p = value;
  return (
    p.format === 'allot-license/1' &&
    isString(p.customerCode) &&
    isString(p.customerName) &&
    Number.isInteger(p.version) &&
    isString(p.issuedAt) &&
    isString(p.expiresAt) &&
    (p.installationId === null || isString(p.installationId)) &&
    Array.isArray(p.licenses) &&
    p.licenses.every((l) => isObject(l) && isString(l.code) && isString(l.model)) &&
    (p.catalog === undefined || isFileCatalog(p.catalog))
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
  return readSignedBlock(text, 'LICENSE', trusted, isLicenseFilePayload, decryptionKey);
}

/**
 * Whether a license file's `expiresAt` has come at `now` (both ISO instants, any offset). A file
 * whose expiry cannot be read counts as expired. The one rule for issuing (no file that is born
 * expired), loading (an expired file is refused) and offline verification.
 *
 * @example
 * licenseFileExpired('2026-01-01T00:00:00+01:00', '2025-12-31T23:00:00.000Z') // true
 */
export function licenseFileExpired(expiresAt: string, now: string): boolean {
  const expiry = instantMillis(expiresAt);
  const at = instantMillis(now);
  if (expiry === null || at === null) return true;
  return expiry <= at;
}

/**
 * Whether a license file grants `module` (`product:module`) at the instant `at`: the file has not
 * expired, and one of its licenses is in force then and covers the module — through its product
 * (every module, or the module among `modules`) or through a solution of the file's catalog that
 * holds it. Codes compare ignoring case. Nothing is counted offline: this is what the file grants,
 * not whether a seat is free now. The rule the SDK's offline `allows` answers by.
 *
 * @example
 * licenseFileAllows(payload, 'crm:reports', '2026-03-01T00:00:00Z') // true while a crm license is in force
 */
export function licenseFileAllows(payload: LicenseFilePayload, module: string, at: string): boolean {
  const ref = parseModuleRef(module);
  // Instants compare as text only in one format: `at` and the file's bounds are brought to it first.
  const now = canonicalInstant(at);
  if (ref === null || now === null) return false;
  if (licenseFileExpired(payload.expiresAt, now)) return false;
  const product = codeKey(ref.product);
  const wanted = `${product}:${codeKey(ref.module)}`;
  const solutionHolds = (code: string) =>
    (payload.catalog?.solutions ?? []).some((s) => codeKey(s.code) === codeKey(code) && s.modules.some((m) => codeKey(m) === wanted));
  return payload.licenses.some((l) => {
    const validFrom = canonicalInstant(l.validFrom);
    const validUntil = l.validUntil === null ? null : canonicalInstant(l.validUntil);
    if (validFrom === null || (l.validUntil !== null && validUntil === null)) return false;
    // A file carries no suspension: a suspended license is not issued into one.
    if (!inForce({ suspended: false, validFrom, validUntil }, now)) return false;
    if (l.solution !== null) return solutionHolds(l.solution);
    return licenseCoversModule(l, ref);
  });
}

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const sameCode = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The catalog entries a file of these licenses needs: the products they name (with every module),
 * the solutions they name, and the products those solutions draw modules from. `products` and
 * `solutions` are the vendor's catalog entries at hand; entries no license needs are left out.
 * Sorted by code, so that the same catalog signs the same bytes.
 *
 * @example
 * fileCatalog([{ product: 'pss2', solution: null }], [pss2, other], []) // { products: [pss2], solutions: [] }
 */
export function fileCatalog(
  licenses: readonly Pick<FileLicense, 'product' | 'solution'>[],
  products: readonly FileProduct[],
  solutions: readonly FileSolution[],
): FileCatalog {
  const neededSolutions = solutions.filter((s) => licenses.some((l) => l.solution !== null && sameCode(l.solution, s.code)));
  const productCodes = [
    ...licenses.flatMap((l) => (l.product === null ? [] : [l.product])),
    ...neededSolutions.flatMap((s) => s.modules.flatMap((ref) => parseModuleRef(ref)?.product ?? [])),
  ];
  const neededProducts = products.filter((p) => productCodes.some((code) => sameCode(code, p.code)));
  return {
    products: neededProducts.map((p) => ({ code: p.code, name: p.name, modules: p.modules.map((m) => ({ code: m.code, name: m.name })).sort(byCode) })).sort(byCode),
    solutions: neededSolutions.map((s) => ({ code: s.code, name: s.name, modules: [...s.modules].sort() })).sort(byCode),
  };
}

// ---------------------------------------------------------------------------------------------
// License requests and usage reports: signed by the installation's own key
// ---------------------------------------------------------------------------------------------

/** A license request (Creatio's `.tlr`): names the installation and its key, for the vendor to answer. */
export interface LicenseRequestPayload {
  format: 'allot-license-request/2';
  installationId: string;
  /** The installation's public key: the vendor trusts its usage reports from then on. */
  publicKeyPem: string;
  customerCode: string;
  customerName: string;
  companyId: string;
  targetVersion: string | null;
  createdAt: string;
  licenses: { code: string; model: string; quantity: number | null; used: number; validUntil: string | null }[];
}

function isLicenseRequestPayload(value: unknown): value is LicenseRequestPayload {
  return (
    isObject(value) &&
    value.format === 'allot-license-request/2' &&
    isString(value.installationId) &&
    isString(value.publicKeyPem) &&
    isString(value.customerCode) &&
    isString(value.customerName) &&
    isString(value.companyId) &&
    (value.targetVersion === null || isString(value.targetVersion)) &&
    isString(value.createdAt) &&
    Array.isArray(value.licenses)
  );
}

/** Signs a license request with the installation's key, which the request also names. */
export function writeLicenseRequest(payload: LicenseRequestPayload, privateKey: KeyObject, publicKey: KeyObject): string {
  return writeSignedBlock('LICENSE REQUEST', payload, privateKey, publicKey);
}

/**
 * Reads a license request, which is signed by the key it carries: the signature proves that the
 * sender holds the installation's private key. Whether to trust that installation is the vendor's
 * decision in importing it.
 *
 * @example
 * const check = readLicenseRequest(text);
 * if (check.valid) console.log(check.payload.installationId, check.keyId);
 */
export function readLicenseRequest(text: string): SignedBlockCheck<LicenseRequestPayload> {
  const armour = parseArmour(text, 'LICENSE REQUEST');
  if (isRefusal(armour)) return armour;
  if (armour.encrypted) return refuse('malformed', 'A license request is never encrypted.');
  let claimed: unknown;
  try {
    claimed = JSON.parse(armour.body.toString('utf8'));
  } catch {
    return refuse('malformed', 'The signed content is not JSON.');
  }
  if (!isLicenseRequestPayload(claimed)) return refuse('malformed', 'The signed content is not an Allot license request.');
  let key: KeyObject;
  try {
    key = publicKeyFrom(claimed.publicKeyPem);
  } catch {
    return refuse('malformed', 'The license request names no valid public key.');
  }
  if (key.asymmetricKeyType !== 'ed25519' || keyIdOf(key) !== armour.keyId) return refuse('unknown_key', 'The license request is not signed with the key it names.');
  return readSignedBlock(text, 'LICENSE REQUEST', new Map([[armour.keyId, key]]), isLicenseRequestPayload);
}

/** A usage report of a period (SPEC 4), for an offline installation to send to its vendor. */
export interface UsageReportPayload {
  format: 'allot-usage-report/2';
  installationId: string;
  customerCode: string;
  from: string;
  to: string;
  createdAt: string;
  hits: { licenseCode: string; hits: number }[];
  data: { licenseCode: string; totalTicks: number }[];
  sessions: { licenseCode: string; peakSessions: number; licensedMaximum: number | null }[];
  denials: Record<string, number>;
}

function isUsageReportPayload(value: unknown): value is UsageReportPayload {
  return (
    isObject(value) &&
    value.format === 'allot-usage-report/2' &&
    isString(value.installationId) &&
    isString(value.customerCode) &&
    isString(value.from) &&
    parseInstant(value.from) !== null &&
    isString(value.to) &&
    parseInstant(value.to) !== null &&
    isString(value.createdAt) &&
    Array.isArray(value.hits) &&
    Array.isArray(value.data) &&
    Array.isArray(value.sessions) &&
    isObject(value.denials)
  );
}

/** Signs a usage report with the installation's key. */
export function writeUsageReport(payload: UsageReportPayload, privateKey: KeyObject, publicKey: KeyObject): string {
  return writeSignedBlock('USAGE REPORT', payload, privateKey, publicKey);
}

/**
 * Reads a usage report against the installation keys the reader trusts (keyId → key): never
 * against a key the report could bring along itself.
 *
 * @example
 * const check = readUsageReport(text, new Map([[known.keyId, known.publicKey]]));
 */
export function readUsageReport(text: string, trusted: ReadonlyMap<string, KeyObject>): SignedBlockCheck<UsageReportPayload> {
  return readSignedBlock(text, 'USAGE REPORT', trusted, isUsageReportPayload);
}

/** When one session held a license: its start and its end (or, while it counts, its expiry). */
export interface HeldSpan {
  startedAt: string;
  endedAt: string | null;
  expiresAt: string;
}

/**
 * The most sessions live at one moment in `[from, to)`, by a sweep over starts and ends: the peak a
 * usage report tells the vendor. A session counts until it ended or, never ended, until it expired;
 * one that ends as another starts does not overlap it.
 *
 * @example
 * peakSessions([{ startedAt: '…T09:00Z', endedAt: '…T10:00Z', expiresAt: '…' }, …], from, to) // 2
 */
export function peakSessions(spans: readonly HeldSpan[], from: string, to: string): number {
  const moments: [string, number][] = [];
  for (const span of spans) {
    const end = span.endedAt ?? span.expiresAt;
    if (end <= from || span.startedAt >= to || end <= span.startedAt) continue;
    moments.push([span.startedAt < from ? from : span.startedAt, 1], [end, -1]);
  }
  moments.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  let live = 0;
  let peak = 0;
  for (const [, delta] of moments) {
    live += delta;
    peak = Math.max(peak, live);
  }
  return peak;
}
