import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../compiled-statement.js';

/**
 * An accepted idempotency key holds only what makes it unique, its tenant's number and the key,
 * and the batch it came in: the tenant, license and time a batch counted its keys at are stored once
 * per batch (`hit_batches`), not once per key. A key's row was four texts, some 120 bytes, most of
 * them repeated by every key of its batch; it is now the key and two integers, a third of the
 * pages to write, to fsync and to keep for ever (keys are never forgotten).
 *
 * A tenant's number (`tenant_numbers`) is made when its first keys are counted; it goes with the
 * tenant. The keys themselves reference nothing, as `hit-keys-unreferenced` left them: deleting a
 * tenant deletes them (`deleteTenant`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await sql`alter table hit_keys rename to hit_keys_old`.execute(db);
  // PostgreSQL names the primary key's index after its constraint, in the schema's one namespace.
  if (postgres) await sql`alter table hit_keys_old rename constraint hit_keys_pk to hit_keys_old_pk`.execute(db);

  await sql`create table tenant_numbers (
    number ${sql.raw(postgres ? 'integer generated always as identity primary key' : 'integer primary key autoincrement')},
    tenant_id text not null unique references tenants (id) on delete cascade
  )`.execute(db);
  await sql`create table hit_batches (
    id ${sql.raw(postgres ? 'bigint generated always as identity primary key' : 'integer primary key')},
    tenant_id text not null references tenants (id) on delete cascade,
    license_id text not null,
    at text not null
  )`.execute(db);
  await sql`create index hit_batches_tenant on hit_batches (tenant_id)`.execute(db);
  await createKeys(db, postgres, 'tenant integer not null, key text not null, batch bigint not null', ['tenant', 'key']);

  await sql`insert into tenant_numbers (tenant_id) select id from tenants where id in (select tenant_id from hit_keys_old) order by created_at, id`.execute(db);
  await sql`insert into hit_batches (tenant_id, license_id, at)
    select tenant_id, license_id, at from hit_keys_old where tenant_id in (select tenant_id from tenant_numbers)
    group by tenant_id, license_id, at order by min(at)`.execute(db);
  await sql`insert into hit_keys (tenant, key, batch)
    select n.number, k.key, b.id from hit_keys_old k
    join tenant_numbers n on n.tenant_id = k.tenant_id
    join hit_batches b on b.tenant_id = k.tenant_id and b.license_id = k.license_id and b.at = k.at`.execute(db);
  await sql`drop table hit_keys_old`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await sql`alter table hit_keys rename to hit_keys_new`.execute(db);
  if (postgres) await sql`alter table hit_keys_new rename constraint hit_keys_pk to hit_keys_new_pk`.execute(db);
  await createKeys(db, postgres, 'tenant_id text not null, key text not null, license_id text not null, at text not null', ['tenant_id', 'key']);
  await sql`insert into hit_keys (tenant_id, key, license_id, at)
    select b.tenant_id, k.key, b.license_id, b.at from hit_keys_new k join hit_batches b on b.id = k.batch`.execute(db);
  await sql`drop table hit_keys_new`.execute(db);
  await sql`drop table hit_batches`.execute(db);
  await sql`drop table tenant_numbers`.execute(db);
}

/** `hit_keys` with `columns`, its primary key `hit_keys_pk` on `key` (on SQLite the table's one b-tree). */
async function createKeys(db: Kysely<any>, postgres: boolean, columns: string, key: [string, string]): Promise<void> {
  await sql`create table hit_keys (${sql.raw(columns)}, constraint hit_keys_pk primary key (${sql.id(key[0])}, ${sql.id(key[1])}))${sql.raw(postgres ? '' : ' without rowid')}`.execute(db);
}
