import { createHash } from 'node:crypto';
import type { Db, Store } from '@allot/storage';
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom as postgresArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteArray } from 'kysely/helpers/sqlite';

/**
 * Tables that a refused request may legitimately write, because recording the refusal is their
 * purpose. Every other table must read the same before and after a 4xx answer.
 */
export const refusalLogTables: Record<string, string> = {
  // SPEC 3.8: "Every denial is written to the denied-access log"; a session refused with 409
  // concurrency_limit (or 403 not_licensed, expired…) writes its denial and nothing else.
  denied_access: 'every denied access, also of a session open answered 409/403, is logged',
  // SPEC 3.3: during a grace period an attempt on a module the tenant has no license for is
  // written to the excess log while the attempt itself stays refused.
  excess_usage: 'an attempt on an unlicensed module during a grace period is logged as excess and still refused',
  // Failed logins are counted in the database (per account and per address) so that the limit
  // holds across nodes: a 401 invalid_credentials must leave its attempt behind.
  login_attempts: 'a failed login (401) is counted, so that the attempt limit holds across nodes',
};

/**
 * Rows of other tables that record a refusal by design: the `access.denied` event is the outbox's
 * twin of the denied-access log (SPEC 7), written in the same statement as the denial.
 */
export const refusalLogEvents = ['access.denied'];

/** Kysely's own bookkeeping: not Allot's state. */
const migrationTables = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Every row of every table, as sorted JSON lines per table. */
export type Snapshot = Map<string, string[]>;

export interface SnapshotScope {
  /** Only this tenant's rows in the tables that belong to tenants (by `tenant_id`, through their license, or by the tenant's number). */
  tenantId?: string;
  /** Include the vendor-wide tables (catalog, signing keys, license keys, offline records, …). Default true. */
  vendorWide?: boolean;
}

interface TableShape {
  name: string;
  columns: string[];
}

const shapes = new WeakMap<Db, Promise<TableShape[]>>();

