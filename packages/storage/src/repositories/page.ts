import { decodeCursor, encodeCursor, AllotError, type Page } from '@allot/core';

export interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

/** The id after which a page starts; a cursor Allot did not make is a 400, not an empty page. */
export function cursorId(request: PageRequest): string | null {
  if (request.cursor === undefined || request.cursor === '') return null;
  const id = decodeCursor(request.cursor);
  if (id === null) throw new AllotError('invalid_request', 'The cursor is not valid.', { field: 'cursor' });
  return id;
}

/** Cuts a result fetched with `limit + 1` rows into a page and the cursor of the next one. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
