import type { Page } from './audit.js';
import { AllotError } from './errors.js';

/**
 * Opaque page cursors. A cursor names the last item of the page before; it is base64url so that it
 * travels in a query string unchanged.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

/** The id inside a cursor; null when the cursor is not one Allot made. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[a-z]{2,4}_[0-9a-z]{10,40}$/.test(id) ? id : null;
}

/**
 * The text inside a cursor that `encodeCursor` made of any text (a vendor's own ref, not an id);
 * null when the cursor is not one it made: not canonical base64url, not UTF-8, or holding a NUL.
 *
 * @example
 * decodeTextCursor(encodeCursor('lease 7')) // 'lease 7'
 * decodeTextCursor('AAAA') // null (three NUL bytes)
 */
export function decodeTextCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return encodeCursor(text) === cursor && !text.includes('\u0000') ? text : null;
}

/**
 * A page of a list held whole in memory (a short one, such as the live holders of a license), in id
 * order after the cursor's id, as the database pages every other list. Items that share an id (a
 * session listed once per module it holds) stay on one page, which may then pass `limit` by them.
 *
 * @example
 * pageOf([{ id: 'ses_01hx0000000000' }], undefined, 50) // { items: [{ id: 'ses_01hx0000000000' }], nextCursor: null }
 */
export function pageOf<T extends { id: string }>(all: readonly T[], cursor: string | undefined, limit: number): Page<T> {
  const after = cursor === undefined || cursor === '' ? null : decodeCursor(cursor);
  if (cursor !== undefined && cursor !== '' && after === null) throw new AllotError('invalid_request', 'The cursor is not valid.', { field: 'cursor' });
  const rest = all.filter((item) => after === null || item.id > after).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let end = Math.min(limit, rest.length);
  while (end > 0 && end < rest.length && rest[end]?.id === rest[end - 1]?.id) end += 1;
  const items = rest.slice(0, end);
  const last = items[items.length - 1];
  return { items, nextCursor: rest.length > end && last !== undefined ? encodeCursor(last.id) : null };
}
