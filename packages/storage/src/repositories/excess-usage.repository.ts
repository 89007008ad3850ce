import type { Page } from '@allot/core';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';

/** One use beyond what is licensed, admitted during a grace period (SPEC 3.3). */
export interface ExcessUse {
  id: string;
  tenantId: string;
  licenseId: string | null;
  licenseCode: string;
  userId: string;
  module: string;
  sessionId: string | null;
  excessUsers: number;
  licensedMaximum: number;
  at: string;
}

export async function insertExcessUse(db: Db, use: ExcessUse): Promise<void> {
  await db
    .insertInto('excess_usage')
    .values({
      id: use.id,
      tenant_id: use.tenantId,
      license_id: use.licenseId,
      license_code: use.licenseCode,
      user_id: use.userId,
      module: use.module,
      session_id: use.sessionId,
      excess_users: use.excessUsers,
      licensed_maximum: use.licensedMaximum,
      at: use.at,
    })
    .execute();
}

export async function listExcessUses(db: Db, tenantId: string, filter: { userId?: string | undefined; module?: string | undefined; licenseId?: string | undefined }, page: PageRequest): Promise<Page<ExcessUse>> {
  let query = db.selectFrom('excess_usage').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.module !== undefined) query = query.where('module', '=', filter.module);
  if (filter.licenseId !== undefined) query = query.where('license_id', '=', filter.licenseId);
  const rows = await query.execute();
  return toPage(
    rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      licenseId: r.license_id,
      licenseCode: r.license_code,
      userId: r.user_id,
      module: r.module,
      sessionId: r.session_id,
      excessUsers: Number(r.excess_users),
      licensedMaximum: Number(r.licensed_maximum),
      at: r.at,
    })),
    page.limit,
  );
}
