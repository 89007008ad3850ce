import type { Kysely } from 'kysely';

/**
 * The wait queue of SPEC 11: a waiter per row. `seq` is the queue's order, numbered under the
 * tenant's licensing lock (clocks of several nodes need not agree); unique, so no two share a place.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('modules', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('claim_seconds', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('offered_at', 'text')
    .execute();
  // The waiters of a tenant in order (what every open and every poll reads under the tenant's lock), and the next number.
  await db.schema.createIndex('session_queue_order').on('session_queue').columns(['tenant_id', 'seq']).unique().execute();
  await db.schema.createIndex('session_queue_session').on('session_queue').column('session_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('session_queue').execute();
}
