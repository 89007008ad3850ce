import { sql, type RawBuilder } from 'kysely';

/**
 * "The column holds this text, any letter case": `lower(column) LIKE '%text%'` with the text's
 * `%`, `_` and `\` matched as themselves. The same on both dialects: an explicit `ESCAPE` (SQLite
 * has no default one) and `lower()` on both sides (PostgreSQL's LIKE minds case). SQLite's
 * `lower()` folds only A–Z, so there "é" does not find "É".
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const escaped = text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql<boolean>`lower(${sql.ref(column)}) like ${`%${escaped}%`} escape '\\'`;
}
