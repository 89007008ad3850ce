import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../compiled-statement.js';

/**
 * SQLite: the accepted idempotency keys in one b-tree, their primary key (`WITHOUT ROWID`), rather
 * than a row b-tree and an index beside it: each key of a batch is written once and probed once.
 * PostgreSQL keeps its heap and index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await rebuild(db, 'without rowid');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await rebuild(db, '');
}

async function rebuild(db: Kysely<any>, options: 'without rowid' | ''): Promise<void> {
  await sql`create table hit_keys_rebuilt (
    tenant_id text not null references tenants (id) on delete cascade,
    key text not null,
    license_id text not null,
    at text not null,
    constraint hit_keys_pk primary key (tenant_id, key)
  ) ${sql.raw(options)}`.execute(db);
  await sql`insert into hit_keys_rebuilt (tenant_id, key, license_id, at) select tenant_id, key, license_id, at from hit_keys`.execute(db);
  await sql`drop table hit_keys`.execute(db);
  await sql`alter table hit_keys_rebuilt rename to hit_keys`.execute(db);
}
