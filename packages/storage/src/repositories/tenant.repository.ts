import type { Page, Tenant, TenantMode, TenantStatus } from '@allot/core';
import type { Selectable } from 'kysely';
import { dialectOf } from '../compiled-statement.js';
import type { Db } from '../database.js';
import type { TenantsTable } from '../tables/tenants.table.js';
import { tenantLockStatement } from './license.repository.js';
import { cursorId, toPage, type PageRequest } from './page.js';

function toTenant(row: Selectable<TenantsTable>): Tenant {
  return {
    id: row.id,
    name: row.name,
    customerCode: row.customer_code,
    timeZone: row.time_zone,
    mode: row.mode as TenantMode,
    status: row.status as TenantStatus,
    clock: row.clock,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertTenant(db: Db, tenant: Tenant): Promise<void> {
  await db
    .insertInto('tenants')
    .values({
      id: tenant.id,
      name: tenant.name,
      customer_code: tenant.customerCode,
      time_zone: tenant.timeZone,
      mode: tenant.mode,
      status: tenant.status,
      clock: tenant.clock,
      created_at: tenant.createdAt,
      updated_at: tenant.updatedAt,
    })
    .execute();
}

export async function findTenant(db: Db, id: string): Promise<Tenant | null> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTenant(row) : null;
}

export async function findTenantByCustomerCode(db: Db, customerCode: string): Promise<Tenant | null> {
  const row = await db.selectFrom('tenants').selectAll().where('customer_code', '=', customerCode).executeTakeFirst();
  return row ? toTenant(row) : null;
}

export interface TenantFilter {
  mode?: TenantMode | undefined;
  status?: TenantStatus | undefined;
  /** Only this tenant: what a tenant's own key may list. */
  onlyId?: string | undefined;
}

export async function listTenants(db: Db, filter: TenantFilter, page: PageRequest): Promise<Page<Tenant>> {
  let query = db.selectFrom('tenants').selectAll().orderBy('id').limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  if (filter.mode) query = query.where('mode', '=', filter.mode);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.onlyId) query = query.where('id', '=', filter.onlyId);
  return toPage((await query.execute()).map(toTenant), page.limit);
}

export interface TenantChanges {
  name?: string | undefined;
  customerCode?: string | undefined;
  timeZone?: string | undefined;
  status?: TenantStatus | undefined;
}

export async function updateTenant(db: Db, id: string, changes: TenantChanges, updatedAt: string): Promise<void> {
  await db
    .updateTable('tenants')
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.customerCode !== undefined && { customer_code: changes.customerCode }),
      ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
      ...(changes.status !== undefined && { status: changes.status }),
      updated_at: updatedAt,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Moves a sandbox clock forward. The guard `clock <= to` is checked by the database, so that two
 * racing moves can never take the clock backwards. Answers whether the clock moved.
 */
export async function advanceTenantClock(db: Db, id: string, to: string, updatedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('tenants')
    .set({ clock: to, updated_at: updatedAt })
    .where('id', '=', id)
    .where('mode', '=', 'sandbox')
    .where('clock', '<=', to)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Deletes a tenant and all it owns: its hit keys, which reference nothing (see the
 * `hit-keys-unreferenced` migration), then the tenant, its other rows going with it by their
 * references (its number too, so its keys go first). Run it in a transaction: on
 * PostgreSQL it first takes the tenant's licensing lock, which every transaction counting the
 * tenant's usage holds while it writes, so that none is in flight while the tenant goes. Without
 * it, a batch of hits (locking its license's year, then its day) and the deletion (whose cascade
 * deletes the days, then the years) could wait on each other, and a batch that committed between
 * the two statements would leave its keys behind.
 */
export async function deleteTenant(db: Db, id: string): Promise<boolean> {
  if (dialectOf(db) === 'postgres') await db.executeQuery(tenantLockStatement(db, id));
  await db
    .deleteFrom('hit_keys')
    .where('tenant', '=', db.selectFrom('tenant_numbers').select('number').where('tenant_id', '=', id))
    .execute();
  const result = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
