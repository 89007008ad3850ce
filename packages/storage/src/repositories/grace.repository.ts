import type { GracePeriod } from '@allot/core';
import type { Db } from '../database.js';

export interface GraceKey extends GracePeriod {
  id: string;
  tenantId: string;
  orderNumber: string;
  createdAt: string;
}

export async function insertGrace(db: Db, grace: GraceKey): Promise<void> {
  await db
    .insertInto('license_grace')
    .values({ id: grace.id, tenant_id: grace.tenantId, license_id: grace.licenseId, starts_at: grace.startsAt, ends_at: grace.endsAt, order_number: grace.orderNumber, created_at: grace.createdAt })
    .execute();
}

export async function graceOfLicenses(db: Db, licenseIds: readonly string[]): Promise<GraceKey[]> {
  if (licenseIds.length === 0) return [];
  const rows = await db.selectFrom('license_grace').selectAll().where('license_id', 'in', [...licenseIds]).orderBy('starts_at').execute();
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, licenseId: r.license_id, startsAt: r.starts_at, endsAt: r.ends_at, orderNumber: r.order_number, createdAt: r.created_at }));
}
