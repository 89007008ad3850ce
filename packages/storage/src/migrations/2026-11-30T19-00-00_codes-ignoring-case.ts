import { sql, type Kysely } from 'kysely';

/** The tables whose codes are unique ignoring case, and within what (SPEC 2). */
const scopes = [
  { table: 'products', index: 'products_code_lower', within: [] },
  { table: 'solutions', index: 'solutions_code_lower', within: [] },
  { table: 'modules', index: 'modules_product_code_lower', within: ['product_id'] },
  { table: 'licenses', index: 'licenses_tenant_code_lower', within: ['tenant_id'] },
] as const;

const maxCodeLength = 64;

/**
 * Codes are kept as the vendor writes them and are unique ignoring case. Each code table gets a
 * unique index on `lower(code)` within its scope, so that the database refuses `pmfs-pro` next to
 * `PMFS-PRO` (the exact unique constraints of the first migrations stay: SQLite cannot drop a
 * table constraint without rebuilding the table, and they cost little).
 *
 * Existing data keeps working as it is. Until now the API accepted lower-case codes only, so rows
 * that differ only in case can have come only from a license file written elsewhere; should any
 * exist, nothing is deleted: the oldest keeps its code and each later one is renamed with the
 * first free suffix `-2`, `-3`, … (its id, seats and usage stay), so that the index can be made.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, index, within } of scopes) {
    await separateCaseClashes(db, table, within);
    await db.schema.createIndex(index).on(table).unique().columns([...within]).expression(sql`lower(code)`).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { index } of [...scopes].reverse()) await db.schema.dropIndex(index).execute();
}

async function separateCaseClashes(db: Kysely<any>, table: string, within: readonly string[]): Promise<void> {
  const rows = (await db
    .selectFrom(table)
    .select(['id', 'code', ...within])
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as Record<string, string>[];
  const keyOf = (row: Record<string, string>, code: string) => JSON.stringify([...within.map((c) => row[c]), code.toLowerCase()]);
  // Every key in use, so that a new name never lands on a code a later row holds.
  const taken = new Set(rows.map((row) => keyOf(row, row.code ?? '')));
  const kept = new Set<string>();
  for (const row of rows) {
    const code = row.code ?? '';
    const key = keyOf(row, code);
    if (!kept.has(key)) {
      kept.add(key);
      continue;
    }
    let n = 2;
    let renamed = '';
    do {
      const suffix = `-${n++}`;
      renamed = code.slice(0, maxCodeLength - suffix.length) + suffix;
    } while (taken.has(keyOf(row, renamed)));
    taken.add(keyOf(row, renamed));
    kept.add(keyOf(row, renamed));
    await db.updateTable(table).set({ code: renamed }).where('id', '=', row.id).execute();
  }
}
