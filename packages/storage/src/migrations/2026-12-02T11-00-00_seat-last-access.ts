import type { Kysely } from 'kysely';

/**
 * `license_seats.last_access_at`: the last access check a seat answered, so that seat planning can
 * name the seats nobody has used for 30, 60 or 90 days (SPEC 11). Null until the first check.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('license_seats').addColumn('last_access_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('license_seats').dropColumn('last_access_at').execute();
}
