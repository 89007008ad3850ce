export interface ConsoleSessionsTable {
  /** SHA-256 of the session cookie's value. */
  token_hash: string;
  user_id: string | null;
  api_key_id: string | null;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptsTable {
  id: string;
  /** What the attempt counts against: `account:<tenant>:<email>` or `ip:<address>`. */
  subject: string;
  at: string;
}
