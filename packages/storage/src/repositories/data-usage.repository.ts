import type { Db } from '../database.js';

/** Adds kilobytes to a data license's running total and answers the totals before and after. */
export async function addKilobytes(db: Db, licenseId: string, kilobytes: number): Promise<{ before: number; after: number }> {
  await db.insertInto('data_usage').values({ license_id: licenseId, total_kilobytes: 0 }).onConflict((oc) => oc.column('license_id').doNothing()).execute();
  const row = await db
    .updateTable('data_usage')
    .set((eb) => ({ total_kilobytes: eb('total_kilobytes', '+', kilobytes) }))
    .where('license_id', '=', licenseId)
    .returning('total_kilobytes')
    .executeTakeFirstOrThrow();
  const after = Number(row.total_kilobytes);
  return { before: after - kilobytes, after };
}

export async function totalKilobytes(db: Db, licenseIds: readonly string[]): Promise<Map<string, number>> {
  if (licenseIds.length === 0) return new Map();
  const rows = await db.selectFrom('data_usage').selectAll().where('license_id', 'in', [...licenseIds]).execute();
  return new Map(rows.map((r) => [r.license_id, Number(r.total_kilobytes)]));
}
