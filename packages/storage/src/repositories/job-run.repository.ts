import type { Db } from '../database.js';

export interface JobRun {
  name: string;
  lastStartedAt: string;
  lastFinishedAt: string | null;
  lastError: string | null;
  runs: number;
}

export async function findJobRun(db: Db, name: string): Promise<JobRun | null> {
  const row = await db.selectFrom('job_runs').selectAll().where('name', '=', name).executeTakeFirst();
  return row
    ? { name: row.name, lastStartedAt: row.last_started_at, lastFinishedAt: row.last_finished_at, lastError: row.last_error, runs: Number(row.runs) }
    : null;
}

export async function recordJobStart(db: Db, name: string, at: string): Promise<void> {
  await db
    .insertInto('job_runs')
    .values({ name, last_started_at: at, last_finished_at: null, last_error: null, runs: 1 })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        last_started_at: at,
        last_finished_at: null,
        last_error: null,
        runs: eb('job_runs.runs', '+', 1),
      })),
    )
    .execute();
}

export async function recordJobEnd(db: Db, name: string, at: string, error: string | null): Promise<void> {
  await db.updateTable('job_runs').set({ last_finished_at: at, last_error: error }).where('name', '=', name).execute();
}

export async function listJobRuns(db: Db): Promise<JobRun[]> {
  const rows = await db.selectFrom('job_runs').selectAll().orderBy('name').execute();
  return rows.map((row) => ({
    name: row.name,
    lastStartedAt: row.last_started_at,
    lastFinishedAt: row.last_finished_at,
    lastError: row.last_error,
    runs: Number(row.runs),
  }));
}
