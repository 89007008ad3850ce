import type { Page } from '@allot/core';
import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { DeviceLicensesTable, DevicesTable, LicenseKeysTable } from '../tables/devices.table.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface LicenseKey {
  id: string;
  key: string;
  category: string;
  termDays: number;
  count: number;
  issuedAt: string;
  tenantId: string | null;
  registeredAt: string | null;
  /** The audit actor who registered it. */
  registeredBy: string | null;
}

const toKey = (r: Selectable<LicenseKeysTable>): LicenseKey => ({
  id: r.id,
  key: r.key,
  category: r.category,
  termDays: Number(r.term_days),
  count: Number(r.count),
  issuedAt: r.issued_at,
  tenantId: r.tenant_id,
  registeredAt: r.registered_at,
  registeredBy: r.registered_by,
});

export async function insertLicenseKey(db: Db, key: LicenseKey): Promise<void> {
  await db
    .insertInto('license_keys')
    .values({ id: key.id, key: key.key, category: key.category, term_days: key.termDays, count: key.count, issued_at: key.issuedAt, tenant_id: key.tenantId, registered_at: key.registeredAt, registered_by: key.registeredBy })
    .execute();
}

export async function findLicenseKey(db: Db, key: string): Promise<LicenseKey | null> {
  const row = await db.selectFrom('license_keys').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? toKey(row) : null;
}

/** Registers a key to a tenant once: false when it was registered (anywhere) already. */
export async function claimLicenseKey(db: Db, id: string, tenantId: string, at: string, by: string): Promise<boolean> {
  const result = await db.updateTable('license_keys').set({ tenant_id: tenantId, registered_at: at, registered_by: by }).where('id', '=', id).where('registered_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface LicenseKeyFilter {
  /** Keys registered in this tenant. */
  tenantId?: string | undefined;
  registered?: boolean | undefined;
  category?: string | undefined;
}

/** Issued keys, oldest first. */
export async function listLicenseKeys(db: Db, filter: LicenseKeyFilter, page: PageRequest): Promise<Page<LicenseKey>> {
  let query = db.selectFrom('license_keys').selectAll().orderBy('id').limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.registered !== undefined) query = query.where('registered_at', filter.registered ? 'is not' : 'is', null);
  if (filter.category !== undefined) query = query.where('category', '=', filter.category);
  return toPage((await query.execute()).map(toKey), page.limit);
}

/** One issued key by id, registered in the tenant when one is given. */
export async function findLicenseKeyById(db: Db, id: string, tenantId?: string): Promise<LicenseKey | null> {
  let query = db.selectFrom('license_keys').selectAll().where('id', '=', id);
  if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
  const row = await query.executeTakeFirst();
  return row ? toKey(row) : null;
}

export interface Device {
  id: string;
  tenantId: string;
  name: string;
  serial: string;
  model: string;
  licensedSince: string | null;
  validUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

const toDevice = (r: Selectable<DevicesTable>): Device => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  serial: r.serial,
  model: r.model,
  licensedSince: r.licensed_since,
  validUntil: r.valid_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertDevice(db: Db, device: Device): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      id: device.id,
      tenant_id: device.tenantId,
      name: device.name,
      serial: device.serial,
      model: device.model,
      licensed_since: device.licensedSince,
      valid_until: device.validUntil,
      created_at: device.createdAt,
      updated_at: device.updatedAt,
    })
    .execute();
}

