import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Every change to a tenant's seats or sessions first bumps its row here: the row lock it takes
  // serialises those changes of one tenant across nodes (PostgreSQL) and within the process (SQLite).
  await db.schema
    .createTable('tenant_locks')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('changes', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('licenses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('product', 'text')
    .addColumn('modules', 'text')
    .addColumn('solution', 'text')
    .addColumn('quantity', 'integer')
    .addColumn('unlimited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('package', 'text')
    .addColumn('threshold_percent', 'integer')
    .addColumn('threshold_reached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('licenses_tenant_code_unique', ['tenant_id', 'code'])
    .execute();
  await db.schema.createIndex('licenses_tenant_product').on('licenses').columns(['tenant_id', 'product']).execute();

  for (const [table, column, references] of [
    ['license_assignments', 'user_id', 'users.id'],
    ['license_groups', 'group_id', 'groups.id'],
    ['license_seats', 'user_id', 'users.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
      .addColumn(column, 'text', (c) => c.notNull().references(references).onDelete('cascade'))
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['license_id', column])
      .execute();
    await db.schema.createIndex(`${table}_${column}`).on(table).column(column).execute();
  }

  await db.schema
    .createTable('denied_access')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('license_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('denied_access_tenant_id').on('denied_access').columns(['tenant_id', 'id']).execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_tenant_id').on('events').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['events', 'denied_access', 'license_seats', 'license_groups', 'license_assignments', 'licenses', 'tenant_locks']) {
    await db.schema.dropTable(table).execute();
  }
}
