import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenseHolders, liveModuleCounts, liveSessionCounts, type Database, type Store } from '@allot/storage';
import { createTestDatabase } from '../../../test-support/databases.js';

// Opening a session counts the live sessions of a license under the tenant's licensing lock. That
// count must cost what the live sessions cost, not what a license's history costs: SQLite once
// walked every past session of the license through an index on `session_modules.license_id`.
describe('live session queries on SQLite', () => {
  let dir: string;
  let store: Store;
  let sqlite: SqliteDatabase.Database;
  let db: Kysely<Database>;
  const statements: { sql: string; parameters: readonly unknown[] }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'allot-plan-'));
    const path = join(dir, 'plan.sqlite');
    store = (await createTestDatabase('sqlite', { sqlitePath: path })).open();
    sqlite = new SqliteDatabase(path);
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
  });
  afterAll(async () => {
    await db.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function planOf(statement: { sql: string; parameters: readonly unknown[] }): string[] {
    return sqlite
      .prepare(`explain query plan ${statement.sql}`)
      .all(...statement.parameters)
      .map((row) => (row as { detail: string }).detail);
  }

  it.each([
    ['counting per module', () => liveModuleCounts(db, 'ten_x', ['lic_a', 'lic_b'], '2024-01-31T10:00:00.000Z')],
    ['counting the busiest module', () => liveSessionCounts(db, 'ten_x', ['lic_a', 'lic_b'], '2024-01-31T10:00:00.000Z')],
    ['listing holders', () => licenseHolders(db, 'ten_x', 'lic_a', '2024-01-31T10:00:00.000Z')],
    ['listing the holders of one module', () => licenseHolders(db, 'ten_x', 'lic_a', '2024-01-31T10:00:00.000Z', 'fm:space')],
  ])('reads open sessions by their partial index and their modules by session id when %s', async (_what, query) => {
    statements.length = 0;
    await query();
    expect(statements).toHaveLength(1);
    const plan = planOf(statements[0]!);
    expect(plan[0]).toMatch(/^SEARCH sessions USING INDEX sessions_open \(tenant_id=\? AND expires_at>\?\)/);
    expect(plan[1]).toMatch(/^SEARCH session_modules USING (COVERING )?INDEX sqlite_autoindex_session_modules_1 \(session_id=\?( AND module=\?)?\)/);
  });
});
