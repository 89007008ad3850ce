import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../compiled-statement.js';

/**
 * Exact lookup caches on every PostgreSQL node: `cache_generations` holds a counter per scope (a
 * tenant id, or '' for what no tenant owns: the catalog, vendor keys, installations), moved by
 * triggers in the same transaction as every write to a table cached lookups read. A node keeps a
 * lookup while the generations of its scopes are what they were when it read it, and reads them
 * in the one statement a request needs. SQLite is owned by one process, which counts its own
 * writes (see `ChangeCounter`), so it has no table here.
 *
 * The tables are those the `ChangeCounter` counts, as they stand at this migration; a storage test
 * checks that every such table has its trigger.
 */
const byTenantColumn = ['api_keys', 'contracts', 'day_codes', 'group_members', 'groups', 'invoices', 'license_assignments', 'license_grace', 'license_groups', 'license_seats', 'licenses', 'purchases', 'upgrade_requests', 'users'];
const ofNoTenant = ['invoice_sequences', 'known_installation_customers', 'known_installations', 'modules', 'products', 'solution_modules', 'solutions'];

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`create table cache_generations (scope text primary key, generation bigint not null)`.execute(db);
  // A row for every scope there is, so that a scope without one names no tenant and is never
  // cached (nor remembered: the path's tenant id is anyone's to make up).
  await sql`insert into cache_generations (scope, generation) select id, 0 from tenants union all select '', 0`.execute(db);
  // Statement-level, with the changed rows as transition tables: a bulk write moves each tenant's
  // counter once. TG_ARGV[0] names the column holding the tenant ('' for the no-tenant scope); a
  // null tenant (a vendor key) is that scope too.
  await sql`
    create function bump_cache_generations() returns trigger language plpgsql as $$
    declare
      changed text;
    begin
      if TG_ARGV[0] = '' then
        insert into cache_generations (scope, generation) values ('', 1)
          on conflict (scope) do update set generation = cache_generations.generation + 1;
        return null;
      end if;
      changed := case TG_OP
        when 'INSERT' then format('select %1$I as scope from new_rows', TG_ARGV[0])
        when 'DELETE' then format('select %1$I as scope from old_rows', TG_ARGV[0])
        else format('select %1$I as scope from new_rows union select %1$I from old_rows', TG_ARGV[0])
      end;
      execute 'insert into cache_generations (scope, generation) select distinct coalesce(scope, ''''), 1 from (' || changed || ') changed'
        || ' on conflict (scope) do update set generation = cache_generations.generation + 1';
      return null;
    end
    $$`.execute(db);
  const scoped: [string, string][] = [...byTenantColumn.map((table): [string, string] => [table, 'tenant_id']), ['tenants', 'id']];
  for (const [table, column] of scoped) {
    await sql`create trigger ${sql.id(`${table}_generation_insert`)} after insert on ${sql.table(table)} referencing new table as new_rows for each statement execute function bump_cache_generations(${sql.lit(column)})`.execute(db);
    await sql`create trigger ${sql.id(`${table}_generation_update`)} after update on ${sql.table(table)} referencing old table as old_rows new table as new_rows for each statement execute function bump_cache_generations(${sql.lit(column)})`.execute(db);
    await sql`create trigger ${sql.id(`${table}_generation_delete`)} after delete on ${sql.table(table)} referencing old table as old_rows for each statement execute function bump_cache_generations(${sql.lit(column)})`.execute(db);
  }
  for (const table of ofNoTenant) {
    await sql`create trigger ${sql.id(`${table}_generation`)} after insert or update or delete or truncate on ${sql.table(table)} for each statement execute function bump_cache_generations('')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const table of [...byTenantColumn, 'tenants']) {
    for (const operation of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.id(`${table}_generation_${operation}`)} on ${sql.table(table)}`.execute(db);
  }
  for (const table of ofNoTenant) await sql`drop trigger ${sql.id(`${table}_generation`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function bump_cache_generations()`.execute(db);
  await sql`drop table cache_generations`.execute(db);
}
