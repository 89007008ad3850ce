import { describe, expect, it } from 'vitest';
import { AllotError } from '../src/errors.js';
import { decodeCursor, decodeTextCursor, encodeCursor, pageOf } from '../src/cursor.js';

const items = ['grc_01hx000000000c', 'grc_01hx000000000a', 'grc_01hx000000000b'].map((id) => ({ id }));

describe('pageOf', () => {
  it.each<[string, string | undefined, number, string[], string | null]>([
    ['the first page, in id order', undefined, 2, ['grc_01hx000000000a', 'grc_01hx000000000b'], 'grc_01hx000000000b'],
    ['the page after a cursor', encodeCursor('grc_01hx000000000b'), 2, ['grc_01hx000000000c'], null],
    ['everything when it fits', undefined, 3, ['grc_01hx000000000a', 'grc_01hx000000000b', 'grc_01hx000000000c'], null],
    ['an empty cursor as no cursor', '', 1, ['grc_01hx000000000a'], 'grc_01hx000000000a'],
    ['nothing after the last', encodeCursor('grc_01hx000000000c'), 2, [], null],
  ])('answers %s', (_name, cursor, limit, ids, next) => {
    const page = pageOf(items, cursor, limit);
    expect(page.items.map((i) => i.id)).toEqual(ids);
    expect(page.nextCursor === null ? null : decodeCursor(page.nextCursor)).toBe(next);
  });

  it('keeps rows that share an id on one page (a session listed once per module), and goes on after them', () => {
    const rows = [
      { id: 'ses_01hx000000000a', module: 'PSS2:Desk' },
      { id: 'ses_01hx000000000b', module: 'PSS2:Desk' },
      { id: 'ses_01hx000000000b', module: 'PSS2:Rooms' },
      { id: 'ses_01hx000000000c', module: 'PSS2:Desk' },
    ];
    const first = pageOf(rows, undefined, 2);
    expect(first.items.map((r) => `${r.id} ${r.module}`)).toEqual(['ses_01hx000000000a PSS2:Desk', 'ses_01hx000000000b PSS2:Desk', 'ses_01hx000000000b PSS2:Rooms']);
    expect(first.nextCursor === null ? null : decodeCursor(first.nextCursor)).toBe('ses_01hx000000000b');
    const second = pageOf(rows, first.nextCursor ?? undefined, 2);
    expect(second.items.map((r) => `${r.id} ${r.module}`)).toEqual(['ses_01hx000000000c PSS2:Desk']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not make, naming the cursor', () => {
    for (const cursor of ['not-a-cursor', '!!', encodeCursor('../etc/passwd')]) {
      const refused = (() => {
        try {
          pageOf(items, cursor, 2);
          return null;
        } catch (error) {
          return error;
        }
      })();
      expect(refused).toBeInstanceOf(AllotError);
      expect(refused).toMatchObject({ code: 'invalid_request', context: { field: 'cursor' } });
    }
  });
});

describe('text cursors', () => {
  it.each([
    ['lease 7', 'lease 7'],
    ['ü €😀', 'ü €😀'],
  ])('reads back the text %s', (text, expected) => {
    expect(decodeTextCursor(encodeCursor(text))).toBe(expected);
  });
  it.each(['AAAA', '_w', '____', 'a+b', '', 'bGVhc2U=', 'x'.repeat(401)])('refuses %s, which encodeCursor never made of text', (cursor) => {
    expect(decodeTextCursor(cursor)).toBeNull();
  });
});
