import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('licenses').addColumn('heartbeat_seconds', 'integer').execute();

  await db.schema
    .createTable('license_grace')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('order_number', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('license_grace_license').on('license_grace').column('license_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('heartbeat_seconds', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .execute();
  // Open sessions only: counting who holds a license must not grow with the history of sessions.
  await db.schema.createIndex('sessions_open').on('sessions').columns(['tenant_id', 'expires_at']).where(sql.ref('ended_at'), 'is', null).execute();

  await db.schema
    .createTable('session_modules')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('license_id', 'text')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('excess', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('day_code_id', 'text')
    .addPrimaryKeyConstraint('session_modules_pk', ['session_id', 'module'])
    .execute();
  await db.schema.createIndex('session_modules_license').on('session_modules').column('license_id').execute();

  await db.schema
    .createTable('day_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('valid_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('day_code_uses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('day_code_id', 'text', (c) => c.notNull().references('day_codes.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('day_code_uses_tenant_id').on('day_code_uses').columns(['tenant_id', 'id']).execute();

  await db.schema
    .createTable('excess_usage')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('license_id', 'text')
    .addColumn('license_code', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('excess_users', 'integer', (c) => c.notNull())
    .addColumn('licensed_maximum', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('excess_usage_tenant_id').on('excess_usage').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['excess_usage', 'day_code_uses', 'day_codes', 'session_modules', 'sessions', 'license_grace']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('licenses').dropColumn('heartbeat_seconds').execute();
}