export async function findDevice(db: Db, tenantId: string, id: string): Promise<Device | null> {
  const row = await db.selectFrom('devices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toDevice(row) : null;
}

export async function listDevices(db: Db, tenantId: string, page: PageRequest): Promise<Page<Device>> {
  let query = db.selectFrom('devices').selectAll().where('tenant_id', '=', tenantId).orderBy('id').limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('id', '>', after);
  return toPage((await query.execute()).map(toDevice), page.limit);
}

/** Changes a device's name, serial and model (a serial taken in the tenant violates the unique index). */
export async function updateDevice(db: Db, tenantId: string, id: string, fields: Pick<Device, 'name' | 'serial' | 'model'>, at: string): Promise<void> {
  await db.updateTable('devices').set({ name: fields.name, serial: fields.serial, model: fields.model, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function setDeviceTerm(db: Db, id: string, licensedSince: string | null, validUntil: string | null, at: string): Promise<void> {
  await db.updateTable('devices').set({ licensed_since: licensedSince, valid_until: validUntil, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteDevice(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('devices').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export type DeviceLicenseState = 'available' | 'assigned' | 'detached' | 'expired';

export interface DeviceLicense {
  id: string;
  tenantId: string;
  licenseKeyId: string | null;
  category: string;
  termDays: number;
  origin: 'key' | 'remainder';
  state: DeviceLicenseState;
  deviceId: string | null;
  assignedOn: string | null;
  createdAt: string;
}

const toDeviceLicense = (r: Selectable<DeviceLicensesTable>): DeviceLicense => ({
  id: r.id,
  tenantId: r.tenant_id,
  licenseKeyId: r.license_key_id,
  category: r.category,
  termDays: Number(r.term_days),
  origin: r.origin as DeviceLicense['origin'],
  state: r.state as DeviceLicenseState,
  deviceId: r.device_id,
  assignedOn: r.assigned_on,
  createdAt: r.created_at,
});

export async function insertDeviceLicenses(db: Db, licenses: readonly DeviceLicense[]): Promise<void> {
  if (licenses.length === 0) return;
  await db
    .insertInto('device_licenses')
    .values(
      licenses.map((l) => ({
        id: l.id,
        tenant_id: l.tenantId,
        license_key_id: l.licenseKeyId,
        category: l.category,
        term_days: l.termDays,
        origin: l.origin,
        state: l.state,
        device_id: l.deviceId,
        assigned_on: l.assignedOn,
        created_at: l.createdAt,
      })),
    )
    .execute();
}

export async function findDeviceLicenses(db: Db, tenantId: string, ids: readonly string[]): Promise<DeviceLicense[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('device_licenses').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
  return rows.map(toDeviceLicense);
}

/** Pooled licenses, shortest or longest term first (then oldest), optionally of one category. */
export async function poolLicenses(db: Db, tenantId: string, order: 'shortest' | 'longest', category: string | undefined, limit: number): Promise<DeviceLicense[]> {
  let query = db
    .selectFrom('device_licenses')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('state', '=', 'available')
    .orderBy('term_days', order === 'shortest' ? 'asc' : 'desc')
    .orderBy('id')
    .limit(limit);
  if (category !== undefined) query = query.where('category', '=', category);
  return (await query.execute()).map(toDeviceLicense);
}

/** Takes pooled licenses for a device: false when one of them left the pool meanwhile. */
export async function takeFromPool(db: Db, tenantId: string, ids: readonly string[], deviceId: string, on: string): Promise<boolean> {
  const result = await db
    .updateTable('device_licenses')
    .set({ state: 'assigned', device_id: deviceId, assigned_on: on })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .where('state', '=', 'available')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === ids.length;
}

/** Marks the licenses a device holds with a new state (detached or expired). */
export async function releaseDeviceLicenses(db: Db, deviceId: string, state: 'detached' | 'expired'): Promise<number> {
  const result = await db.updateTable('device_licenses').set({ state }).where('device_id', '=', deviceId).where('state', '=', 'assigned').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function moveToTenant(db: Db, id: string, fromTenant: string, toTenant: string): Promise<boolean> {
  const result = await db.updateTable('device_licenses').set({ tenant_id: toTenant }).where('id', '=', id).where('tenant_id', '=', fromTenant).where('state', '=', 'available').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface DeviceLicenseRow extends DeviceLicense {
  key: string | null;
  deviceName: string | null;
  validUntil: string | null;
}

/**
 * The tenant's device licenses, all of them (detached ones too, as the key list shows every
 * license) or in one state; `assigned` and `expired` are told apart by the device's term at `today`.
 */
export async function listDeviceLicenses(db: Db, tenantId: string, state: 'available' | 'assigned' | 'expired' | undefined, today: string, page: PageRequest): Promise<Page<DeviceLicenseRow>> {
  let query = selectDeviceLicenseRows(db, tenantId)
    .orderBy('device_licenses.id')
    .limit(page.limit + 1);
  const after = cursorId(page);
  if (after !== null) query = query.where('device_licenses.id', '>', after);
  if (state === 'available') query = query.where('device_licenses.state', '=', 'available');
  if (state === 'assigned') query = query.where('device_licenses.state', '=', 'assigned').where('devices.valid_until', '>=', today);
  if (state === 'expired') {
    query = query.where((eb) => eb.or([eb('device_licenses.state', '=', 'expired'), eb.and([eb('device_licenses.state', '=', 'assigned'), eb('devices.valid_until', '<', today)])]));
  }
  const rows = await query.execute();
  return toPage(
    rows.map((r) => toDeviceLicenseRow(r, today)),
    page.limit,
  );
}

/** The category of the licenses a device runs now (one cumulative license holds one), or null. */
export async function heldCategory(db: Db, deviceId: string): Promise<string | null> {
  const row = await db.selectFrom('device_licenses').select('category').where('device_id', '=', deviceId).where('state', '=', 'assigned').orderBy('id').executeTakeFirst();
  return row?.category ?? null;
}

/** One of the tenant's device licenses as listed. */
export async function findDeviceLicenseRow(db: Db, tenantId: string, id: string, today: string): Promise<DeviceLicenseRow | null> {
  const row = await selectDeviceLicenseRows(db, tenantId).where('device_licenses.id', '=', id).executeTakeFirst();
  return row === undefined ? null : toDeviceLicenseRow(row, today);
}

function selectDeviceLicenseRows(db: Db, tenantId: string) {
  return db
    .selectFrom('device_licenses')
    .leftJoin('license_keys', 'license_keys.id', 'device_licenses.license_key_id')
    .leftJoin('devices', 'devices.id', 'device_licenses.device_id')
    .selectAll('device_licenses')
    .select(['license_keys.key as key', 'devices.name as device_name', 'devices.valid_until as device_valid_until'])
    .where('device_licenses.tenant_id', '=', tenantId);
}

function toDeviceLicenseRow(r: Selectable<DeviceLicensesTable> & { key: string | null; device_name: string | null; device_valid_until: string | null }, today: string): DeviceLicenseRow {
  const license = toDeviceLicense(r);
  // An assigned license whose device term has ended is shown as what it is: expired.
  const ended = license.state === 'assigned' && r.device_valid_until !== null && r.device_valid_until < today;
  return {
    ...license,
    state: ended ? 'expired' : license.state,
    key: r.key,
    deviceName: r.device_name,
    validUntil: license.state === 'assigned' ? r.device_valid_until : null,
  };
}

/** The tenant's devices with these ids (those that exist). */
export async function findDevices(db: Db, tenantId: string, ids: readonly string[]): Promise<Device[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('devices').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
  return rows.map(toDevice);
}

export interface DeviceCounts {
  devices: number;
  /** Running a license today. */
  licensed: number;
  /** Running a license that ends from today through `expiringThrough`. */
  expiring: number;
  /** Device licenses in the pool. */
  pooled: number;
}

/** Counts over all of the tenant's devices (not a page of them): licensed at `today`, running out by `expiringThrough`. */
export async function deviceCounts(db: Db, tenantId: string, today: string, expiringThrough: string): Promise<DeviceCounts> {
  const devices = await db
    .selectFrom('devices')
    .where('tenant_id', '=', tenantId)
    .select((eb) => [
      eb.fn.countAll<string | number>().as('devices'),
      eb.fn.count<string | number>(eb.case().when('valid_until', '>=', today).then(1).end()).as('licensed'),
      eb.fn.count<string | number>(eb.case().when(eb.and([eb('valid_until', '>=', today), eb('valid_until', '<=', expiringThrough)])).then(1).end()).as('expiring'),
    ])
    .executeTakeFirstOrThrow();
  const pool = await db.selectFrom('device_licenses').where('tenant_id', '=', tenantId).where('state', '=', 'available').select((eb) => eb.fn.countAll<string | number>().as('pooled')).executeTakeFirstOrThrow();
  return { devices: Number(devices.devices), licensed: Number(devices.licensed), expiring: Number(devices.expiring), pooled: Number(pool.pooled) };
}

/** Per key, its licenses in the pool and running on a device at `today` (keys with neither are left out). */
export async function licenseKeyUse(db: Db, tenantId: string, keyIds: readonly string[], today: string): Promise<Map<string, { available: number; running: number }>> {
  const use = new Map<string, { available: number; running: number }>();
  if (keyIds.length === 0) return use;
  const rows = await db
    .selectFrom('device_licenses')
    .leftJoin('devices', 'devices.id', 'device_licenses.device_id')
    .where('device_licenses.tenant_id', '=', tenantId)
    .where('device_licenses.license_key_id', 'in', [...keyIds])
    .select((eb) => [
      'device_licenses.license_key_id as keyId',
      eb.fn.count<string | number>(eb.case().when('device_licenses.state', '=', 'available').then(1).end()).as('available'),
      eb.fn.count<string | number>(eb.case().when(eb.and([eb('device_licenses.state', '=', 'assigned'), eb('devices.valid_until', '>=', today)])).then(1).end()).as('running'),
    ])
    .groupBy('device_licenses.license_key_id')
    .execute();
  for (const row of rows) if (row.keyId !== null) use.set(row.keyId, { available: Number(row.available), running: Number(row.running) });
  return use;
}
