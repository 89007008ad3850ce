import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto';

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random token of `length` base62 characters (about 5.95 bits each), from the OS CSPRNG. */
export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      // Reject the top of the byte range so that every character is equally likely.
      if (byte < 248 && out.length < length) out += base62[byte % 62];
    }
  }
  return out;
}

/** SHA-256 hex: how API keys and session tokens are stored (they are long and random, so unsalted is safe). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * HMAC-SHA256 hex of `text` keyed with `key`. How a console session opened with the admin token
 * remembers the token: keyed with the cookie, which is stored only as its hash, so the database
 * alone gives nothing to guess the token against.
 */
export function hmacSha256(key: string, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/**
 * Compares a secret in constant time. Texts of different lengths differ at once: the length of
 * a token is no secret (every key has the same), its characters are.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  // Texts of different lengths differ; the comparison below reveals lengths anyway.
  if (a.length !== b.length) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const scryptParams = { N: 16384, r: 8, p: 1, keyLength: 64 };

function scryptAsync(password: BinaryLike, salt: BinaryLike, keyLength: number, options: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash so that they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = scryptParams;
  const key = await scryptAsync(password.normalize('NFC'), salt, keyLength, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

// Verified against when the user does not exist, so that timing does not tell which emails exist.
const decoyHash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (stored ?? decoyHash).split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(key, expected) && stored !== null;
}
