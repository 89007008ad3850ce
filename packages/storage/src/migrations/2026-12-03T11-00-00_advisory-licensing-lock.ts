import type { Kysely } from 'kysely';

/**
 * The licensing lock is a transaction-level advisory lock on PostgreSQL (see `tenantLockStatement`)
 * and the write lock itself on SQLite: the `tenant_locks` rows it once locked are read by nobody.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tenant_locks').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenant_locks')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('changes', 'integer', (c) => c.notNull())
    .execute();
}
