import pg from 'pg';

/**
 * Finds the PostgreSQL server for the dialect suites. Under CI a missing server fails the run;
 * on a developer machine without one the PostgreSQL cases are left out with a warning.
 */
export default async function setup(): Promise<void> {
  const url = process.env.ALLOT_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    process.env.ALLOT_TEST_PG_ADMIN_URL = url;
  } catch (error) {
    if (process.env.CI) throw new Error(`CI is set and PostgreSQL at ${url} does not answer: ${String(error)}`);
    console.warn(`\n!!! PostgreSQL at ${url} does not answer: the PostgreSQL suite is NOT running.\n`);
    process.env.ALLOT_TEST_PG_ADMIN_URL = '';
  } finally {
    await client.end().catch(() => undefined);
  }
}
