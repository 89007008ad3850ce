import type { Kysely } from 'kysely';

/**
 * The header of the loaded license file (SPEC 4; Planon's License fields): customer, partner,
 * issue date, installation and grace key, so that the console shows the file as loaded. Null in
 * rows of files loaded before these were kept, until the next file is loaded.
 */
const columns = ['customer_code', 'customer_name', 'partner_id', 'issued_at', 'installation_id', 'grace_license_code', 'grace_starts_at', 'grace_ends_at', 'grace_order_number'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of columns) await db.schema.alterTable('license_file_loads').addColumn(column, 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...columns].reverse()) await db.schema.alterTable('license_file_loads').dropColumn(column).execute();
}
