import type { License, LicenseModel, LicenseSource, LicenseStatusCondition, Page } from '@allot/core';
import { sql, type CompiledQuery, type Selectable } from 'kysely';
import { compiledStatement } from '../compiled-statement.js';
import type { Db } from '../database.js';
import type { LicensesTable } from '../tables/licenses.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

function toLicense(row: Selectable<LicensesTable>): License {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    code: row.code,
    name: row.name,
    model: row.model as LicenseModel,
    product: row.product,
    modules: row.modules === null ? null : (JSON.parse(row.modules) as string[]),
    solution: row.solution,
    quantity: row.quantity === null ? null : Number(row.quantity),
    unlimited: row.unlimited === 1,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    suspended: row.suspended === 1,
    package: row.package,
    thresholdPercent: row.threshold_percent === null ? null : Number(row.threshold_percent),
    thresholdReached: row.threshold_reached === 1,
    source: row.source as LicenseSource,
    role: row.role,
    heartbeatSeconds: row.heartbeat_seconds === null ? null : Number(row.heartbeat_seconds),
    maxBorrowDays: row.max_borrow_days === null ? null : Number(row.max_borrow_days),
    bundle: row.bundle as License['bundle'],
    retentionDays: row.retention_days === null ? null : Number(row.retention_days),
    objectKind: row.object_kind,
    countedStatuses: row.counted_statuses === null ? null : (JSON.parse(row.counted_statuses) as string[]),
    used: Number(row.used),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(license: License): Selectable<LicensesTable> {
  return {
    id: license.id,
    tenant_id: license.tenantId,
    code: license.code,
    name: license.name,
    model: license.model,
    product: license.product,
    modules: license.modules === null ? null : JSON.stringify(license.modules),
    solution: license.solution,
    quantity: license.quantity,
    unlimited: license.unlimited ? 1 : 0,
    valid_from: license.validFrom,
    valid_until: license.validUntil,
    suspended: license.suspended ? 1 : 0,
    package: license.package,
    threshold_percent: license.thresholdPercent,
    threshold_reached: license.thresholdReached ? 1 : 0,
    source: license.source,
    role: license.role,
    heartbeat_seconds: license.heartbeatSeconds,
    max_borrow_days: license.maxBorrowDays,
    bundle: license.bundle,
    retention_days: license.retentionDays,
    object_kind: license.objectKind,
    counted_statuses: license.countedStatuses === null ? null : JSON.stringify(license.countedStatuses),
    used: license.used,
    created_at: license.createdAt,
    updated_at: license.updatedAt,
  };
}

export async function insertLicense(db: Db, license: License): Promise<void> {
  await db.insertInto('licenses').values(toRow(license)).execute();
}

export async function findLicense(db: Db, tenantId: string, id: string): Promise<License | null> {
  const row = await db.selectFrom('licenses').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toLicense(row) : null;
}

export async function findLicensesByIds(db: Db, tenantId: string, ids: readonly string[]): Promise<License[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('licenses').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).orderBy('id').execute();
  return rows.map(toLicense);
}

export interface LicenseFilter {
  model?: LicenseModel | undefined;
  product?: string | undefined;
  /** A status at a moment, as `licenseStatusCondition` states it. */
  status?: LicenseStatusCondition | undefined;
}

export async function listLicenses(db: Db, tenantId: string, filter: LicenseFilter, page: PageRequest): Promise<Page<License>> {
  let query = db.selectFrom('licenses').selectAll().where('tenant_id', '=', tenantId).orderBy('id').limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  if (filter.model !== undefined) query = query.where('model', '=', filter.model);
  if (filter.product !== undefined) query = query.where('product', '=', filter.product);
  const status = filter.status;
  if (status !== undefined) {
    query = query.where('suspended', '=', status.suspended ? 1 : 0);
    if (status.expired === true) query = query.where('valid_until', 'is not', null).where('valid_until', '<=', status.now);
    if (status.expired === false) query = query.where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', status.now)]));
  }
  return toPage((await query.execute()).map(toLicense), page.limit);
}

