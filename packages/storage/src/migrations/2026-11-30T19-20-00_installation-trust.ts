import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * What a vendor trusts of offline installations, and the guards that make one-of-a-kind rows so.
 *
 * - `known_installations`: the installation keys a vendor learned from imported license requests;
 *   usage reports are verified against these only, never against a key a report brings along.
 *   `known_installation_customers`: for which customer codes an installation may report (its
 *   requests, and the files the vendor issued bound to it).
 * - `usage_reports.digest`: the SHA-256 of a report's signed content, unique, so that a report
 *   sent twice is stored once. Existing copies of one report keep no digest (all but the first).
 * - `signing_keys_current`: at most one current key per purpose, so that two nodes making or
 *   rotating a key at once cannot both succeed.
 * - `installation.singleton`: one installation row, so that two nodes starting at once agree on
 *   this installation's id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('known_installations')
    .addColumn('installation_id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('public_pem', 'text', (c) => c.notNull())
    .addColumn('learned_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('known_installations_key').on('known_installations').column('key_id').execute();
  await db.schema
    .createTable('known_installation_customers')
    .addColumn('installation_id', 'text', (c) => c.notNull().references('known_installations.installation_id').onDelete('cascade'))
    .addColumn('customer_code', 'text', (c) => c.notNull())
    .addColumn('learned_from', 'text', (c) => c.notNull())
    .addColumn('learned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_installation_customers_pk', ['installation_id', 'customer_code'])
    .execute();

  await db.schema.alterTable('usage_reports').addColumn('digest', 'text').execute();
  await db.schema.alterTable('usage_reports').addColumn('key_id', 'text').execute();
  const reports = await db.selectFrom('usage_reports').select(['id', 'content']).orderBy('id').execute();
  const seen = new Set<string>();
  for (const report of reports as { id: string; content: string }[]) {
    const digest = createHash('sha256').update(report.content).digest('hex');
    if (seen.has(digest)) continue;
    seen.add(digest);
    await db.updateTable('usage_reports').set({ digest }).where('id', '=', report.id).execute();
  }
  await db.schema.createIndex('usage_reports_digest').on('usage_reports').column('digest').unique().execute();

  const now = new Date().toISOString();
  for (const purpose of ['vendor', 'installation']) {
    const current = (await db.selectFrom('signing_keys').select(['id']).where('purpose', '=', purpose).where('retired_at', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc').execute()) as { id: string }[];
    const extra = current.slice(1).map((k) => k.id);
    if (extra.length > 0) await db.updateTable('signing_keys').set({ retired_at: now }).where('id', 'in', extra).execute();
  }
  await db.schema.createIndex('signing_keys_current').on('signing_keys').column('purpose').unique().where(sql.ref('retired_at'), 'is', null).execute();

  await db.schema.alterTable('installation').addColumn('singleton', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  const installations = (await db.selectFrom('installation').select(['id']).orderBy('created_at').orderBy('id').execute()) as { id: string }[];
  const extraInstallations = installations.slice(1).map((i) => i.id);
  if (extraInstallations.length > 0) await db.deleteFrom('installation').where('id', 'in', extraInstallations).execute();
  await db.schema.createIndex('installation_singleton').on('installation').column('singleton').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('installation_singleton').execute();
  await db.schema.alterTable('installation').dropColumn('singleton').execute();
  await db.schema.dropIndex('signing_keys_current').execute();
  await db.schema.dropIndex('usage_reports_digest').execute();
  await db.schema.alterTable('usage_reports').dropColumn('key_id').execute();
  await db.schema.alterTable('usage_reports').dropColumn('digest').execute();
  await db.schema.dropTable('known_installation_customers').execute();
  await db.schema.dropTable('known_installations').execute();
}
