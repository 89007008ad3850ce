import type { Kysely } from 'kysely';

/**
 * `signing_keys.private_pem` becomes `sealed_private_key`: since the keys are sealed at rest the
 * column holds a `sealed:` envelope, not PEM (a key an older version left in the clear is sealed at
 * the next start). A rename keeps every row as it is; both SQLite (3.25+) and PostgreSQL do it in place.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('signing_keys').renameColumn('private_pem', 'sealed_private_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('signing_keys').renameColumn('sealed_private_key', 'private_pem').execute();
}
