import { sql, type Kysely } from 'kysely';

/**
 * One delivery machinery for every channel that sends (SPEC 7): webhook deliveries move into
 * `deliveries` (channel `webhooks`, the webhook's id as recipient) and the webhook channel's cursor
 * into `outbox_cursors`; `webhook_deliveries` and `webhook_cursor` go.
 *
 * `deliveries` is made anew, since SQLite cannot drop a foreign key in place: its `event_id` no
 * longer references `events`, because a webhook's `ping` is an event of that delivery alone and
 * never in the outbox. It gains `type` (the event's, for the delivery log) and `body` (what a
 * webhook posts, fixed when the delivery is made, so that every attempt sends the same bytes; null
 * for e-mail, which is written from the event when sent).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deliveries_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('body', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('response_status', 'integer')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Named apart from the old table's constraint, whose index lives until that table is dropped.
    .addUniqueConstraint('deliveries_channel_event_recipient', ['channel', 'event_id', 'recipient'])
    .execute();

  await sql`
    insert into deliveries_next (id, channel, event_id, type, tenant_id, recipient, address, body, status, attempt, next_attempt_at, last_error, response_status, delivered_at, created_at, updated_at)
    select d.id, d.channel, d.event_id, e.type, d.tenant_id, d.recipient, d.address, null, d.status, d.attempt, d.next_attempt_at, d.last_error, d.response_status, d.delivered_at, d.created_at, d.updated_at
    from deliveries d join events e on e.id = d.event_id`.execute(db);
  // A webhook delivery belongs to its event's tenant (a ping, to its webhook's); a settled one
  // keeps its last time as `next_attempt_at`, which only pending deliveries are read by.
  await sql`
    insert into deliveries_next (id, channel, event_id, type, tenant_id, recipient, address, body, status, attempt, next_attempt_at, last_error, response_status, delivered_at, created_at, updated_at)
    select w.id, 'webhooks', w.event_id, w.event_type, coalesce(e.tenant_id, h.tenant_id), w.webhook_id, null, w.body, w.status, w.attempt, coalesce(w.next_attempt_at, w.updated_at), w.last_error, w.response_status, w.delivered_at, w.created_at, w.updated_at
    from webhook_deliveries w join webhooks h on h.id = w.webhook_id left join events e on e.id = w.event_id`.execute(db);

  await db.schema.dropTable('deliveries').execute();
  await db.schema.alterTable('deliveries_next').renameTo('deliveries').execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['channel', 'next_attempt_at']).where(sql<boolean>`status = 'pending'`).execute();
  await db.schema.createIndex('deliveries_recipient').on('deliveries').columns(['channel', 'recipient', 'id']).execute();
  // Pruning reads the settled ones by age.
  await db.schema.createIndex('deliveries_settled').on('deliveries').column('updated_at').where(sql<boolean>`status <> 'pending'`).execute();

  const cursor = (await db.selectFrom('webhook_cursor').select(['last_event_id', 'updated_at']).where('channel', '=', 'webhooks').executeTakeFirst()) as
    | { last_event_id: string; updated_at: string }
    | undefined;
  if (cursor !== undefined) {
    await db.insertInto('outbox_cursors').values({ channel: 'webhooks', position: cursor.last_event_id, updated_at: cursor.updated_at }).execute();
  }
  await db.schema.dropTable('webhook_cursor').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_event').on('webhook_deliveries').columns(['event_id', 'webhook_id']).unique().execute();
  await db.schema.createIndex('webhook_deliveries_webhook_id').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').column('next_attempt_at').where(sql.ref('status'), '=', 'pending').execute();
  await sql`
    insert into webhook_deliveries (id, webhook_id, event_id, event_type, body, status, attempt, next_attempt_at, response_status, last_error, delivered_at, created_at, updated_at)
    select d.id, d.recipient, d.event_id, d.type, d.body, d.status, d.attempt, case when d.status = 'pending' then d.next_attempt_at end, d.response_status, d.last_error, d.delivered_at, d.created_at, d.updated_at
    from deliveries d join webhooks h on h.id = d.recipient where d.channel = 'webhooks' and d.body is not null`.execute(db);

  await db.schema
    .createTable('webhook_cursor')
    .addColumn('channel', 'text', (c) => c.primaryKey())
    .addColumn('last_event_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const cursor = (await db.selectFrom('outbox_cursors').select(['position', 'updated_at']).where('channel', '=', 'webhooks').executeTakeFirst()) as
    | { position: string; updated_at: string }
    | undefined;
  await db
    .insertInto('webhook_cursor')
    .values({ channel: 'webhooks', last_event_id: cursor?.position ?? '', updated_at: cursor?.updated_at ?? new Date().toISOString() })
    .execute();
  await db.deleteFrom('outbox_cursors').where('channel', '=', 'webhooks').execute();

  await db.schema
    .createTable('deliveries_before')
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
  await sql`
    insert into deliveries_before (id, channel, event_id, tenant_id, recipient, address, status, attempt, next_attempt_at, last_error, response_status, delivered_at, created_at, updated_at)
    select d.id, d.channel, d.event_id, d.tenant_id, d.recipient, d.address, d.status, d.attempt, d.next_attempt_at, d.last_error, d.response_status, d.delivered_at, d.created_at, d.updated_at
    from deliveries d join events e on e.id = d.event_id where d.channel <> 'webhooks'`.execute(db);
  await db.schema.dropTable('deliveries').execute();
  await db.schema.alterTable('deliveries_before').renameTo('deliveries').execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['channel', 'next_attempt_at']).where(sql<boolean>`status = 'pending'`).execute();
  await db.schema.createIndex('deliveries_recipient').on('deliveries').columns(['channel', 'recipient', 'id']).execute();
}
