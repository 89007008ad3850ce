import type { Kysely } from 'kysely';

/**
 * Live sessions are counted from the tenant's open sessions (the partial index `sessions_open`)
 * to their modules by primary key. An index on `session_modules.license_id` tempts SQLite to
 * walk a license's whole session history for every open session instead, so it goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('session_modules_license').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('session_modules_license').on('session_modules').column('license_id').execute();
}
