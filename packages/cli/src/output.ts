import Table from 'cli-table3';

/** How a command prints: a table for people, or the API's JSON with `--json`. */
export interface Output {
  json: boolean;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** Colours for a terminal only: a table piped to a file or another program stays plain text. */
const colours = () => (process.stdout.isTTY === true ? {} : { head: [], border: [] });

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** One object: a two-column table of its fields, or its JSON. */
export function printRecord(out: Output, record: unknown): void {
  if (out.json) return write(JSON.stringify(record, null, 2));
  const table = new Table({ style: colours() });
  for (const [field, value] of Object.entries((record ?? {}) as Record<string, unknown>)) table.push({ [field]: cell(value) });
  write(table.toString());
}

/**
 * A list: a table of `columns` of its items, or the JSON the API answered (`{items, nextCursor}`).
 * A further page is mentioned on stderr, so that stdout holds the table alone.
 */
export function printList(out: Output, page: { items: unknown[]; nextCursor: string | null }, columns: readonly string[]): void {
  if (out.json) return write(JSON.stringify(page, null, 2));
  const table = new Table({ head: [...columns], style: { compact: true, ...colours() } });
  for (const item of page.items) table.push(columns.map((c) => cell((item as Record<string, unknown>)[c])));
  write(page.items.length === 0 ? '(none)' : table.toString());
  if (page.nextCursor !== null) process.stderr.write(`More: --cursor ${page.nextCursor} (or --all for every page)\n`);
}

/** Rows already made into cells, under `head`: for what is not a list the API answers. */
export function printRows(out: Output, head: readonly string[], rows: readonly (readonly string[])[]): void {
  if (out.json) return;
  const table = new Table({ head: [...head], style: { compact: true, ...colours() } });
  for (const row of rows) table.push([...row]);
  write(table.toString());
}

/** A line for people (a confirmation); nothing in JSON mode unless `json` is given. */
export function printDone(out: Output, message: string, json?: unknown): void {
  if (!out.json) return write(message);
  if (json !== undefined) write(JSON.stringify(json, null, 2));
}
