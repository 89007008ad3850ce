import type { Page, UpgradeLine, UpgradeStatus } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { UpgradeRequestsTable } from '../tables/commerce.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface UpgradeRequest {
  id: string;
  tenantId: string;
  /** The tenant's name as it is now (read with the request, for the vendor's queue). */
  tenantName: string;
  status: UpgradeStatus;
  product: string;
  /** The catalog's name of the product (or solution) as it is now; its code when it is gone. */
  productName: string;
  items: UpgradeLine[];
  monthlyTotal: number;
  currency: string;
  purchaseOrder: string | null;
  requestedBy: string | null;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
}

function toUpgradeRequest(row: Selectable<UpgradeRequestsTable> & { tenant_name: string; product_name: string }): UpgradeRequest {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    status: row.status as UpgradeStatus,
    product: row.product,
    productName: row.product_name,
    items: JSON.parse(row.items) as UpgradeLine[],
    monthlyTotal: Number(row.monthly_total),
    currency: row.currency,
    purchaseOrder: row.purchase_order,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    reason: row.reason,
  };
}

/** Requests with their tenant's name and their product's (or solution's) name. */
function withTenantName(db: Db) {
  return db
    .selectFrom('upgrade_requests')
    .innerJoin('tenants', 'tenants.id', 'upgrade_requests.tenant_id')
    .leftJoin('products', 'products.code', 'upgrade_requests.product')
    .leftJoin('solutions', 'solutions.code', 'upgrade_requests.product')
    .selectAll('upgrade_requests')
    .select((eb) => ['tenants.name as tenant_name', eb.fn.coalesce('products.name', 'solutions.name', 'upgrade_requests.product').as('product_name')]);
}

/** Inserts an open request; the partial unique index `upgrade_requests_open` refuses a second open one per product. */
export async function insertUpgradeRequest(db: Db, request: UpgradeRequest, recordedAt: string): Promise<void> {
  await db
    .insertInto('upgrade_requests')
    .values({
      id: request.id,
      tenant_id: request.tenantId,
      product: request.product,
      status: request.status,
      items: JSON.stringify(request.items),
      monthly_total: request.monthlyTotal,
      currency: request.currency,
      purchase_order: request.purchaseOrder,
      requested_by: request.requestedBy,
      requested_at: request.requestedAt,
      decided_at: null,
      decided_by: null,
      reason: null,
      created_at: recordedAt,
      updated_at: recordedAt,
    })
    .execute();
}

/** A request of the tenant, or with `tenantId` null of any tenant (the vendor's queue). */
export async function findUpgradeRequest(db: Db, tenantId: string | null, id: string): Promise<UpgradeRequest | null> {
  let query = withTenantName(db).where('upgrade_requests.id', '=', id);
  if (tenantId !== null) query = query.where('upgrade_requests.tenant_id', '=', tenantId);
  const row = await query.executeTakeFirst();
  return row ? toUpgradeRequest(row) : null;
}

export interface UpgradeRequestFilter {
  status?: UpgradeStatus | undefined;
  product?: string | undefined;
}

/** Requests in id (creation) order: a tenant's, or with `tenantId` null every tenant's. */
export async function listUpgradeRequests(db: Db, tenantId: string | null, filter: UpgradeRequestFilter, page: PageRequest): Promise<Page<UpgradeRequest>> {
  let query = withTenantName(db).orderBy('upgrade_requests.id').limit(page.limit + 1);
  if (tenantId !== null) query = query.where('upgrade_requests.tenant_id', '=', tenantId);
  if (filter.status !== undefined) query = query.where('upgrade_requests.status', '=', filter.status);
  if (filter.product !== undefined) query = query.where((eb) => eb(eb.fn('lower', ['upgrade_requests.product']), '=', filter.product?.toLowerCase() ?? ''));
  const after = cursorId(page);
  if (after !== null) query = query.where('upgrade_requests.id', '>', after);
  return toPage((await query.execute()).map(toUpgradeRequest), page.limit);
}

/**
 * Closes an open request as approved or rejected. Guarded by `status = 'open'`: of two decisions
 * racing on any nodes one changes the row, and the other learns it changed nothing (false).
 */
export async function decideUpgradeRequest(
  db: Db,
  id: string,
  decision: { status: Exclude<UpgradeStatus, 'open'>; decidedAt: string; decidedBy: string; reason: string | null },
  recordedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('upgrade_requests')
    .set({ status: decision.status, decided_at: decision.decidedAt, decided_by: decision.decidedBy, reason: decision.reason, updated_at: recordedAt })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
