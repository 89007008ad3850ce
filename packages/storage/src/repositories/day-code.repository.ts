import type { Page } from '@allot/core';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface DayCode {
  id: string;
  tenantId: string;
  module: string;
  code: string;
  validOn: string;
  createdAt: string;
}

export async function insertDayCode(db: Db, dayCode: DayCode): Promise<void> {
  await db
    .insertInto('day_codes')
    .values({ id: dayCode.id, tenant_id: dayCode.tenantId, module: dayCode.module, code: dayCode.code, valid_on: dayCode.validOn, created_at: dayCode.createdAt })
    .execute();
}

/** The day code with this text, in any tenant: the caller tells "another tenant" from "unknown". */
export async function findDayCode(db: Db, code: string): Promise<DayCode | null> {
  const row = await db.selectFrom('day_codes').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? { id: row.id, tenantId: row.tenant_id, module: row.module, code: row.code, validOn: row.valid_on, createdAt: row.created_at } : null;
}

export interface IssuedDayCodeView extends DayCode {
  /** Sessions opened with it. */
  uses: number;
}

export interface DayCodeFilter {
  module?: string | undefined;
  /** Codes valid on this day or later (YYYY-MM-DD). */
  validFrom?: string | undefined;
}

function selectIssued(db: Db, tenantId: string) {
  return db
    .selectFrom('day_codes')
    .selectAll()
    .select((eb) => eb.selectFrom('day_code_uses').select(eb.fn.countAll<number | string | bigint>().as('n')).whereRef('day_code_uses.day_code_id', '=', 'day_codes.id').as('uses'))
    .where('tenant_id', '=', tenantId);
}

function toIssued(r: { id: string; tenant_id: string; module: string; code: string; valid_on: string; created_at: string; uses: number | string | bigint | null }): IssuedDayCodeView {
  return { id: r.id, tenantId: r.tenant_id, module: r.module, code: r.code, validOn: r.valid_on, createdAt: r.created_at, uses: Number(r.uses ?? 0) };
}

/** One of the tenant's day codes, with how often it was used. */
export async function findIssuedDayCode(db: Db, tenantId: string, id: string): Promise<IssuedDayCodeView | null> {
  const row = await selectIssued(db, tenantId).where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toIssued(row);
}

/** The tenant's day codes, newest first, with how often each was used. */
export async function listDayCodes(db: Db, tenantId: string, filter: DayCodeFilter, page: PageRequest): Promise<Page<IssuedDayCodeView>> {
  let query = selectIssued(db, tenantId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.module !== undefined) query = query.where('module', '=', filter.module);
  if (filter.validFrom !== undefined) query = query.where('valid_on', '>=', filter.validFrom);
  const rows = await query.execute();
  return toPage(rows.map(toIssued), page.limit);
}

export interface DayCodeUse {
  id: string;
  tenantId: string;
  dayCodeId: string;
  sessionId: string;
  userId: string;
  module: string;
  at: string;
}

export async function insertDayCodeUse(db: Db, use: DayCodeUse): Promise<void> {
  await db
    .insertInto('day_code_uses')
    .values({ id: use.id, tenant_id: use.tenantId, day_code_id: use.dayCodeId, session_id: use.sessionId, user_id: use.userId, module: use.module, at: use.at })
    .execute();
}

export async function listDayCodeUses(db: Db, tenantId: string, filter: { userId?: string | undefined; module?: string | undefined }, page: PageRequest): Promise<Page<DayCodeUse>> {
  let query = db.selectFrom('day_code_uses').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('id', '<', before);
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.module !== undefined) query = query.where('module', '=', filter.module);
  const rows = await query.execute();
  return toPage(rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, dayCodeId: r.day_code_id, sessionId: r.session_id, userId: r.user_id, module: r.module, at: r.at })), page.limit);
}
