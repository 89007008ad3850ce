import type { GracePeriod, ProductGrace } from '@allot/core';
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

/**
 * The grace periods of the tenant's concurrent licenses of a product, with their license: what an
 * attempt on a module the tenant holds no license for is checked against (core's `unlicensedExcess`).
 */
export async function graceOfProduct(db: Db, tenantId: string, product: string): Promise<ProductGrace[]> {
  const rows = await db
    .selectFrom('license_grace')
    .innerJoin('licenses', 'licenses.id', 'license_grace.license_id')
    .select(['licenses.id', 'licenses.code', 'licenses.suspended', 'licenses.valid_from', 'licenses.valid_until', 'license_grace.starts_at', 'license_grace.ends_at'])
    .where('licenses.tenant_id', '=', tenantId)
    .where('licenses.product', '=', product)
    .where('licenses.model', '=', 'concurrent')
    .orderBy('license_grace.starts_at')
    .orderBy('licenses.code')
    .execute();
  return rows.map((r) => ({
    license: { id: r.id, code: r.code, suspended: r.suspended === 1, validFrom: r.valid_from, validUntil: r.valid_until },
    grace: { startsAt: r.starts_at, endsAt: r.ends_at },
  }));
}
