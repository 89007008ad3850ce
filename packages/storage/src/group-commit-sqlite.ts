import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';

/** How many transactions may share one commit at most, so that none waits on an endless batch. */
const maxMembers = 64;

/** Transactions that share one SQLite transaction, and so one commit and one sync to disk. */
interface Batch {
  members: number;
  /** Settles once the batch has committed (or failed): each member's commit answers then. */
  durable: Promise<void>;
  settle(error?: unknown): void;
}

function newBatch(): Batch {
  let settle!: (error?: unknown) => void;
  const durable = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
  // A batch nobody waits on (its members all rolled back) must not fail the process.
  durable.catch(() => undefined);
  return { members: 0, durable, settle };
}

/** A first-come, first-served lock on the one connection. */
class Mutex {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  unlock(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.held = false;
    else next();
  }
}

function resultOf<R>(statement: SqliteDatabase.Statement, query: CompiledQuery): QueryResult<R> {
  if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** One use of the connection, from `acquireConnection` to `releaseConnection`. */
class Lease implements DatabaseConnection {
  /** Inside a transaction of this lease (between its savepoint and its release or rollback). */
  inTransaction = false;
  /** The transaction ended and gave the connection back before its batch committed. */
  releasedEarly = false;

  constructor(private readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Allot does not stream query results.');
  }
}

/**
 * Kysely's driver for better-sqlite3, committing transactions in groups. SQLite has one writer,
 * and with `synchronous = FULL` each commit waits for the disk: that wait, not the statements, is
 * most of the cost of a small transaction. So a transaction begins (IMMEDIATE: it holds the write
 * lock from its first statement) only if none is open; each transaction of the API runs inside it
 * as a savepoint, one after another, and ends by releasing its savepoint (or rolling back to it,
 * which undoes it alone). The open transaction commits once nobody is queued for the connection
 * after a turn of the event loop, or after `maxMembers` transactions; only then does each of
 * them answer. So a 2xx still means on disk, and the transactions that arrive together share one
 * sync to disk, which is what PostgreSQL's group commit does.
 *
 * A write outside a transaction joins the batch as a transaction of its own; a read outside one
 * commits the open batch first, so that it sees only what is committed. The transactions of a
 * batch see each other's changes, as they would in sequence; if the commit fails, each of them
 * fails, none having answered.
 */
export class GroupCommitSqliteDriver implements Driver {
  private readonly mutex = new Mutex();
  private batch: Batch | null = null;
  private commitScheduled = false;

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly prepare: (text: string) => SqliteDatabase.Statement,
    /** Called when changes that were made are lost (a failed commit): cached reads may have seen them. */
    private readonly onLostChanges: () => void,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<Lease> {
    await this.mutex.lock();
    return new Lease(this);
  }

  async beginTransaction(lease: Lease): Promise<void> {
    if (this.batch === null) {
      this.sqlite.exec('begin immediate');
      this.batch = newBatch();
    }
    this.sqlite.exec('savepoint allot_transaction');
    lease.inTransaction = true;
  }

  async commitTransaction(lease: Lease): Promise<void> {
    const batch = this.batch as Batch;
    this.sqlite.exec('release allot_transaction');
    lease.inTransaction = false;
    batch.members++;
    if (batch.members >= maxMembers) this.commitBatch();
    else this.scheduleCommit();
    // The connection goes to the next transaction while this one waits for its batch's commit.
    lease.releasedEarly = true;
    this.mutex.unlock();
    await batch.durable;
  }

  async rollbackTransaction(lease: Lease): Promise<void> {
    // Ended already (its batch failed after): nothing of it is left to undo.
    if (lease.releasedEarly || !lease.inTransaction) return;
    lease.inTransaction = false;
    try {
      this.sqlite.exec('rollback to allot_transaction');
      this.sqlite.exec('release allot_transaction');
    } catch (error) {
      this.failBatch(error);
      return;
    }
    // Some errors (a full disk, I/O) make SQLite roll back the whole transaction: the batch is gone.
    if (!this.sqlite.inTransaction) this.failBatch(new Error('SQLite rolled back the transaction.'));
  }

  async releaseConnection(lease: Lease): Promise<void> {
    if (lease.releasedEarly) return;
    if (this.batch !== null) this.scheduleCommit();
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    await this.mutex.lock();
    if (this.batch !== null) this.commitBatch();
    this.sqlite.close();
  }

  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    // A lease that gave the connection back early (see `writeAlone`) takes it again for its next statement.
    if (lease.releasedEarly) {
      await this.mutex.lock();
      lease.releasedEarly = false;
    }
    const statement = this.prepare(query.sql);
    if (lease.inTransaction) return resultOf<R>(statement, query);
    if (!statement.readonly) return this.writeAlone<R>(lease, statement, query);
    // A read outside the transactions sees only what is committed.
    if (this.batch !== null) this.commitBatch();
    return resultOf<R>(statement, query);
  }

  /** A write outside a transaction: a transaction of its own in the batch, answered once the batch commits. */
  private async writeAlone<R>(lease: Lease, statement: SqliteDatabase.Statement, query: CompiledQuery): Promise<QueryResult<R>> {
    await this.beginTransaction(lease);
    let result: QueryResult<R>;
    try {
      result = resultOf<R>(statement, query);
    } catch (error) {
      await this.rollbackTransaction(lease);
      throw error;
    }
    await this.commitTransaction(lease);
    return result;
  }

  /** Commits the open batch once the transactions queued for the connection now have joined it. */
  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => {
      void this.mutex.lock().then(() => {
        this.commitScheduled = false;
        try {
          if (this.batch !== null) this.commitBatch();
        } finally {
          this.mutex.unlock();
        }
      });
    });
  }

  private commitBatch(): void {
    const batch = this.batch as Batch;
    this.batch = null;
    try {
      this.sqlite.exec('commit');
    } catch (error) {
      this.rollBackOpen();
      batch.settle(error);
      return;
    }
    batch.settle();
  }

  private failBatch(error: unknown): void {
    const batch = this.batch;
    this.batch = null;
    this.rollBackOpen();
    batch?.settle(error);
  }

  private rollBackOpen(): void {
    if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
    this.onLostChanges();
  }
}
