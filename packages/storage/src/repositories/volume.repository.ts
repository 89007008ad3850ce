import type { Db } from '../database.js';

export interface VolumeObject {
  licenseId: string;
  ref: string;
  status: string;
  counted: boolean;
  createdAt: string;
  updatedAt: string;
}

const toObject = (r: { license_id: string; ref: string; status: string; counted: number; created_at: string; updated_at: string }): VolumeObject => ({
  licenseId: r.license_id,
  ref: r.ref,
  status: r.status,
  counted: r.counted === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findVolumeObject(db: Db, licenseId: string, ref: string): Promise<VolumeObject | null> {
  const row = await db.selectFrom('volume_objects').selectAll().where('license_id', '=', licenseId).where('ref', '=', ref).executeTakeFirst();
  return row ? toObject(row) : null;
}

export async function insertVolumeObject(db: Db, tenantId: string, object: VolumeObject): Promise<void> {
  await db
    .insertInto('volume_objects')
    .values({ license_id: object.licenseId, ref: object.ref, tenant_id: tenantId, status: object.status, counted: object.counted ? 1 : 0, created_at: object.createdAt, updated_at: object.updatedAt })
    .execute();
}

export async function updateVolumeObject(db: Db, object: VolumeObject): Promise<void> {
  await db
    .updateTable('volume_objects')
    .set({ status: object.status, counted: object.counted ? 1 : 0, updated_at: object.updatedAt })
    .where('license_id', '=', object.licenseId)
    .where('ref', '=', object.ref)
    .execute();
}

export async function deleteVolumeObject(db: Db, licenseId: string, ref: string): Promise<boolean> {
  const result = await db.deleteFrom('volume_objects').where('license_id', '=', licenseId).where('ref', '=', ref).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function countedObjects(db: Db, licenseIds: readonly string[]): Promise<Map<string, number>> {
  if (licenseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('volume_objects')
    .select(['license_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('license_id', 'in', [...licenseIds])
    .where('counted', '=', 1)
    .groupBy('license_id')
    .execute();
  return new Map(rows.map((r) => [r.license_id, Number(r.n)]));
}

export async function listVolumeObjects(db: Db, licenseId: string, afterRef: string | null, limit: number): Promise<VolumeObject[]> {
  let query = db.selectFrom('volume_objects').selectAll().where('license_id', '=', licenseId).orderBy('ref').limit(limit);
  if (afterRef !== null) query = query.where('ref', '>', afterRef);
  return (await query.execute()).map(toObject);
}
