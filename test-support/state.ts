import { createHash } from 'node:crypto';
import type { Db } from '@allot/storage';
import { sql } from 'kysely';

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

/** Kysely's own bookkeeping: not Allot's state. */
const migrationTables = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Every row of every table, as sorted JSON lines per table. */
export type Snapshot = Map<string, string[]>;

export interface SnapshotScope {
  /** Only this tenant's rows in the tables that belong to tenants (by `tenant_id`, or through their license). */
  tenantId?: string;
  /** Include the vendor-wide tables (catalog, signing keys, license keys, offline records, …). Default true. */
  vendorWide?: boolean;
}

interface TableShape {
  name: string;
  columns: Set<string>;
}

const shapes = new WeakMap<Db, Promise<TableShape[]>>();

function tablesOf(db: Db): Promise<TableShape[]> {
  let found = shapes.get(db);
  if (found === undefined) {
    found = db.introspection.getTables().then((tables) =>
      tables
        .filter((table) => !table.isView && !migrationTables.has(table.name) && refusalLogTables[table.name] === undefined)
        .map((table) => ({ name: table.name, columns: new Set(table.columns.map((column) => column.name)) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    shapes.set(db, found);
  }
  return found;
}

/**
 * Reads every table through Kysely (the tables are found by introspection, so a new table is
 * covered without a change here) and answers its rows as sorted JSON, to compare before and after
 * a request. The refusal logs (`refusalLogTables`) are left out.
 */
export async function snapshot(db: Db, scope: SnapshotScope = {}): Promise<Snapshot> {
  const tables = await tablesOf(db);
  const vendorWide = scope.vendorWide ?? true;
  const tenantId = scope.tenantId;
  // Untyped on purpose: the tables are whatever the database holds, not only those Database names.
  const any = db as unknown as Db & { selectFrom(table: string): ReturnType<Db['selectFrom']> };
  const reads = tables.map(async (table): Promise<[string, string[]] | null> => {
    let query = any.selectFrom(table.name as 'tenants').selectAll();
    if (tenantId !== undefined) {
      if (table.name === 'tenants') query = query.where(sql.ref('id'), '=', tenantId);
      else if (table.columns.has('tenant_id')) query = query.where(sql.ref('tenant_id'), '=', tenantId);
      else if (table.columns.has('license_id')) query = query.where(sql.ref('license_id'), 'in', db.selectFrom('licenses').select('id').where('tenant_id', '=', tenantId));
      else if (!vendorWide) return null;
    }
    const rows = await query.execute();
    return [table.name, rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort()];
  });
  return new Map((await Promise.all(reads)).filter((entry): entry is [string, string[]] => entry !== null));
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
