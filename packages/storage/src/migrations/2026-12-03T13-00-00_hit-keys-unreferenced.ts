import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../compiled-statement.js';

/**
 * The accepted idempotency keys no longer reference their tenant: the database checked that
 * reference for every key written (a probe of `tenants` per key, on PostgreSQL a trigger's query
 * per row, which cost more than writing the key itself), though a batch's keys are written only
 * with its count on a license of the tenant, whose references the database checks once. Deleting a
 * tenant deletes its keys (`deleteTenant`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return rebuildSqlite(db, '');
  const { rows } = await sql<{ name: string }>`select conname as name from pg_constraint where conrelid = 'hit_keys'::regclass and contype = 'f'`.execute(db);
  for (const { name } of rows) await sql`alter table hit_keys drop constraint ${sql.id(name)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return rebuildSqlite(db, 'references tenants (id) on delete cascade');
  await sql`alter table hit_keys add constraint hit_keys_tenant_id_fkey foreign key (tenant_id) references tenants (id) on delete cascade`.execute(db);
}

/** SQLite cannot drop a constraint: the table is made again (one b-tree, as `hit-keys-without-rowid` left it). */
async function rebuildSqlite(db: Kysely<any>, tenantReference: string): Promise<void> {
  await sql`create table hit_keys_rebuilt (
    tenant_id text not null ${sql.raw(tenantReference)},
    key text not null,
    license_id text not null,
    at text not null,
    constraint hit_keys_pk primary key (tenant_id, key)
  ) without rowid`.execute(db);
  await sql`insert into hit_keys_rebuilt (tenant_id, key, license_id, at) select tenant_id, key, license_id, at from hit_keys`.execute(db);
  await sql`drop table hit_keys`.execute(db);
  await sql`alter table hit_keys_rebuilt rename to hit_keys`.execute(db);
}
