import type { Kysely } from 'kysely';

/**
 * Login limits that hold under concurrency, and admin-token sessions bound to their token.
 *
 * - `login_attempts` becomes one counter row per subject (`account:<tenant id>:<email key>`,
 *   `ip:<address>`): the password checks of the subject's current window, taken by one guarded
 *   upsert before the password is hashed (`reserveLoginAttempt`). The old rows (one per failure,
 *   counted after the check) are dropped; they would have aged out within 15 minutes anyway.
 * - `console_sessions.admin_token_mac`: for a session opened with `ALLOT_ADMIN_TOKEN`, an
 *   HMAC-SHA256 of that token keyed with the session cookie, so that the session ends when the
 *   configured token changes. Sessions opened with the token before carry none and are ended.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_attempts').execute();
  await db.schema
    .createTable('login_attempts')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('window_started_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_window').on('login_attempts').column('window_started_at').execute();

  await db.schema.alterTable('console_sessions').addColumn('admin_token_mac', 'text').execute();
  await db.deleteFrom('console_sessions').where('user_id', 'is', null).where('api_key_id', 'is', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('console_sessions').where('user_id', 'is', null).where('api_key_id', 'is', null).execute();
  await db.schema.alterTable('console_sessions').dropColumn('admin_token_mac').execute();
  await db.schema.dropTable('login_attempts').execute();
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_subject_at').on('login_attempts').columns(['subject', 'at']).execute();
}
