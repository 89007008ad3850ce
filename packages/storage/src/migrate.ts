import { Migrator, type MigrationResult } from 'kysely';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';

export interface MigrationOutcome {
  applied: string[];
  error: unknown;
}

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

const names = (results: MigrationResult[] | undefined): string[] =>
  (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);

/** Brings the schema to the latest version; safe to run from several processes at once. */
export async function migrateToLatest(db: Db): Promise<MigrationOutcome> {
  const { results, error } = await migrator(db).migrateToLatest();
  return { applied: names(results), error };
}
