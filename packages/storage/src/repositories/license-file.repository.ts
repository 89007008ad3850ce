import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { LicenseFileLoadsTable } from '../tables/license-files.table.js';

export interface SigningKey {
  id: string;
  purpose: 'vendor' | 'installation';
  publicPem: string;
  /** The private key as the server seals it (`sealed:…`, see the server's `SecretKey`); PEM in rows of older versions. */
  sealedPrivateKey: string;
  createdAt: string;
  retiredAt: string | null;
}

/** Adds a key; the unique index on current keys refuses a second current key of a purpose (a raced rotation). */
export async function insertSigningKey(db: Db, key: SigningKey): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({ id: key.id, purpose: key.purpose, public_pem: key.publicPem, sealed_private_key: key.sealedPrivateKey, created_at: key.createdAt, retired_at: key.retiredAt })
    .execute();
}

/** Adds a current key unless the purpose has one (made by another node at the same moment): answers whether it was added. */
export async function insertFirstSigningKey(db: Db, key: SigningKey): Promise<boolean> {
  const result = await db
    .insertInto('signing_keys')
    .values({ id: key.id, purpose: key.purpose, public_pem: key.publicPem, sealed_private_key: key.sealedPrivateKey, created_at: key.createdAt, retired_at: null })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Keys of a purpose, the current one (not retired) first. */
export async function signingKeys(db: Db, purpose: 'vendor' | 'installation'): Promise<SigningKey[]> {
  const rows = await db.selectFrom('signing_keys').selectAll().where('purpose', '=', purpose).orderBy('created_at', 'desc').execute();
  const keys = rows.map((r) => ({ id: r.id, purpose, publicPem: r.public_pem, sealedPrivateKey: r.sealed_private_key, createdAt: r.created_at, retiredAt: r.retired_at }));
  return [...keys.filter((k) => k.retiredAt === null), ...keys.filter((k) => k.retiredAt !== null)];
}

/**
 * Replaces a key's stored private part, only while it is still `from`: sealing a key written in the
 * clear (or under an older secret key) at start-up, where several nodes may try at once. Answers
 * whether this call changed it.
 */
export async function replacePrivateKey(db: Db, id: string, from: string, to: string): Promise<boolean> {
  const result = await db.updateTable('signing_keys').set({ sealed_private_key: to }).where('id', '=', id).where('sealed_private_key', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Retires the current keys of a purpose and answers their ids: the keys this very write retired, whatever was read before. */
export async function retireSigningKeys(db: Db, purpose: 'vendor' | 'installation', at: string): Promise<string[]> {
  const rows = await db.updateTable('signing_keys').set({ retired_at: at }).where('purpose', '=', purpose).where('retired_at', 'is', null).returning('id').execute();
  return rows.map((r) => r.id);
}

export async function installationId(db: Db): Promise<string | null> {
  const row = await db.selectFrom('installation').select('id').executeTakeFirst();
  return row?.id ?? null;
}

/** Records this installation's id unless one is recorded already (one row, whichever node comes first). */
export async function insertInstallation(db: Db, id: string, at: string): Promise<void> {
  await db.insertInto('installation').values({ id, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
}

/** The loaded license file of a tenant: what the file said, and when and with which key it was loaded. */
export interface LicenseFileLoad {
  tenantId: string;
  version: number;
  keyId: string;
  orderNumber: string | null;
  expiresAt: string;
  loadedAt: string;
  /** Null for files loaded before the header was kept. */
  customerCode: string | null;
  customerName: string | null;
  partnerId: string | null;
  issuedAt: string | null;
  installationId: string | null;
  grace: { licenseCode: string; startsAt: string; endsAt: string; orderNumber: string } | null;
}

type LicenseFileLoadRow = Selectable<LicenseFileLoadsTable>;

function graceOf(r: LicenseFileLoadRow): LicenseFileLoad['grace'] {
  if (r.grace_license_code === null || r.grace_starts_at === null || r.grace_ends_at === null || r.grace_order_number === null) return null;
  return { licenseCode: r.grace_license_code, startsAt: r.grace_starts_at, endsAt: r.grace_ends_at, orderNumber: r.grace_order_number };
}

const toLicenseFileLoad = (r: LicenseFileLoadRow): LicenseFileLoad => ({
  tenantId: r.tenant_id,
  version: Number(r.version),
  keyId: r.key_id,
  orderNumber: r.order_number,
  expiresAt: r.expires_at,
  loadedAt: r.loaded_at,
  customerCode: r.customer_code,
  customerName: r.customer_name,
  partnerId: r.partner_id,
  issuedAt: r.issued_at,
  installationId: r.installation_id,
  grace: graceOf(r),
});

export async function findLicenseFileLoad(db: Db, tenantId: string): Promise<LicenseFileLoad | null> {
  const r = await db.selectFrom('license_file_loads').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return r ? toLicenseFileLoad(r) : null;
}

export async function recordLicenseFileLoad(db: Db, load: LicenseFileLoad): Promise<void> {
  const { tenant_id, ...fields } = {
    tenant_id: load.tenantId,
    version: load.version,
    key_id: load.keyId,
    order_number: load.orderNumber,
    expires_at: load.expiresAt,
    loaded_at: load.loadedAt,
    customer_code: load.customerCode,
    customer_name: load.customerName,
    partner_id: load.partnerId,
    issued_at: load.issuedAt,
    installation_id: load.installationId,
    grace_license_code: load.grace?.licenseCode ?? null,
    grace_starts_at: load.grace?.startsAt ?? null,
    grace_ends_at: load.grace?.endsAt ?? null,
    grace_order_number: load.grace?.orderNumber ?? null,
  };
  await db
    .insertInto('license_file_loads')
    .values({ tenant_id, ...fields })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(fields))
    .execute();
}

export async function insertLicenseRequest(db: Db, request: { id: string; installationId: string; customerCode: string; companyId: string; targetVersion: string | null; content: string; importedAt: string }): Promise<void> {
  await db
    .insertInto('license_requests')
    .values({ id: request.id, installation_id: request.installationId, customer_code: request.customerCode, company_id: request.companyId, target_version: request.targetVersion, content: request.content, imported_at: request.importedAt })
    .execute();
}

/** An installation key the vendor learned from a license request. */
export interface KnownInstallation {
  installationId: string;
  keyId: string;
  publicPem: string;
  learnedAt: string;
}

const toKnownInstallation = (r: { installation_id: string; key_id: string; public_pem: string; learned_at: string }): KnownInstallation => ({
  installationId: r.installation_id,
  keyId: r.key_id,
  publicPem: r.public_pem,
  learnedAt: r.learned_at,
});

/**
 * Learns an installation's key unless the installation is known already, and answers the key on
 * record: the caller compares it, so that a second key for one installation is never taken on.
 */
export async function learnInstallationKey(db: Db, installation: KnownInstallation): Promise<KnownInstallation> {
  await db
    .insertInto('known_installations')
    .values({ installation_id: installation.installationId, key_id: installation.keyId, public_pem: installation.publicPem, learned_at: installation.learnedAt })
    .onConflict((oc) => oc.column('installation_id').doNothing())
    .execute();
  return (await findKnownInstallation(db, installation.installationId)) ?? installation;
}

export async function findKnownInstallation(db: Db, installationId: string): Promise<KnownInstallation | null> {
  const row = await db.selectFrom('known_installations').selectAll().where('installation_id', '=', installationId).executeTakeFirst();
  return row === undefined ? null : toKnownInstallation(row);
}

/** Known installations whose key has this id (one, unless someone reused a key on purpose). */
export async function knownInstallationsWithKey(db: Db, keyId: string): Promise<KnownInstallation[]> {
  const rows = await db.selectFrom('known_installations').selectAll().where('key_id', '=', keyId).orderBy('installation_id').execute();
  return rows.map(toKnownInstallation);
}

export async function addKnownInstallationCustomer(db: Db, entry: { installationId: string; customerCode: string; learnedFrom: 'license_request' | 'license_file'; learnedAt: string }): Promise<void> {
  await db
    .insertInto('known_installation_customers')
    .values({ installation_id: entry.installationId, customer_code: entry.customerCode, learned_from: entry.learnedFrom, learned_at: entry.learnedAt })
    .onConflict((oc) => oc.columns(['installation_id', 'customer_code']).doNothing())
    .execute();
}

export async function isKnownInstallationCustomer(db: Db, installationId: string, customerCode: string): Promise<boolean> {
  const row = await db.selectFrom('known_installation_customers').select('installation_id').where('installation_id', '=', installationId).where('customer_code', '=', customerCode).executeTakeFirst();
  return row !== undefined;
}
