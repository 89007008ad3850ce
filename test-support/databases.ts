import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrateToLatest, openStore, type Dialect, type Store } from '@allot/storage';

const adminUrl = (): string => process.env.ALLOT_TEST_PG_ADMIN_URL ?? '';

/** The dialects every storage and HTTP suite runs on. */
export const dialects: Dialect[] = adminUrl() === '' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestDatabase {
  dialect: Dialect;
  /** The URL other processes use for the same database (PostgreSQL), or the SQLite path. */
  url: string;
  /** Opens another store on the same database (another "node"). */
  open(): Store;
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database (migrated unless `migrate: false`): a new PostgreSQL database, or an in-memory SQLite one. */
export async function createTestDatabase(dialect: Dialect, options: { sqlitePath?: string; migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (dialect === 'sqlite') {
    const path = options.sqlitePath ?? ':memory:';
    let only: Store | null = null;
    const open = (): Store => {
      // An in-memory database exists once per connection: every "open" is the same store.
      if (path === ':memory:' && only !== null) return only;
      const store = openStore({ sqlitePath: path });
      if (path === ':memory:') only = store;
      return store;
    };
    const first = open();
    const outcome = migrate ? await migrateToLatest(first.db) : { error: undefined };
    if (outcome.error) throw outcome.error;
    return { dialect, url: path, open, drop: async () => undefined };
  }
  const name = `allot_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  if (migrate) {
    const migrator = openStore({ databaseUrl: url.toString(), poolSize: 2 });
    const outcome = await migrateToLatest(migrator.db);
    await migrator.close();
    if (outcome.error) throw outcome.error;
  }
  return {
    dialect,
    url: url.toString(),
    open: () => openStore({ databaseUrl: url.toString(), poolSize: 5 }),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

/**
 * A fresh database and a store on it for the enclosing suite: made before its tests (and before the
 * suite's own `beforeAll`s that follow), handed to `opened`, closed and dropped after them.
 */
export function suiteDatabase(dialect: Dialect, opened: (store: Store, database: TestDatabase) => void): void {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = database.open();
    opened(store, database);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });
}
