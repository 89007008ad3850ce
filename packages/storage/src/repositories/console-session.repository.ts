import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../database.js';

export interface ConsoleSession {
  userId: string | null;
  apiKeyId: string | null;
  /** For a session opened with `ALLOT_ADMIN_TOKEN` (no user, no key): the token's MAC keyed with the cookie. */
  adminTokenMac: string | null;
  csrfToken: string;
  expiresAt: string;
}

export async function insertConsoleSession(
  db: Db,
  tokenHash: string,
  session: ConsoleSession,
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('console_sessions')
    .values({
      token_hash: tokenHash,
      user_id: session.userId,
      api_key_id: session.apiKeyId,
      admin_token_mac: session.adminTokenMac,
      csrf_token: session.csrfToken,
      created_at: createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The session for a cookie, when it has not expired at `now`. */
export async function findConsoleSession(db: Db, tokenHash: string, now: string): Promise<ConsoleSession | null> {
  const row = await db
    .selectFrom('console_sessions')
    .select(['user_id', 'api_key_id', 'admin_token_mac', 'csrf_token', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? { userId: row.user_id, apiKeyId: row.api_key_id, adminTokenMac: row.admin_token_mac, csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
}

export async function deleteConsoleSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute();
}

/**
 * Ends every console session of a user, e.g. when their password or e-mail changes; all but the one
 * of `keepTokenHash` when given (the session the user changed their own password in).
 */
export async function deleteUserConsoleSessions(db: Db, userId: string, keepTokenHash?: string): Promise<void> {
  let query = db.deleteFrom('console_sessions').where('user_id', '=', userId);
  if (keepTokenHash !== undefined) query = query.where('token_hash', '!=', keepTokenHash);
  await query.execute();
}

export async function deleteExpiredConsoleSessions(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Takes one password check from `subject`'s allowance, before the password is hashed: answers the
 * start of the window the check was counted in, or null when `limit` checks are already counted in
 * the current window (a window lasts from its first check until `windowStartedBefore` passes it).
 * One guarded upsert that the database decides: concurrent callers on any node queue on the row,
 * so no interleaving counts more than `limit` in a window.
 */
export async function reserveLoginAttempt(db: Db, subject: string, limit: number, now: string, windowStartedBefore: string): Promise<string | null> {
  const expired = (eb: ExpressionBuilder<Database, 'login_attempts'>) => eb('login_attempts.window_started_at', '<=', windowStartedBefore);
  const row = await db
    .insertInto('login_attempts')
    .values({ subject, window_started_at: now, attempts: 1 })
    .onConflict((oc) =>
      oc
        .column('subject')
        .doUpdateSet((eb) => ({
          window_started_at: eb.case().when(expired(eb)).then(now).else(eb.ref('login_attempts.window_started_at')).end(),
          attempts: eb.case().when(expired(eb)).then(1).else(eb('login_attempts.attempts', '+', 1)).end(),
        }))
        .where((eb) => eb.or([expired(eb), eb('login_attempts.attempts', '<', limit)])),
    )
    .returning('window_started_at')
    .executeTakeFirst();
  return row?.window_started_at ?? null;
}

/** Gives back a check that succeeded, when its window is still the subject's current one. */
export async function releaseLoginAttempt(db: Db, subject: string, windowStartedAt: string): Promise<void> {
  await db
    .updateTable('login_attempts')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('subject', '=', subject)
    .where('window_started_at', '=', windowStartedAt)
    .where('attempts', '>', 0)
    .execute();
}

/** When the current window of `subject` began, if it has one: how long a refusal lasts. */
export async function loginWindowStart(db: Db, subject: string): Promise<string | null> {
  const row = await db.selectFrom('login_attempts').select('window_started_at').where('subject', '=', subject).executeTakeFirst();
  return row?.window_started_at ?? null;
}

/** Forgets the counters of windows that began at or before `before` (they no longer count). */
export async function deleteLoginAttemptsBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('login_attempts').where('window_started_at', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
