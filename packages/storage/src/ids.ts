import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * A prefixed, time-ordered id such as `ten_01jd2…`: 10 characters of milliseconds and 16 of
 * randomness (ULID layout), so that ordering by id is ordering by creation.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  const random = BigInt(`0x${randomBytes(10).toString('hex')}`);
  return `${prefix}_${base32(BigInt(nowMs), 10)}${base32(random, 16)}`;
}
