import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('licenses').addColumn('bundle', 'text').execute();
  await db.schema.alterTable('licenses').addColumn('retention_days', 'integer').execute();
  await db.schema.alterTable('licenses').addColumn('object_kind', 'text').execute();
  await db.schema.alterTable('licenses').addColumn('counted_statuses', 'text').execute();

  await db.schema
    .createTable('hit_days')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('hit_days_pk', ['license_id', 'day'])
    .execute();
  await db.schema
    .createTable('hit_years')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('hit_years_pk', ['license_id', 'year'])
    .execute();
  // Accepted idempotency keys: a repeated key is answered `duplicate` and counted never again.
  await db.schema
    .createTable('hit_keys')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('license_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hit_keys_pk', ['tenant_id', 'key'])
    .execute();

  await db.schema
    .createTable('data_usage')
    .addColumn('license_id', 'text', (c) => c.primaryKey().references('licenses.id').onDelete('cascade'))
    .addColumn('total_kilobytes', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('volume_objects')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('volume_objects_pk', ['license_id', 'ref'])
    .execute();

  await db.schema
    .createTable('active_user_links')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('last_access_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('active_user_links_pk', ['license_id', 'user_id'])
    .execute();
  await db.schema.createIndex('active_user_links_user').on('active_user_links').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['active_user_links', 'volume_objects', 'data_usage', 'hit_keys', 'hit_years', 'hit_days']) {
    await db.schema.dropTable(table).execute();
  }
  for (const column of ['counted_statuses', 'object_kind', 'retention_days', 'bundle']) {
    await db.schema.alterTable('licenses').dropColumn(column).execute();
  }
}
