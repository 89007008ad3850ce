import { createQueryId, PostgresAdapter, sql, type Compilable, type CompiledQuery, type QueryResult, type RawBuilder, type RootOperationNode } from 'kysely';
import { leavesCachesValid } from './change-counter.js';
import type { Db, Dialect } from './database.js';

const slotName = Symbol('slot');
interface Slot {
  readonly [slotName]: string;
}
const isSlot = (value: unknown): value is Slot => typeof value === 'object' && value !== null && slotName in value;

/** The kind of database `db` (or a transaction of it) talks to. */
export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Stands for a value in a compiled statement: `p('id')` goes where the value of `id` will. */
export type Placeholder<Values> = <K extends keyof Values & string>(name: K) => Values[K];

/**
 * A statement built and compiled once per database kind and then run with values, so that a hot
 * path does not rebuild and recompile its query on every call (SQLite also keeps the prepared
 * statement by its text; see `withStatementCache`). `build(db, p, dialect)` makes the query with
 * `p(name)` wherever a value goes. An array value binds as a PostgreSQL array (`= any(…)`,
 * `unnest(…)`) and as JSON text on SQLite (`json_each(…)`), one parameter whatever its length;
 * `inList` writes the condition for either.
 *
 * A compiled statement skips the plugins' query transform, so it may only read, or write tables
 * no cached lookup reads (the `ChangeCounter` would not see the write): building one whose own
 * table is another throws (a data-modifying `WITH` must keep to such tables too).
 */
export interface CompiledStatement<Values, Row> {
  (db: Db, values: Values): Promise<QueryResult<Row>>;
  /** The statement with its values bound, to send with others (see `readTogether`). */
  bound(db: Db, values: Values): CompiledQuery<Row>;
}

/**
 * The name each compiled statement's text is prepared under on PostgreSQL: parsed and planned once
 * per connection rather than on every call (most of the server's work on a small statement). Only
 * compiled statements are named, since their texts are a fixed set.
 */
const preparedNames = new Map<string, string>();

/** The name a statement's text is prepared under on PostgreSQL, if it is a compiled statement's. */
export function preparedNameOf(text: string): string | undefined {
  return preparedNames.get(text);
}

export function compiledStatement<Values extends Record<string, unknown>, Row>(build: (db: Db, p: Placeholder<Values>, dialect: Dialect) => Compilable<Row>): CompiledStatement<Values, Row> {
  const byDialect = new Map<Dialect, CompiledQuery<Row>>();
  const placeholder = ((name: string) => ({ [slotName]: name })) as Placeholder<Values>;
  const bound = (db: Db, values: Values): CompiledQuery<Row> => {
    const dialect = dialectOf(db);
    let compiled = byDialect.get(dialect);
    if (compiled === undefined) {
      compiled = build(db, placeholder, dialect).compile();
      if (!leavesCachesValid(compiled.query as RootOperationNode)) throw new Error(`A compiled statement may not write a table cached lookups read: ${compiled.sql}`);
      byDialect.set(dialect, compiled);
      if (dialect === 'postgres' && !preparedNames.has(compiled.sql)) preparedNames.set(compiled.sql, `allot_${preparedNames.size + 1}`);
    }
    const parameters = compiled.parameters.map((parameter) => {
      if (!isSlot(parameter)) return parameter;
      const value = values[parameter[slotName]];
      return Array.isArray(value) && dialect === 'sqlite' ? JSON.stringify(value) : value;
    });
    return { ...compiled, parameters, queryId: createQueryId() };
  };
  const run = (db: Db, values: Values) => db.executeQuery(bound(db, values));
  return Object.assign(run, { bound });
}

/** `column` is one of the text values of `list`, an array placeholder of a compiled statement (see `compiledStatement`). */
export function inList(dialect: Dialect, column: string, list: readonly string[]): RawBuilder<boolean> {
  return dialect === 'postgres' ? sql<boolean>`${sql.ref(column)} = any(${list}::text[])` : sql<boolean>`${sql.ref(column)} in (select value from json_each(${list}))`;
}
