import type { Kysely } from 'kysely';

/**
 * `seat_last_access`: the last access check a seat answered, per license and user, so that seat
 * planning can name the seats nobody has used for 30, 60 or 90 days (SPEC 11). A table of its own,
 * not a column of `license_seats`: it is written as people work, and must not touch the rows the
 * access check's caches are built from.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('seat_last_access')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seat_last_access_pk', ['license_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('seat_last_access').execute();
}
