import type { Page, Role } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { ApiKeysTable } from '../tables/api-keys.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export type ApiKeyKind = 'vendor_admin' | 'admin' | 'app';

/** An API key as listed: never the key itself, only its prefix. */
export interface ApiKey {
  id: string;
  tenantId: string | null;
  kind: ApiKeyKind;
  name: string;
  roles: Role[];
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind as ApiKeyKind,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiKey(db: Db, key: ApiKey, keyHash: string): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: key.id,
      tenant_id: key.tenantId,
      kind: key.kind,
      name: key.name,
      roles: JSON.stringify(key.roles),
      prefix: key.prefix,
      key_hash: keyHash,
      created_at: key.createdAt,
      revoked_at: key.revokedAt,
    })
    .execute();
}

/** The live (not revoked) key with this hash. */
export async function findLiveApiKeyByHash(db: Db, keyHash: string): Promise<ApiKey | null> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? toApiKey(row) : null;
}

export async function findLiveApiKeyById(db: Db, id: string): Promise<ApiKey | null> {
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? toApiKey(row) : null;
}

export async function findApiKey(db: Db, tenantId: string | null, id: string): Promise<ApiKey | null> {
  let query = db.selectFrom('api_keys').selectAll().where('id', '=', id);
  query = tenantId === null ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', tenantId);
  const row = await query.executeTakeFirst();
  return row ? toApiKey(row) : null;
}

export async function listApiKeys(db: Db, tenantId: string | null, page: PageRequest): Promise<Page<ApiKey>> {
  let query = db.selectFrom('api_keys').selectAll().orderBy('id').limit(page.limit + 1);
  query = tenantId === null ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', tenantId);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  return toPage((await query.execute()).map(toApiKey), page.limit);
}

export async function countLiveVendorKeys(db: Db): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'vendor_admin')
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function revokeApiKey(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  // Console sessions opened with the key end with it.
  await db.deleteFrom('console_sessions').where('api_key_id', '=', id).execute();
  return result.numUpdatedRows > 0n;
}
