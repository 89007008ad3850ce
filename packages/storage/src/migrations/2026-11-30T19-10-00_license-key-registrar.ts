import { sql, type Kysely } from 'kysely';

/**
 * A registered license key names who registered it (the audit actor), for the key lists. Keys
 * registered before take it from their registration's audit event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('license_keys').addColumn('registered_by', 'text').execute();
  await sql`
    update license_keys set registered_by = (
      select audit_events.actor from audit_events
      where audit_events.action = 'license_key.registered' and audit_events.target_id = license_keys.id
      order by audit_events.id limit 1
    )
    where registered_at is not null`.execute(db);
  await db.schema.createIndex('license_keys_tenant').on('license_keys').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('license_keys_tenant').execute();
  await db.schema.alterTable('license_keys').dropColumn('registered_by').execute();
}
