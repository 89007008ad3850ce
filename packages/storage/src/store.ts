import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, type DialectAdapter, type Driver, type SqliteDatabase as SqliteDialectDatabase } from 'kysely';
import { ChangeCounter } from './change-counter.js';
import { GenerationReads } from './generation-reads.js';
import { GroupCommitSqliteDriver } from './group-commit-sqlite.js';
import type pg from 'pg';
import type { Database, Db, Dialect } from './database.js';
import { PipelinedPostgresDialect } from './pipelined-postgres.js';
import type { Read } from './read-together.js';
import { tenantLockStatement } from './repositories/license.repository.js';
import { registerFoldCase } from './repositories/text-search.js';

/** The scope of the lookups no tenant owns (the catalog, vendor keys): see `Store.generation`. */
export const noTenantScope = '';

export interface Store {
  db: Db;
  dialect: Dialect;
  /**
   * Whether lookups read through `db` may come from a cache checked against `generation`: always on
   * SQLite (one process owns the file and counts every write, and a transaction holds the write
   * lock, so the count is exact when read); on PostgreSQL outside transactions only, since a
   * transaction's reads must see what its locks protect, and the generations were read before it.
   */
  cacheableThrough(db: Db): boolean;
  /**
   * The generation of a scope's lookups (a tenant id, or '' for what no tenant owns: the catalog,
   * vendor keys): a cached lookup is valid while the generations of its scopes are what they were
   * when it was read. SQLite has one count for every scope, moved by every write through this
   * store (see `ChangeCounter`). PostgreSQL answers what `refreshGenerations` last read (-1 before
   * any, and for a scope that is no tenant), so a lookup is exact only in a request that refreshed
   * its scopes first.
   */
  generation(scope: string): number;
  /**
   * Reads the generations of `scopes` afresh: one named statement on PostgreSQL (counters moved by
   * triggers in the writers' transactions, on every node), shared by the requests that arrived in
   * the same turn of the event loop (see `GenerationReads`); nothing to read on SQLite.
   */
  refreshGenerations(scopes: readonly string[]): void | Promise<void>;
  /**
   * Makes the rest of `trx` the only licensing change of the tenant until it ends, on every node:
   * counts read after this call stay true until the commit. PostgreSQL takes the tenant's
   * advisory lock (`tenantLockStatement`); SQLite has nothing more to take, since every transaction begins IMMEDIATE
   * and holds the database's single write lock from its first statement.
   */
  lockTenant(trx: Db, tenantId: string): Promise<void>;
  /**
   * `lockTenant` as a read to send ahead of others with `readTogether`, answering the generations
   * of `scopes` as they are under the lock: a lookup read before the transaction at these
   * generations still holds inside it. PostgreSQL takes the lock and reads them in one round trip
   * with the reads after them; SQLite answers its count, which no other writer can move while the
   * transaction holds the write lock.
   */
  lockedGenerations(trx: Db, tenantId: string, scopes: readonly string[]): Read<number[]>;
  /** Answers when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A `postgres://` URL switches to PostgreSQL. */
  databaseUrl?: string | undefined;
  /** SQLite file, used when there is no PostgreSQL URL; `:memory:` for a throw-away database. */
  sqlitePath?: string;
  /** PostgreSQL pool size per process. */
  poolSize?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/**
 * better-sqlite3's prepared statements kept by their SQL text: preparing is most of the cost of a
 * small query, and one connection runs one statement at a time.
 */
function statementCache(sqlite: SqliteDatabase.Database): (text: string) => SqliteDatabase.Statement {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (statement === undefined) {
      if (statements.size >= 1000) statements.clear();
      statement = sqlite.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}

/**
 * SQLite changes its schema inside transactions as well as PostgreSQL does, so migrations run in
 * one: a run that fails half-way leaves the schema as it found it.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Kysely's SQLite dialect with Allot's driver: transactions commit in groups (see `GroupCommitSqliteDriver`). */
class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(private readonly createGroupCommitDriver: () => Driver) {
    super({ database: {} as SqliteDialectDatabase });
  }

  override createDriver(): Driver {
    return this.createGroupCommitDriver();
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

function openSqlite(path: string): Store {
  if (path !== ':memory:') {
    // Private to the server's user, whatever its umask: SQLite gives the -wal and -shm files the
    // database file's mode, so making this one 0600 makes all three so.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  }
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the API answers 2xx, even across a power cut.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  registerFoldCase(sqlite);
  const changes = new ChangeCounter();
  const driver = new GroupCommitSqliteDriver(sqlite, statementCache(sqlite), () => changes.invalidate());
  const db = new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(() => driver), plugins: [changes] });
  return {
    db,
    dialect: 'sqlite',
    cacheableThrough: () => true,
    generation: () => changes.generation,
    refreshGenerations: () => undefined,
    lockTenant: async () => undefined,
    lockedGenerations: (_trx, _tenantId, scopes) => ({ statements: [], answer: () => scopes.map(() => changes.generation) }),
    ping: async () => sqlite.prepare('select 1 as ok').get() !== undefined,
    close: () => db.destroy(),
  };
}

/** Prepared once per connection under its name: every guarded request runs it. */
const readGenerations = { name: 'allot_cache_generations', text: 'select scope, generation::float8 as generation from cache_generations where scope = any($1::text[])' };

/** The PostgreSQL driver, loaded only by a server that uses PostgreSQL (on SQLite it is memory for nothing). */
const loadPg = (): typeof pg => createRequire(import.meta.url)('pg') as typeof pg;

function openPostgres(url: string, poolSize: number): Store {
  const pool = new (loadPg().Pool)({ connectionString: url, max: poolSize, pipeline: true });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PipelinedPostgresDialect(pool) });
  // Only ever raised: requests that read concurrently may answer in any order.
  const generations = new Map<string, number>();
  const raise = (scope: string, generation: number) => {
    if (generation > (generations.get(scope) ?? -1)) generations.set(scope, generation);
  };
  const reads = new GenerationReads(async (scopes) => {
    const { rows } = await pool.query<{ scope: string; generation: number }>({ ...readGenerations, values: [scopes] });
    // A scope without a row is no tenant's: it stays unknown (-1), so nothing of it is cached.
    for (const row of rows) raise(row.scope, row.generation);
  });
  return {
    db,
    dialect: 'postgres',
    cacheableThrough: (db) => !db.isTransaction,
    generation: (scope) => generations.get(scope) ?? -1,
    refreshGenerations: (scopes) => reads.refresh(scopes),
    lockTenant: async (trx, tenantId) => {
      await trx.executeQuery(tenantLockStatement(trx, tenantId));
    },
    lockedGenerations: (trx, tenantId, scopes) => ({
      statements: [tenantLockStatement(trx, tenantId), CompiledQuery.raw(readGenerations.text, [[...scopes]])],
      answer: ([, read]) => {
        const rows = (read?.rows ?? []) as { scope: string; generation: number }[];
        for (const row of rows) raise(row.scope, row.generation);
        return scopes.map((scope) => rows.find((row) => row.scope === scope)?.generation ?? -1);
      },
    }),
    ping: async () => {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

/** Opens the database the configuration names: PostgreSQL for a `postgres://` URL, else SQLite. */
export function openStore(options: StoreOptions): Store {
  if (isPostgresUrl(options.databaseUrl)) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openSqlite(options.sqlitePath ?? ':memory:');
}
