import type { Db } from '../database.js';

export interface SigningKey {
  id: string;
  purpose: 'vendor' | 'installation';
  publicPem: string;
  privatePem: string;
  createdAt: string;
  retiredAt: string | null;
}

export async function insertSigningKey(db: Db, key: SigningKey): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({ id: key.id, purpose: key.purpose, public_pem: key.publicPem, private_pem: key.privatePem, created_at: key.createdAt, retired_at: key.retiredAt })
    .execute();
}

/** Keys of a purpose, the current one (not retired) first. */
export async function signingKeys(db: Db, purpose: 'vendor' | 'installation'): Promise<SigningKey[]> {
  const rows = await db.selectFrom('signing_keys').selectAll().where('purpose', '=', purpose).orderBy('created_at', 'desc').execute();
  const keys = rows.map((r) => ({ id: r.id, purpose, publicPem: r.public_pem, privatePem: r.private_pem, createdAt: r.created_at, retiredAt: r.retired_at }));
  return [...keys.filter((k) => k.retiredAt === null), ...keys.filter((k) => k.retiredAt !== null)];
}

export async function retireSigningKeys(db: Db, purpose: 'vendor' | 'installation', at: string): Promise<void> {
  await db.updateTable('signing_keys').set({ retired_at: at }).where('purpose', '=', purpose).where('retired_at', 'is', null).execute();
}

export async function installationId(db: Db): Promise<string | null> {
  const row = await db.selectFrom('installation').select('id').executeTakeFirst();
  return row?.id ?? null;
}

export async function insertInstallation(db: Db, id: string, at: string): Promise<void> {
  await db.insertInto('installation').values({ id, created_at: at }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export interface LicenseFileLoad {
  tenantId: string;
  version: number;
  keyId: string;
  orderNumber: string | null;
  expiresAt: string;
  loadedAt: string;
}

export async function findLicenseFileLoad(db: Db, tenantId: string): Promise<LicenseFileLoad | null> {
  const r = await db.selectFrom('license_file_loads').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return r ? { tenantId: r.tenant_id, version: Number(r.version), keyId: r.key_id, orderNumber: r.order_number, expiresAt: r.expires_at, loadedAt: r.loaded_at } : null;
}

export async function recordLicenseFileLoad(db: Db, load: LicenseFileLoad): Promise<void> {
  const values = { tenant_id: load.tenantId, version: load.version, key_id: load.keyId, order_number: load.orderNumber, expires_at: load.expiresAt, loaded_at: load.loadedAt };
  await db
    .insertInto('license_file_loads')
    .values(values)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ version: load.version, key_id: load.keyId, order_number: load.orderNumber, expires_at: load.expiresAt, loaded_at: load.loadedAt }))
    .execute();
}

export async function insertLicenseRequest(db: Db, request: { id: string; installationId: string; customerCode: string; companyId: string; targetVersion: string | null; content: string; importedAt: string }): Promise<void> {
  await db
    .insertInto('license_requests')
    .values({ id: request.id, installation_id: request.installationId, customer_code: request.customerCode, company_id: request.companyId, target_version: request.targetVersion, content: request.content, imported_at: request.importedAt })
    .execute();
}

export async function insertUsageReport(db: Db, report: { id: string; installationId: string; customerCode: string; from: string; to: string; content: string; receivedAt: string }): Promise<void> {
  await db
    .insertInto('usage_reports')
    .values({ id: report.id, installation_id: report.installationId, customer_code: report.customerCode, period_from: report.from, period_to: report.to, content: report.content, received_at: report.receivedAt })
    .execute();
}
