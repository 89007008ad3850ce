import { AllotError, decodeTextCursor, encodeCursor, isUnlimited, notFound, objectCounts, tenantNow, usageRefusal, type License, type Page, type Tenant } from '@allot/core';
import { countedObjects, deleteVolumeObject, findLicense, findVolumeObject, insertVolumeObject, listVolumeObjects, updateVolumeObject, type Db, type VolumeObject } from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';
import { updateThreshold } from './seats.js';
import { requireCounting } from './usage.service.js';

async function volumeLicense(trx: Db, tenant: Tenant, id: string): Promise<License> {
  const license = await findLicense(trx, tenant.id, id);
  if (license === null) throw notFound('license', id);
  return requireCounting(license, 'counted_objects');
}

/** Refuses new objects and moves on a suspended or expired license, with its status as the code. */
function checkTakesUsage(license: License, now: string): void {
  const refusal = usageRefusal(license, now);
  if (refusal !== null) throw new AllotError(refusal, `License ${license.code} is ${refusal}: it takes no new or moved objects.`, { licenseId: license.id, status: refusal });
}

/** Refuses one more counted object when the count is at the maximum (objects over it keep working). */
async function checkRoom(trx: Db, license: License): Promise<number> {
  const counted = (await countedObjects(trx, [license.id])).get(license.id) ?? 0;
  if (!isUnlimited(license) && counted >= (license.quantity ?? 0)) {
    throw new AllotError('volume_exceeded', `License ${license.code} counts ${counted} of ${license.quantity} ${license.objectKind ?? 'objects'}; no further one is accepted.`, {
      licenseId: license.id,
      counted,
      quantity: license.quantity,
    });
  }
  return counted;
}

async function afterChange(ctx: ServiceContext, trx: Db, license: License, now: string): Promise<void> {
  const counted = (await countedObjects(trx, [license.id])).get(license.id) ?? 0;
  await updateThreshold(ctx, trx, { ...license, used: counted }, now);
}

export async function registerObject(ctx: ServiceContext, tenant: Tenant, licenseId: string, input: { ref: string; status: string }): Promise<VolumeObject> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const license = await volumeLicense(trx, tenant, licenseId);
    checkTakesUsage(license, now);
    if ((await findVolumeObject(trx, licenseId, input.ref)) !== null) {
      throw new AllotError('already_exists', `Object ${input.ref} is registered with license ${license.code} already.`, { field: 'ref' });
    }
    const counted = objectCounts(input.status, license.countedStatuses);
    if (counted) await checkRoom(trx, license);
    const object: VolumeObject = { licenseId, ref: input.ref, status: input.status, counted, createdAt: now, updatedAt: now };
    await insertVolumeObject(trx, tenant.id, object);
    await afterChange(ctx, trx, license, now);
    return object;
  });
}

export async function moveObject(ctx: ServiceContext, tenant: Tenant, licenseId: string, ref: string, status: string): Promise<VolumeObject> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const license = await volumeLicense(trx, tenant, licenseId);
    const before = await findVolumeObject(trx, licenseId, ref);
    if (before === null) throw notFound('object', ref);
    checkTakesUsage(license, now);
    const counted = objectCounts(status, license.countedStatuses);
    // Moving into a counted status is a new counted object.
    if (counted && !before.counted) await checkRoom(trx, license);
    const after = { ...before, status, counted, updatedAt: now };
    await updateVolumeObject(trx, after);
    await afterChange(ctx, trx, license, now);
    return after;
  });
}

export async function removeObject(ctx: ServiceContext, tenant: Tenant, licenseId: string, ref: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const license = await volumeLicense(trx, tenant, licenseId);
    if (!(await deleteVolumeObject(trx, licenseId, ref))) throw notFound('object', ref);
    await afterChange(ctx, trx, license, now);
  });
}

/** One object of a volume license, by its ref. */
export async function getObject(ctx: ServiceContext, tenant: Tenant, licenseId: string, ref: string): Promise<VolumeObject & { id: string }> {
  await volumeLicense(ctx.store.db, tenant, licenseId);
  const object = await findVolumeObject(ctx.store.db, licenseId, ref);
  if (object === null) throw notFound('object', ref);
  return { id: object.ref, ...object };
}

/** Objects by ref; the cursor is the last ref of the page, base64url-encoded (refs are the vendor's own text). */
export async function listObjects(ctx: ServiceContext, tenant: Tenant, licenseId: string, page: { cursor?: string | undefined; limit: number }): Promise<Page<VolumeObject & { id: string }>> {
  await volumeLicense(ctx.store.db, tenant, licenseId);
  const cursor = page.cursor === '' ? undefined : page.cursor;
  const after = cursor === undefined ? null : decodeTextCursor(cursor);
  if (cursor !== undefined && after === null) throw new AllotError('invalid_request', 'The cursor is not valid.', { field: 'cursor' });
  const rows = await listVolumeObjects(ctx.store.db, licenseId, after, page.limit + 1);
  const items = rows.slice(0, page.limit).map((o) => ({ id: o.ref, ...o }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.ref) : null };
}
