export interface ConsoleSessionsTable {
  /** SHA-256 of the session cookie's value. */
  token_hash: string;
  user_id: string | null;
  api_key_id: string | null;
  csrf_token: string;
  /** For a session opened with `ALLOT_ADMIN_TOKEN`: HMAC-SHA256 of the token keyed with the cookie. */
  admin_token_mac: string | null;
  created_at: string;
  expires_at: string;
}

/** One row per subject: the password checks of its current window (see `reserveLoginAttempt`). */
export interface LoginAttemptsTable {
  /** What the attempts count against: `account:<tenant id>:<email key>` or `ip:<address>`. */
  subject: string;
  /** When the subject's current window began; once it is a window old, counting starts again. */
  window_started_at: string;
  /** Password checks taken in the window that did not succeed: failures, and checks still running. */
  attempts: number;
}
