import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import type pg from 'pg';
import { preparedNameOf } from './compiled-statement.js';

/**
 * A connection of a `pg` pool in pipeline mode: each statement is sent as soon as it is asked for,
 * without waiting for the answers of those before it, and the server runs them in order. So the
 * statements `readTogether` sends at once cost one round trip, and a transaction's `BEGIN` is held
 * back and sent with its first statement rather than costing a round trip of its own.
 */
export class PipelinedConnection implements DatabaseConnection {
  /** The `BEGIN` of a transaction whose first statement has not been asked for yet. */
  private pendingBegin: string | null = null;
  /** Writes to send with the commit (see `writeAtCommit`). */
  private atCommit: CompiledQuery[] = [];
  private corked = false;

  constructor(readonly client: pg.PoolClient) {}

  /**
   * Sends a statement. The statements sent in the same tick go out in one write to the socket
   * (`pg` would make one per statement): it is corked at the first and uncorked once the tick's
   * code has run.
   */
  private send(text: string, values?: unknown[]): Promise<pg.QueryResult> {
    if (!this.corked) {
      const stream = (this.client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
      stream.cork();
      this.corked = true;
      process.nextTick(() => {
        this.corked = false;
        stream.uncork();
      });
    }
    const name = preparedNameOf(text);
    return name === undefined ? this.client.query(text, values) : this.client.query({ name, text, values });
  }

  begin(statement: string): void {
    this.pendingBegin = statement;
  }

  /** Keeps a write of the transaction to send with its commit. */
  writeAtCommit(statement: CompiledQuery): void {
    this.atCommit.push(statement);
  }

  /** Whether the transaction sent nothing yet and keeps nothing to send, so has nothing to commit or roll back. */
  endUnsent(): boolean {
    const unsent = this.pendingBegin !== null && this.atCommit.length === 0;
    if (unsent) this.pendingBegin = null;
    return unsent;
  }

  /**
   * Commits, sending the writes kept for the commit with it: a failed write fails the commit (the
   * server rolls the transaction back).
   */
  async commit(): Promise<void> {
    const writes = this.atCommit;
    this.atCommit = [];
    const begin = this.pendingBegin === null ? [] : [this.send(this.pendingBegin)];
    this.pendingBegin = null;
    const sent = [...begin, ...writes.map((write) => this.send(write.sql, [...write.parameters])), this.send('commit')];
    for (const outcome of await Promise.allSettled(sent)) if (outcome.status === 'rejected') throw outcome.reason;
  }

  /**
   * Sends `BEGIN`, the statements and `COMMIT` at once (see `transactionAtOnce`); answers the
   * statements' results once they are on disk. The commit does not wait for the disk, so that the
   * locks the transaction took are free as soon as it is written: the transaction after it commits
   * synchronously, which flushes the log up to its own commit record and so past this one (a
   * later transaction seeing this one's rows is on disk only after this one is too).
   */
  async transactionAtOnce(statements: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
    const sent = [
      this.send('begin; set local synchronous_commit to off'),
      ...statements.map((statement) => this.send(statement.sql, [...statement.parameters])),
      // A transaction id makes its commit write a record, and a synchronous commit waits until the log is flushed past it.
      this.send('commit; select pg_current_xact_id()'),
    ];
    const settled = await Promise.allSettled(sent);
    const results: QueryResult<unknown>[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'rejected') throw outcome.reason;
      results.push(resultOf(outcome.value));
    }
    return results.slice(1, -1);
  }

  async rollback(): Promise<void> {
    this.atCommit = [];
    await this.send('rollback');
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const begin = this.pendingBegin === null ? null : this.send(this.pendingBegin);
    this.pendingBegin = null;
    const running = this.send(query.sql, [...query.parameters]);
    if (begin !== null) {
      // Both answers before either counts: a statement must never be taken for part of a transaction that did not begin.
      const [begun, ran] = await Promise.allSettled([begin, running]);
      if (begun.status === 'rejected') throw begun.reason;
      if (ran.status === 'rejected') throw ran.reason;
      return resultOf(ran.value);
    }
    return resultOf(await running);
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Allot does not stream query results.');
  }
}

function resultOf<R>({ command, rowCount, rows }: pg.QueryResult): QueryResult<R> {
  const changed = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
  return { ...(changed ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}), rows: (rows ?? []) as R[] };
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

class PipelinedPostgresDriver implements Driver {
  private readonly connections = new WeakMap<pg.PoolClient, PipelinedConnection>();

  constructor(private readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<PipelinedConnection> {
    const client = await this.pool.connect();
    let connection = this.connections.get(client);
    if (connection === undefined) this.connections.set(client, (connection = new PipelinedConnection(client)));
    return connection;
  }

  async beginTransaction(connection: PipelinedConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel === undefined ? '' : ` isolation level ${settings.isolationLevel}`;
    const access = settings.accessMode === undefined ? '' : ` ${settings.accessMode}`;
    connection.begin(isolation === '' && access === '' ? 'begin' : `start transaction${isolation}${access}`);
  }

  async commitTransaction(connection: PipelinedConnection): Promise<void> {
    if (!connection.endUnsent()) await connection.commit();
  }

  async rollbackTransaction(connection: PipelinedConnection): Promise<void> {
    if (!connection.endUnsent()) await connection.rollback();
  }

  async savepoint(connection: PipelinedConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
  }

  async rollbackToSavepoint(connection: PipelinedConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoted(name)}`));
  }

  async releaseSavepoint(connection: PipelinedConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoted(name)}`));
  }

  async releaseConnection(connection: PipelinedConnection): Promise<void> {
    connection.client.release();
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/** Kysely's PostgreSQL dialect over a pool whose clients pipeline (`new pg.Pool({ pipeline: true })`). */
export class PipelinedPostgresDialect extends PostgresDialect {
  constructor(private readonly pool: pg.Pool) {
    super({ pool });
  }

  override createDriver(): Driver {
    return new PipelinedPostgresDriver(this.pool);
  }
}
