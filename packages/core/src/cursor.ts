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
