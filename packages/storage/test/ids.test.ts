import { describe, expect, it } from 'vitest';
import { newId } from '@allot/storage';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

function decodeTime(id: string): number {
  let ms = 0;
  for (const c of id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11)) ms = ms * 32 + alphabet.indexOf(c);
  return ms;
}

describe('ids', () => {
  it('are a prefix, 10 characters of milliseconds and 16 of randomness', () => {
    const id = newId('ses', Date.UTC(2026, 10, 22, 12, 0, 0, 123));
    expect(id).toMatch(/^ses_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(decodeTime(id)).toBe(Date.UTC(2026, 10, 22, 12, 0, 0, 123));
    expect(newId('ten', 0).slice(4, 14)).toBe('0000000000');
  });

  it('sort by the time they were made', () => {
    const times = [0, 1, 31, 32, 1023, 1024, Date.UTC(2024, 0, 1), Date.UTC(2026, 10, 22), 2 ** 48 - 1];
    const ids = times.map((t) => newId('x', t));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(decodeTime)).toEqual(times);
  });

  it('made in one millisecond sort in the order they were made', () => {
    const ids = Array.from({ length: 1000 }, () => newId('x', 5));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newId('x', 6) > ids[999]!).toBe(true);
  });

  it('do not repeat, and use every character of the alphabet in their random part', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => newId('x', i));
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set(ids.flatMap((id) => [...id.slice(12)]));
    expect(seen.size).toBe(32);
  });
});
