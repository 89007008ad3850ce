import type { Kysely } from 'kysely';

/**
 * Borrowing (SPEC 11): `licenses.max_borrow_days` (concurrent licenses; 0 allows none, and a
 * license from before has none), and a row per borrow of a live session.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('licenses').addColumn('max_borrow_days', 'integer').execute();
  await db.updateTable('licenses').set({ max_borrow_days: 0 }).where('model', '=', 'concurrent').execute();
  await db.schema
    .createTable('borrows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull().unique().references('sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('modules', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'text')
    .execute();
  await db.schema.createIndex('borrows_tenant_id').on('borrows').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('borrows').execute();
  await db.schema.alterTable('licenses').dropColumn('max_borrow_days').execute();
}
