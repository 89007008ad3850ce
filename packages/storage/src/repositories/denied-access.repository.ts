import type { Page } from '@allot/core';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface Denial {
  id: string;
  tenantId: string;
  userId: string;
  module: string;
  code: string;
  licenseId: string | null;
  at: string;
}

export async function insertDenial(db: Db, denial: Denial): Promise<void> {
  await db
    .insertInto('denied_access')
    .values({ id: denial.id, tenant_id: denial.tenantId, user_id: denial.userId, module: denial.module, code: denial.code, license_id: denial.licenseId, at: denial.at })
    .execute();
}

export interface DenialFilter {
  userId?: string | undefined;
  module?: string | undefined;
  code?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Newest first. */
export async function listDenials(db: Db, tenantId: string, filter: DenialFilter, page: PageRequest): Promise<Page<Denial>> {
  let query = db.selectFrom('denied_access').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.module !== undefined) query = query.where('module', '=', filter.module);
  if (filter.code !== undefined) query = query.where('code', '=', filter.code);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  const rows = await query.execute();
  return toPage(
    rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, userId: r.user_id, module: r.module, code: r.code, licenseId: r.license_id, at: r.at })),
    page.limit,
  );
}
