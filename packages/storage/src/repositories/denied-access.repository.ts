import type { AccessCode, Page } from '@allot/core';
import type { Db, Dialect } from '../database.js';
import type { DomainEvent } from './event.repository.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface Denial {
  id: string;
  tenantId: string;
  userId: string;
  module: string;
  code: AccessCode;
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
    rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, userId: r.user_id, module: r.module, code: r.code as AccessCode, licenseId: r.license_id, at: r.at })),
    page.limit,
  );
}

/**
 * Writes a denial and its event (`access.denied`) together, all or nothing, at the least cost the
 * database allows: one statement on PostgreSQL (a data-modifying `WITH`, atomic on its own, one
 * round trip), one transaction on SQLite (one commit, as the denial alone cost). Pass a transaction
 * as `db` when more belongs with them; then both are written in it.
 */
export async function insertDenialWithEvent(db: Db, dialect: Dialect, denial: Denial, event: DomainEvent, recordedAt: string): Promise<void> {
  const denialRow = { id: denial.id, tenant_id: denial.tenantId, user_id: denial.userId, module: denial.module, code: denial.code, license_id: denial.licenseId, at: denial.at };
  const eventRow = { id: event.id, tenant_id: event.tenantId, type: event.type, payload: JSON.stringify(event.payload), at: event.at, recorded_at: recordedAt };
  if (dialect === 'postgres') {
    await db
      .with('denial', (w) => w.insertInto('denied_access').values(denialRow))
      .insertInto('events')
      .values(eventRow)
      .execute();
    return;
  }
  const write = async (trx: Db) => {
    await trx.insertInto('denied_access').values(denialRow).execute();
    await trx.insertInto('events').values(eventRow).execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}
