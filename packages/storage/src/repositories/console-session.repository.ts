import type { Db } from '../database.js';

export interface ConsoleSession {
  userId: string | null;
  apiKeyId: string | null;
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
    .select(['user_id', 'api_key_id', 'csrf_token', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? { userId: row.user_id, apiKeyId: row.api_key_id, csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
}

export async function deleteConsoleSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every console session of a user, e.g. when their password changes. */
export async function deleteUserConsoleSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredConsoleSessions(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertLoginAttempt(db: Db, id: string, subject: string, at: string): Promise<void> {
  await db.insertInto('login_attempts').values({ id, subject, at }).execute();
}

/** Failed logins against one subject since a moment. */
export async function countLoginAttempts(db: Db, subject: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject', '=', subject)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clearLoginAttempts(db: Db, subject: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('subject', '=', subject).execute();
}

export async function deleteLoginAttemptsBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('login_attempts').where('at', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
