export interface JobRunsTable {
  /** Job name, or `<job>:<tenant id>` for a job that runs per tenant. */
  name: string;
  last_started_at: string;
  last_finished_at: string | null;
  last_error: string | null;
  runs: number;
}
