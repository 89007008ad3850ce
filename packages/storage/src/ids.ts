import { randomFillSync } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

// Random bytes are drawn from the operating system in blocks, not ten at a time: a call per id
// costs more than the rest of making it.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomBase32(characters: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  while (out.length < characters) {
    if (bits < 5) {
      if (poolOffset === pool.length) {
        randomFillSync(pool);
        poolOffset = 0;
      }
      value = ((value << 8) | (pool[poolOffset++] as number)) & 0xfff;
      bits += 8;
    }
    bits -= 5;
    out += alphabet[(value >> bits) & 31];
  }
  return out;
}

function timeBase32(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = alphabet[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/** The next value of a base-32 text, or null when it is all `z`. */
function increment(text: string): string | null {
  for (let i = text.length - 1; i >= 0; i--) {
    const next = alphabet.indexOf(text[i] as string) + 1;
    if (next < alphabet.length) return text.slice(0, i) + (alphabet[next] as string) + '0'.repeat(text.length - i - 1);
  }
  return null;
}

let lastMs = -1;
let lastRandom = '';

/**
 * A prefixed, time-ordered id such as `ten_01jd2…`: 10 characters of milliseconds and 16 of
 * randomness (80 bits; ULID layout), so that ordering by id is ordering by creation. Within one
 * millisecond the random part counts up from the first id's (monotonic ULID), so that the ids one
 * process makes sort in the order it made them.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  const random = (nowMs === lastMs ? increment(lastRandom) : null) ?? randomBase32(16);
  lastMs = nowMs;
  lastRandom = random;
  return `${prefix}_${timeBase32(nowMs)}${random}`;
}

/** The smallest id with `prefix` made at `ms`: every id made then or later sorts after it. */
export function idFloor(prefix: string, ms: number): string {
  return `${prefix}_${timeBase32(Math.max(0, Math.floor(ms)))}`;
}
