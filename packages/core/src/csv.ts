/** One CSV field: quoted when it holds a separator, quote or line break (RFC 4180). */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading =, +, - or @ would run as a formula in spreadsheets; a quote mark defuses it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Rows as CSV text with a header line, in the column order given.
 *
 * @example
 * toCsv(['id', 'name'], [{ id: 'usr_1', name: 'Ann, B.' }]) // 'id,name\r\nusr_1,"Ann, B."\r\n'
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column])).join(','));
  return lines.join('\r\n') + '\r\n';
}
