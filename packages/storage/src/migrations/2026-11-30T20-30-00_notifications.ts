import { sql, type Kysely } from 'kysely';

/**
 * Notifications (SPEC 7): the `events` table is the outbox; these tables carry it to people.
 *
 * - `license_expiry_notices`: the expiry marks (30, 7, 1 days before the end, 0 the end) settled
 *   per license and term, one row each, so that no node sends one twice and a renewed term (a new
 *   `valid_until`) gets its own.
 * - `outbox_cursors`: per channel, the event id through which every event has been fanned out.
 *   Cursors of the channels this migration brings start after the events that exist already, so
 *   an upgrade does not notify of the past.
 * - `notifications`: in-app, one row per event and recipient user.
 * - `deliveries`: what a channel sends out (e-mail here, webhooks alike), one row per event and
 *   recipient, with its attempts, its next attempt (or the lease of the node sending it) and its
 *   outcome. The partial index finds what is due without reading what is done.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('license_expiry_notices')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('mark', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('license_expiry_notices_pk', ['license_id', 'valid_until', 'mark'])
    .execute();

  await db.schema
    .createTable('outbox_cursors')
    .addColumn('channel', 'text', (c) => c.primaryKey())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const last = (await db.selectFrom('events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst()) as { id: string } | undefined;
  const now = new Date().toISOString();
  for (const channel of ['in_app', 'email']) {
    await db.insertInto('outbox_cursors').values({ channel, position: last?.id ?? '', updated_at: now }).execute();
  }

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notifications_event_user', ['event_id', 'user_id'])
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('notifications_unread').on('notifications').column('user_id').where(sql.ref('read_at'), 'is', null).execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('response_status', 'integer')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('deliveries_event_recipient', ['channel', 'event_id', 'recipient'])
    .execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['channel', 'next_attempt_at']).where(sql<boolean>`status = 'pending'`).execute();
  await db.schema.createIndex('deliveries_recipient').on('deliveries').columns(['channel', 'recipient', 'id']).execute();

  // The events API filters by type within a tenant.
  await db.schema.createIndex('events_tenant_type').on('events').columns(['tenant_id', 'type', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_tenant_type').execute();
  for (const table of ['deliveries', 'notifications', 'outbox_cursors', 'license_expiry_notices']) {
    await db.schema.dropTable(table).execute();
  }
}
