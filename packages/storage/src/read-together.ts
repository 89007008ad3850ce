import type { CompiledQuery, QueryResult } from 'kysely';
import type { Db } from './database.js';
import { PipelinedConnection } from './pipelined-postgres.js';

/**
 * A read to send together with others: its statements (built by `compiledStatement(…).bound`, so
 * reads, or writes to tables no cached lookup reads) and how its answer is made of their results.
 */
export interface Read<T> {
  statements: readonly CompiledQuery[];
  answer(results: readonly QueryResult<unknown>[]): T;
}

/** A read of one statement, answered from its rows. */
export function readOf<Row, T>(statement: CompiledQuery<Row>, answer: (rows: Row[]) => T): Read<T> {
  return { statements: [statement], answer: ([result]) => answer((result?.rows ?? []) as Row[]) };
}

/**
 * Runs the statements of `reads` on `db`'s connection in their order, sent at once: on PostgreSQL
 * the pipeline answers them all in one round trip (see `PipelinedPostgresDialect`), and each
 * statement sees what the ones before it did, a lock taken by the first included. Answers when
 * every statement has; the first failure, if any, fails the whole.
 */
export async function readTogether<T extends readonly unknown[]>(db: Db, reads: { [K in keyof T]: Read<T[K]> }): Promise<T> {
  const statements = reads.flatMap((read) => read.statements);
  const settled = await db.getExecutor().provideConnection((connection) => Promise.allSettled(statements.map((statement) => connection.executeQuery(statement))));
  const results = settled.map((outcome) => {
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  });
  let at = 0;
  return reads.map((read) => read.answer(results.slice(at, (at += read.statements.length)))) as unknown as T;
}

/**
 * Runs a write of the transaction `trx` with its commit: on PostgreSQL it is sent together with
 * the `COMMIT`, saving a round trip while the transaction holds its locks, and a failure of the
 * write fails the commit, so the transaction rolls back. Nothing later in the transaction may
 * need what it writes. Elsewhere (SQLite, or outside a transaction) it runs at once.
 */
export async function writeAtCommit(trx: Db, statement: CompiledQuery): Promise<void> {
  await trx.getExecutor().provideConnection(async (connection) => {
    if (trx.isTransaction && connection instanceof PipelinedConnection) connection.writeAtCommit(statement);
    else await connection.executeQuery(statement);
  });
}

/**
 * Runs `statements` as one transaction sent whole: on PostgreSQL `BEGIN`, the statements and
 * `COMMIT` go in one write and cost one round trip, so the locks they take are held for no round
 * trip to this process; a failed statement fails the whole, which the server rolls back. Nothing
 * can be decided between them: what one statement needs of another, it reads in SQL. SQLite runs
 * them in a transaction, in order. Answers each statement's result, once committed.
 */
export async function transactionAtOnce(db: Db, statements: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
  const pipelined = await db.getExecutor().provideConnection(async (connection) => (connection instanceof PipelinedConnection ? connection.transactionAtOnce(statements) : null));
  if (pipelined !== null) return pipelined;
  return db.transaction().execute(async (trx) => {
    const results: QueryResult<unknown>[] = [];
    for (const statement of statements) results.push(await trx.executeQuery(statement));
    return results;
  });
}
