import { emailKey, type Page, type Role, type User } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { UsersTable } from '../tables/users.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';
import { containsText } from './text-search.js';
import { inChunks } from '../chunks.js';

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    certifiedProfessional: row.certified_professional === 1,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertUser(db: Db, user: User, passwordHash: string | null): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      tenant_id: user.tenantId,
      email: user.email,
      email_key: emailKey(user.email),
      name: user.name,
      roles: JSON.stringify(user.roles),
      certified_professional: user.certifiedProfessional ? 1 : 0,
      password_hash: passwordHash,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    })
    .execute();
}

export async function findUser(db: Db, tenantId: string, id: string): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

/** A user by id alone, for a console session that names only the user. */
export async function findUserById(db: Db, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** The user and their password hash, for console login. */
export async function findUserCredentials(
  db: Db,
  tenantId: string,
  email: string,
): Promise<{ user: User; passwordHash: string | null } | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('email_key', '=', emailKey(email))
    .executeTakeFirst();
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

/** Of the ids given, those that are not users of the tenant. */
export async function missingUserIds(db: Db, tenantId: string, ids: readonly string[]): Promise<string[]> {
  const found = new Set(
    await inChunks(ids, 1000, async (chunk) => (await db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('id', 'in', chunk).execute()).map((row) => row.id)),
  );
  return ids.filter((id) => !found.has(id));
}

/** Of the e-mail keys given (`emailKey`), those a user of the tenant already has. */
export async function takenEmailKeys(db: Db, tenantId: string, keys: readonly string[]): Promise<Set<string>> {
  return new Set(
    await inChunks(keys, 1000, async (chunk) => (await db.selectFrom('users').select('email_key').where('tenant_id', '=', tenantId).where('email_key', 'in', chunk).execute()).map((row) => row.email_key)),
  );
}

export interface UserFilter {
  role?: Role | undefined;
  certifiedProfessional?: boolean | undefined;
  email?: string | undefined;
  groupId?: string | undefined;
  /** Part of the name or e-mail address, any letter case. */
  q?: string | undefined;
}

export async function listUsers(db: Db, tenantId: string, filter: UserFilter, page: PageRequest): Promise<Page<User>> {
  let query = db
    .selectFrom('users')
    .selectAll('users')
    .where('users.tenant_id', '=', tenantId)
    .orderBy('users.id')
    .limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('users.id', '>', after);
  if (filter.email !== undefined) query = query.where('users.email_key', '=', emailKey(filter.email));
  const q = filter.q?.trim() ?? '';
  if (q !== '') query = query.where((eb) => eb.or([containsText(db, 'users.name', q), containsText(db, 'users.email_key', q)]));
  if (filter.certifiedProfessional !== undefined) {
    query = query.where('users.certified_professional', '=', filter.certifiedProfessional ? 1 : 0);
  }
  // Roles are a JSON array of plain words, so a quoted match is exact.
  if (filter.role !== undefined) query = query.where('users.roles', 'like', `%"${filter.role}"%`);
  if (filter.groupId !== undefined) {
    const groupId = filter.groupId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('group_members')
          .select('group_members.user_id')
          .whereRef('group_members.user_id', '=', 'users.id')
          .where('group_members.group_id', '=', groupId),
      ),
    );
  }
  return toPage((await query.execute()).map(toUser), page.limit);
}

export interface UserChanges {
  email?: string | undefined;
  name?: string | undefined;
  roles?: Role[] | undefined;
  certifiedProfessional?: boolean | undefined;
  /** A new hash, or null to remove the password. */
  passwordHash?: string | null | undefined;
}

export async function updateUser(db: Db, tenantId: string, id: string, changes: UserChanges, updatedAt: string): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(changes.email !== undefined && { email: changes.email, email_key: emailKey(changes.email) }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.roles !== undefined && { roles: JSON.stringify(changes.roles) }),
      ...(changes.certifiedProfessional !== undefined && {
        certified_professional: changes.certifiedProfessional ? 1 : 0,
      }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      updated_at: updatedAt,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** How many users of the tenant hold `role` (roles are a JSON array of plain words: a quoted match is exact). */
export async function countUsersWithRole(db: Db, tenantId: string, role: Role): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('roles', 'like', `%"${role}"%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteUser(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('users').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
