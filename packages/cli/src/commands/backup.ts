import { copyFileSync, existsSync, fsyncSync, openSync, closeSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { progress } from '../progress.js';
import { configOf, withServerOptions } from '../server-options.js';
import { UsageError } from '../usage-error.js';

/** The SQLite database of the configured data dir; PostgreSQL has its own tools. */
async function sqlitePathOf(cmd: Command): Promise<string> {
  const config = await configOf(cmd);
  if (config.databaseUrl !== undefined) throw new UsageError('DATABASE_URL names PostgreSQL: back it up with pg_dump and restore it with pg_restore (see the README).');
  return join(config.dataDir, 'allot.sqlite');
}

/** Writes `file` to disk before it is renamed into place, so that a power cut leaves the old file or the new one. */
function flush(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Refuses a file that is not an Allot database (SQLite, intact, with the migrations table). */
function checkAllotDatabase(file: string): void {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new UsageError(`${file} cannot be opened as a database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new UsageError(`${file} is damaged: ${String(check)}`);
    const migrations = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (migrations === undefined) throw new UsageError(`${file} is not an Allot database: it has no migrations table.`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file} is not a SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}

/**
 * Refuses while another process (a running server) has the database open: in WAL mode every open
 * connection holds a shared lock, so an exclusive lock is only granted to a lone user.
 */
function checkNobodyHolds(file: string): void {
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch {
    throw new UsageError(`A server (or another process) is using ${file}: stop it, then restore.`);
  } finally {
    db.close();
  }
}

/** `allot backup <file>` and `allot restore <file>`: the SQLite database, copied while the server runs and put back. */
export function backupCommands(program: Command): void {
  withServerOptions(program.command('backup <file>').description("copy the SQLite database, also while the server runs (SQLite's online backup)"), ['--data-dir', '--database-url']).action(
    async (file: string, _options: unknown, cmd: Command) => {
      const source = await sqlitePathOf(cmd);
      if (!existsSync(source)) throw new UsageError(`There is no database at ${source}.`);
      const target = resolve(file);
      const partial = join(dirname(target), `.${basename(target)}.partial`);
      const db = new Database(source, { fileMustExist: true });
      const bar = progress('Backing up {bar} {percentage}%', 100);
      try {
        await db.backup(partial, {
          progress: ({ totalPages, remainingPages }) => {
            bar?.update(Math.round((100 * (totalPages - remainingPages)) / Math.max(totalPages, 1)));
            // The rest in one step: a step reads one snapshot, so writes between steps cannot restart it forever.
            return Math.max(totalPages, 100);
          },
        });
        flush(partial);
        renameSync(partial, target);
      } finally {
        bar?.stop();
        db.close();
        rmSync(partial, { force: true });
      }
      process.stderr.write(`Backed up ${source} to ${target}.\n`);
    },
  );

  withServerOptions(
    program.command('restore <file>').description('put a backup in place of the SQLite database (the server stopped; the database replaced is kept as allot.sqlite.before-restore)'),
    ['--data-dir', '--database-url'],
  ).action(async (file: string, _options: unknown, cmd: Command) => {
    const target = await sqlitePathOf(cmd);
    checkAllotDatabase(file);
    if (existsSync(target)) {
      checkNobodyHolds(target);
      copyFileSync(target, `${target}.before-restore`);
    }
    // A write-ahead log left by the database replaced would be replayed onto the backup.
    for (const leftover of [`${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true });
    const incoming = `${target}.restoring`;
    copyFileSync(file, incoming);
    flush(incoming);
    renameSync(incoming, target);
    process.stderr.write(`Restored ${target} from ${resolve(file)}.\n`);
  });
}