/** Every license of a tenant (for overviews; tenants hold tens, not millions). */
export async function allLicenses(db: Db, tenantId: string): Promise<License[]> {
  const rows = await db.selectFrom('licenses').selectAll().where('tenant_id', '=', tenantId).orderBy('product').orderBy('code').execute();
  return rows.map(toLicense);
}

/** Replaces every field but the id, tenant and usage counter. */
export async function updateLicense(db: Db, license: License): Promise<void> {
  const { id, tenant_id, used: _counter, ...fields } = toRow(license);
  await db.updateTable('licenses').set(fields).where('tenant_id', '=', tenant_id).where('id', '=', id).execute();
}

export async function deleteLicense(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('licenses').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A LIKE pattern matching `text` literally: `_` is a code character (`WebDAV_Audit`) and a wildcard. */
const likeLiteral = (text: string) => text.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * Licenses of the tenant that cover `product:module`: licenses of the product naming the module or
 * all modules, and solution licenses whose solution holds the module. Licenses store the catalog's
 * spelling, so `product` and `module` are the catalog's (see `resolveModuleRefs`).
 */
export async function licensesCoveringModule(db: Db, tenantId: string, product: string, module: string): Promise<License[]> {
  const rows = await db
    .selectFrom('licenses')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('solution', 'is', null),
          eb('product', '=', product),
          eb.or([eb('modules', 'is', null), sql<boolean>`${sql.ref('modules')} like ${`%"${likeLiteral(module)}"%`} escape '!'`]),
        ]),
        eb(
          'solution',
          'in',
          eb
            .selectFrom('solutions')
            .innerJoin('solution_modules', 'solution_modules.solution_id', 'solutions.id')
            .innerJoin('modules', 'modules.id', 'solution_modules.module_id')
            .innerJoin('products', 'products.id', 'modules.product_id')
            .select('solutions.code')
            .where('products.code', '=', product)
            .where('modules.code', '=', module),
        ),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map(toLicense);
}

/**
 * The statement that takes a tenant's licensing lock on PostgreSQL for the rest of the transaction
 * (see `Store.lockTenant`), so that seat and session changes of one tenant happen one after another
 * on every node sharing the database: a transaction-level advisory lock, in Allot's own key space
 * (`licensingLocks`, the tenant id's hash). Its waiters queue and are woken one at a time, where
 * waiters on a row lock all wake at each commit and race for the row again (measured with pgbench,
 * 16 clients pipelining lock, insert and commit: 4,500–5,200 against 2,000–3,100 transactions a
 * second). Two tenants whose ids hash alike share a lock: they wait for each other, nothing more.
 */
export function tenantLockStatement(db: Db, tenantId: string): CompiledQuery {
  return takeLicensingLock.bound(db, { tenantId });
}

/** The first key of every licensing lock ('allt'), apart from the one-key locks of the jobs. */
const licensingLocks = 0x616c6c74;

const takeLicensingLock = compiledStatement<{ tenantId: string }, unknown>((db, p) => db.selectNoFrom(sql`pg_advisory_xact_lock(${sql.lit(licensingLocks)}, hashtext(${p('tenantId')}))`.as('locked')));

/**
 * Sets the seats in use. The database refuses (answers false) a count above the quantity when it
 * grows: the last guard against handing out more than the license allows.
 */
export async function setSeatsUsed(db: Db, licenseId: string, used: number): Promise<boolean> {
  const result = await db
    .updateTable('licenses')
    .set({ used })
    .where('id', '=', licenseId)
    .where((eb) => eb.or([eb('unlimited', '=', 1), eb('quantity', 'is', null), eb('quantity', '>=', used), eb('used', '>=', used)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setThresholdReached(db: Db, licenseId: string, reached: boolean): Promise<void> {
  await db.updateTable('licenses').set({ threshold_reached: reached ? 1 : 0 }).where('id', '=', licenseId).execute();
}
