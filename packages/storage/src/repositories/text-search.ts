import { sql, type RawBuilder } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { dialectOf } from '../compiled-statement.js';
import type { Db } from '../database.js';

/** SQLite's `lower()` folds only A–Z: text search folds case with this function instead (see `registerFoldCase`). */
const sqliteFoldCase = 'allot_fold_case';

/**
 * Gives the SQLite connection `allot_fold_case(text)`: the text in lower case as JavaScript folds
 * it, every script alike, as PostgreSQL's `lower()` does in a UTF-8 database. Only searches use it,
 * never an index or a constraint, so that the file stays readable by any SQLite.
 */
export function registerFoldCase(sqlite: SqliteDatabase.Database): void {
  sqlite.function(sqliteFoldCase, { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
}

/**
 * "The column holds this text, any letter case": the column folded to lower case `LIKE '%text%'`
 * with the text's `%`, `_` and `\` matched as themselves. The same on both dialects: an explicit
 * `ESCAPE` (SQLite has no default one) and the case folded on both sides (PostgreSQL's LIKE minds
 * case), by `lower()` on PostgreSQL and by `allot_fold_case` on SQLite, so that "é" finds "É".
 */
export function containsText(db: Db, column: string, text: string): RawBuilder<boolean> {
  const escaped = text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  const folded = dialectOf(db) === 'sqlite' ? sql`${sql.raw(sqliteFoldCase)}(${sql.ref(column)})` : sql`lower(${sql.ref(column)})`;
  return sql<boolean>`${folded} like ${`%${escaped}%`} escape '\\'`;
}