function tablesOf(db: Db): Promise<TableShape[]> {
  let found = shapes.get(db);
  if (found === undefined) {
    found = db.introspection.getTables().then((tables) =>
      tables
        .filter((table) => !table.isView && !migrationTables.has(table.name) && refusalLogTables[table.name] === undefined)
        .map((table) => ({ name: table.name, columns: table.columns.map((column) => column.name).sort() }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    shapes.set(db, found);
  }
  return found;
}

/**
 * Reads every table through Kysely (the tables are found by introspection, so a new table is
 * covered without a change here) and answers its rows as sorted JSON, to compare before and after
 * a request. The refusal logs (`refusalLogTables`) are left out. One query reads every table (a
 * JSON array of each), so that a snapshot before and after each of thousands of requests stays cheap.
 */
export async function snapshot(store: Pick<Store, 'db' | 'dialect'>, scope: SnapshotScope = {}): Promise<Snapshot> {
  const { db, dialect } = store;
  const tables = await tablesOf(db);
  const vendorWide = scope.vendorWide ?? true;
  const tenantId = scope.tenantId;
  // Untyped on purpose: the tables are whatever the database holds, not only those Database names.
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const read = tables.flatMap((table) => {
    let query = untyped.selectFrom(table.name).select([...table.columns]);
    if (table.name === 'events') query = query.where('type', 'not in', refusalLogEvents);
    if (tenantId !== undefined) {
      if (table.name === 'tenants') query = query.where('id', '=', tenantId);
      else if (table.columns.includes('tenant_id')) query = query.where('tenant_id', '=', tenantId);
      else if (table.columns.includes('license_id')) query = query.where('license_id', 'in', untyped.selectFrom('licenses').select('id').where('tenant_id', '=', tenantId));
      // Hit keys name their tenant by its number.
      else if (table.columns.includes('tenant')) query = query.where('tenant', 'in', untyped.selectFrom('tenant_numbers').select('number').where('tenant_id', '=', tenantId));
      else if (!vendorWide) return [];
    }
    return [{ name: table.name, rows: dialect === 'postgres' ? postgresArray(query) : sqliteArray(query) }];
  });
  const row = await untyped.selectNoFrom(read.map(({ name, rows }) => rows.as(name))).executeTakeFirstOrThrow();
  const state: Snapshot = new Map();
  for (const { name } of read) {
    const value = row[name];
    // PostgreSQL answers json parsed; SQLite answers the JSON text.
    const rows = (typeof value === 'string' ? JSON.parse(value) : value) as unknown[];
    state.set(name, rows.map((r) => JSON.stringify(r)).sort());
  }
  return state;
}

/** A short digest of a snapshot, for logs. */
export function digestOf(state: Snapshot): string {
  const hash = createHash('sha256');
  for (const [table, rows] of state) hash.update(`${table}\n${rows.join('\n')}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** What changed between two snapshots, table by table (rows gone and rows new), or null when nothing did. */
export function changesBetween(before: Snapshot, after: Snapshot): string | null {
  const lines: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(table) ?? [];
    const now = after.get(table) ?? [];
    const nowSet = new Set(now);
    const wasSet = new Set(was);
    const gone = was.filter((row) => !nowSet.has(row));
    const added = now.filter((row) => !wasSet.has(row));
    if (gone.length === 0 && added.length === 0 && was.length === now.length) continue;
    lines.push(`${table}:`);
    for (const row of gone.slice(0, 3)) lines.push(`  - ${row.slice(0, 400)}`);
    for (const row of added.slice(0, 3)) lines.push(`  + ${row.slice(0, 400)}`);
    if (gone.length + added.length > 6) lines.push(`  … ${gone.length} gone, ${added.length} new`);
  }
  return lines.length === 0 ? null : lines.join('\n');
}

/**
 * A mark of the tables' contents that stays the same only while no row of them is written, read in
 * far less time than a snapshot. SQLite: the connection's count of rows written (`total_changes()`,
 * which counts every insert, update and delete, rolled back or not; the server shares the one
 * connection). PostgreSQL: per table its rows' count and the sum of a 64-bit hash of each
 * `(ctid, xmin)`: a written row leaves a tuple of the writing transaction, whose id no tuple had
 * before (a write goes unseen only if hashes cancel out, one chance in 2^64). The refusal logs are
 * left out, as from snapshots.
 */
async function writeMark(store: Pick<Store, 'db' | 'dialect'>): Promise<string> {
  const { db, dialect } = store;
  const untyped = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const mark = dialect === 'sqlite' ? sql<string>`total_changes()` : sql<string>`allot_test_write_mark()`;
  if (dialect === 'postgres') await markFunction(db);
  const row = await untyped.selectNoFrom(mark.as('mark')).executeTakeFirstOrThrow();
  return String(row.mark);
}

const markFunctions = new WeakMap<Db, Promise<unknown>>();

/**
 * PostgreSQL: `allot_test_write_mark()` in the test's database, reading every table: a PL/pgSQL
 * function keeps its statements' plans for the session, where the same query sent as text is
 * planned anew each time (1 ms instead of 7 for some sixty tables).
 */
function markFunction(db: Db): Promise<unknown> {
  let made = markFunctions.get(db);
  if (made === undefined) {
    made = tablesOf(db).then((tables) => {
      const marks = tables.map(({ name }) => `(select count(*) || ':' || coalesce(sum(hashtextextended(ctid::text || ':' || xmin::text, 0)), 0) from "${name.replaceAll('"', '""')}")`);
      return sql`create or replace function allot_test_write_mark() returns text language plpgsql stable as $mark$ begin return concat_ws(',', ${sql.raw(marks.join(', '))}); end $mark$`.execute(db);
    });
    markFunctions.set(db, made);
  }
  return made;
}

/**
 * Watches whether requests change the tables, reading them only when a request may have written:
 * `before()` ahead of a request, then `changedSince()` answers what it changed (see
 * `changesBetween`), or null. A snapshot is kept with the write mark read just before it: while the
 * mark stays the same, nothing was written since, and the snapshot still stands. When it moves (a
 * refusal log written, a row written and rolled back, a change), the tables are read again and
 * compared as they are.
 */
export class StateWatch {
  private known: { state: Snapshot; mark: string } | null = null;
  private atStart: { state: Snapshot; mark: string } | null = null;
  /** Time spent reading marks and tables, in ms. */
  readingMs = 0;
  /** Snapshots taken: the times a mark had moved, and the first. */
  snapshots = 0;

  constructor(private readonly store: Pick<Store, 'db' | 'dialect'>) {}

  async before(): Promise<void> {
    const mark = await this.timed(() => writeMark(this.store));
    this.atStart = this.known?.mark === mark ? this.known : await this.read(mark);
  }

  async changedSince(): Promise<string | null> {
    const before = this.atStart;
    if (before === null) throw new Error('StateWatch.changedSince() without before()');
    const mark = await this.timed(() => writeMark(this.store));
    if (mark === before.mark) return null;
    const after = await this.read(mark);
    return changesBetween(before.state, after.state);
  }

  /** The tables as they are, with `mark` read before them: what `known` holds. */
  private async read(mark: string): Promise<{ state: Snapshot; mark: string }> {
    this.snapshots++;
    this.known = { state: await this.timed(() => snapshot(this.store)), mark };
    return this.known;
  }

  private async timed<T>(read: () => Promise<T>): Promise<T> {
    const from = performance.now();
    try {
      return await read();
    } finally {
      this.readingMs += performance.now() - from;
    }
  }
}
