import { randomInt } from 'node:crypto';
import {
  AllotError,
  dateIn,
  deviceDaysLeft,
  deviceExpiringThrough,
  deviceExpiry,
  deviceLicensed,
  deviceValidUntil,
  licenseKeyState,
  licenseKeyFrom,
  notFound,
  remainingDaysOnDetach,
  tenantNow,
  wellFormedLicenseKey,
  type DeviceExpiry,
  type LicenseKeyState,
  type Page,
  type Tenant,
} from '@allot/core';
import {
  claimLicenseKey,
  deleteDevice as removeDevice,
  deviceCounts,
  findDevice,
  findDevices,
  heldCategory,
  findDeviceLicenseRow,
  findDeviceLicenses,
  findLicenseKey,
  findLicenseKeyById,
  findTenant,
  insertDevice,
  insertDeviceLicenses,
  insertLicenseKey,
  isUniqueViolation,
  licenseKeyUse,
  listDeviceLicenses as queryDeviceLicenses,
  listDevices as queryDevices,
  listLicenseKeys as queryLicenseKeys,
  moveToTenant,
  newId,
  poolLicenses,
  releaseDeviceLicenses,
  setDeviceTerm,
  takeFromPool,
  updateDevice as storeDevice,
  type Device,
  type DeviceLicense,
  type DeviceLicenseRow,
  type Db,
  type LicenseKey,
  type LicenseKeyFilter,
  type PageRequest,
} from '@allot/storage';
import { actorOf, audit, inTransaction, type ServiceContext } from './context.js';
import { runOrDryRun } from './seats.js';

/** A device as shown, with its license column (none, valid until, or expired) and the days left on it. */
export interface DeviceView extends Device {
  license: 'none' | 'valid' | 'expired';
  daysLeft: number | null;
  expiry: DeviceExpiry;
}

/** A device after an assignment, with what it took from the pool: which licenses, and their days together. */
export interface AssignedDeviceView extends DeviceView {
  taken: { deviceLicenseIds: string[]; days: number };
}

function viewOf(device: Device, now: string, timeZone: string): DeviceView {
  const license = device.validUntil === null ? 'none' : deviceLicensed(device.validUntil, now, timeZone) ? 'valid' : 'expired';
  const daysLeft = deviceDaysLeft(device.validUntil, now, timeZone);
  return { ...device, license, daysLeft, expiry: deviceExpiry(daysLeft) };
}

/** Issues a license key (vendor) for `count` device licenses of one category and term. */
export async function issueLicenseKey(ctx: ServiceContext, input: { category: string; termDays: number; count: number }): Promise<LicenseKey> {
  const now = ctx.clock.now();
  const key: LicenseKey = {
    id: newId('lky'),
    key: licenseKeyFrom(Array.from({ length: 20 }, () => randomInt(32))),
    category: input.category,
    termDays: input.termDays,
    count: input.count,
    issuedAt: now,
    tenantId: null,
    registeredAt: null,
    registeredBy: null,
  };
  await inTransaction(ctx, async (trx) => {
    await insertLicenseKey(trx, key);
    await audit(ctx, trx, { tenantId: null, action: 'license_key.issued', targetType: 'license_key', targetId: key.id, after: { category: key.category, termDays: key.termDays, count: key.count }, at: now });
  });
  return key;
}

const noSuchKey = () => new AllotError('not_found', 'No license key like this has been issued.', { resource: 'license key' });

/**
 * Registers a key in the tenant, once and only with the license terms accepted: its licenses enter
 * the tenant's pool. A malformed and an unknown key get the same answer.
 */
export async function registerLicenseKey(ctx: ServiceContext, tenant: Tenant, input: { key: string; termsAccepted: boolean }): Promise<{ key: LicenseKey; licenses: DeviceLicense[] }> {
  if (!input.termsAccepted) throw new AllotError('terms_not_accepted', 'Accept the license terms to register a key.', { field: 'termsAccepted' });
  const text = input.key.trim().toUpperCase();
  if (!wellFormedLicenseKey(text)) throw noSuchKey();
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    const key = await findLicenseKey(trx, text);
    if (key === null) throw noSuchKey();
    if (!(await claimLicenseKey(trx, key.id, tenant.id, now, actorOf(ctx.principal)))) throw new AllotError('key_registered', 'This license key is registered already.');
    const licenses: DeviceLicense[] = Array.from({ length: key.count }, () => ({
      id: newId('dlc'),
      tenantId: tenant.id,
      licenseKeyId: key.id,
      category: key.category,
      termDays: key.termDays,
      origin: 'key',
      state: 'available',
      deviceId: null,
      assignedOn: null,
      createdAt: now,
    }));
    await insertDeviceLicenses(trx, licenses);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'license_key.registered', targetType: 'license_key', targetId: key.id, after: { category: key.category, termDays: key.termDays, count: key.count }, at: now });
    return { key: { ...key, tenantId: tenant.id, registeredAt: now, registeredBy: actorOf(ctx.principal) }, licenses };
  });
}

/** Issued license keys: every key for the vendor, or only the keys registered in the tenant given. */
export function listLicenseKeys(ctx: ServiceContext, tenant: Tenant | null, filter: LicenseKeyFilter, page: PageRequest): Promise<Page<LicenseKey>> {
  return queryLicenseKeys(ctx.store.db, tenant === null ? filter : { ...filter, tenantId: tenant.id }, page);
}

/** A key of the tenant's License keys tab: active while a license of it is pooled or running. */
export interface TenantLicenseKeyView extends LicenseKey {
  state: LicenseKeyState;
  available: number;
  running: number;
}

/** The keys registered in the tenant, each with what became of its licenses today. */
export async function listTenantLicenseKeys(ctx: ServiceContext, tenant: Tenant, filter: LicenseKeyFilter, page: PageRequest): Promise<Page<TenantLicenseKeyView>> {
  const today = dateIn(tenantNow(tenant, ctx.clock.now()), tenant.timeZone).toString();
  const keys = await queryLicenseKeys(ctx.store.db, { ...filter, tenantId: tenant.id }, page);
  const use = await licenseKeyUse(ctx.store.db, tenant.id, keys.items.map((k) => k.id), today);
  return {
    items: keys.items.map((key) => {
      const counts = use.get(key.id) ?? { available: 0, running: 0 };
      return { ...key, ...counts, state: licenseKeyState(counts) };
    }),
    nextCursor: keys.nextCursor,
  };
}

/** One issued license key (the vendor's), or one registered in the tenant. */
export async function getLicenseKey(ctx: ServiceContext, tenant: Tenant | null, id: string): Promise<LicenseKey> {
  const key = await findLicenseKeyById(ctx.store.db, id, tenant?.id);
  if (key === null) throw notFound('license key', id);
  return key;
}

export async function createDevice(ctx: ServiceContext, tenant: Tenant, input: { name: string; serial: string; model: string }): Promise<DeviceView> {
  const now = tenantNow(tenant, ctx.clock.now());
  const device: Device = { id: newId('dev'), tenantId: tenant.id, ...input, licensedSince: null, validUntil: null, createdAt: now, updatedAt: now };
  try {
    await inTransaction(ctx, async (trx) => {
      await insertDevice(trx, device);
      await audit(ctx, trx, { tenantId: tenant.id, action: 'device.created', targetType: 'device', targetId: device.id, after: device, at: now });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AllotError('already_exists', `A device with serial ${input.serial} exists in this tenant.`, { field: 'serial' });
    throw error;
  }
  return viewOf(device, now, tenant.timeZone);
}

/** Renames a device or corrects its serial or model; a serial is unique in the tenant. */
export async function updateDevice(ctx: ServiceContext, tenant: Tenant, id: string, patch: { name?: string | undefined; serial?: string | undefined; model?: string | undefined }): Promise<DeviceView> {
  const now = tenantNow(tenant, ctx.clock.now());
  try {
    const after = await inTransaction(ctx, async (trx) => {
      const before = await findDevice(trx, tenant.id, id);
      if (before === null) throw notFound('device', id);
      const changed: Device = { ...before, name: patch.name ?? before.name, serial: patch.serial ?? before.serial, model: patch.model ?? before.model, updatedAt: now };
      await storeDevice(trx, tenant.id, id, changed, now);
      await audit(ctx, trx, { tenantId: tenant.id, action: 'device.updated', targetType: 'device', targetId: id, before, after: changed, at: now });
      return changed;
    });
    return viewOf(after, now, tenant.timeZone);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AllotError('already_exists', `A device with serial ${patch.serial ?? ''} exists in this tenant.`, { field: 'serial' });
    throw error;
  }
}

export async function getDevice(ctx: ServiceContext, tenant: Tenant, id: string): Promise<DeviceView> {
  const device = await findDevice(ctx.store.db, tenant.id, id);
  if (device === null) throw notFound('device', id);
  return viewOf(device, tenantNow(tenant, ctx.clock.now()), tenant.timeZone);
}

export async function listDevices(ctx: ServiceContext, tenant: Tenant, page: PageRequest): Promise<Page<DeviceView>> {
  const now = tenantNow(tenant, ctx.clock.now());
  const result = await queryDevices(ctx.store.db, tenant.id, page);
  return { items: result.items.map((d) => viewOf(d, now, tenant.timeZone)), nextCursor: result.nextCursor };
}

export async function deleteDevice(ctx: ServiceContext, tenant: Tenant, id: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const device = await findDevice(trx, tenant.id, id);
    if (device === null) throw notFound('device', id);
    if (deviceLicensed(device.validUntil, now, tenant.timeZone)) {
      throw new AllotError('conflict', 'The device runs a license; detach it first so that its remaining time goes back to the pool.');
    }
    await releaseDeviceLicenses(trx, id, 'expired');
    await removeDevice(trx, tenant.id, id);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'device.deleted', targetType: 'device', targetId: id, before: device, at: now });
  });
}

export type AssignRequest = { deviceLicenseIds: string[] } | { auto: 'shortest' | 'longest'; count: number; category?: string | undefined };

/** Today in the tenant's calendar and the instant, as an assignment reads them. */
interface AssignMoment {
  now: string;
  today: string;
}

/**
 * Puts licenses picked from the pool on a device as one cumulative license: their terms add up,
 * from the end of a license the device runs, else from today. One category per cumulative license;
 * the guarded update refuses a license that left the pool meanwhile. Inside the caller's transaction
 * and tenant lock.
 */
async function assignPicked(ctx: ServiceContext, trx: Db, tenant: Tenant, device: Device, picked: readonly DeviceLicense[], at: AssignMoment): Promise<AssignedDeviceView> {
  const { now, today } = at;
  const running = deviceLicensed(device.validUntil, now, tenant.timeZone);
  const categories = new Set(picked.map((l) => l.category));
  if (running) {
    const held = await heldCategory(trx, device.id);
    if (held !== null) categories.add(held);
  }
  if (categories.size > 1) {
    throw new AllotError('conflict', `One cumulative license holds one category; ${device.name} would get ${[...categories].join(', ')}.`, { categories: [...categories], deviceId: device.id });
  }
  // A license that ran out stays listed as expired; the new one starts today.
  if (!running && device.validUntil !== null) await releaseDeviceLicenses(trx, device.id, 'expired');
  if (!(await takeFromPool(trx, tenant.id, picked.map((l) => l.id), device.id, today))) {
    throw new AllotError('conflict', 'A license left the pool while assigning; try again.');
  }
  const days = picked.reduce((sum, l) => sum + l.termDays, 0);
  const validUntil = deviceValidUntil(running ? device.validUntil : null, today, days);
  const licensedSince = running ? device.licensedSince : today;
  await setDeviceTerm(trx, device.id, licensedSince, validUntil, now);
  await audit(ctx, trx, { tenantId: tenant.id, action: 'device.license_assigned', targetType: 'device', targetId: device.id, before: { validUntil: device.validUntil }, after: { validUntil, deviceLicenseIds: picked.map((l) => l.id), days }, at: now });
  return { ...viewOf({ ...device, licensedSince, validUntil, updatedAt: now }, now, tenant.timeZone), taken: { deviceLicenseIds: picked.map((l) => l.id), days } };
}

/** Pooled licenses in the order asked for; without a category the first of the pool sets it (one device, one category). */
async function pickFromPool(trx: Db, tenant: Tenant, order: 'shortest' | 'longest', category: string | undefined, count: number, devices = 1): Promise<DeviceLicense[]> {
  const chosen = category ?? (await poolLicenses(trx, tenant.id, order, undefined, 1))[0]?.category;
  const picked = await poolLicenses(trx, tenant.id, order, chosen, count);
  if (picked.length < count) {
    const asked = devices === 1 ? `${count} asked for` : `${count} asked for (${count / devices} for each of ${devices} devices)`;
    throw new AllotError('conflict', `The pool holds ${picked.length} matching license${picked.length === 1 ? '' : 's'}; ${asked}.`, { available: picked.length, count });
  }
  return picked;
}

function momentOf(ctx: ServiceContext, tenant: Tenant): AssignMoment {
  const now = tenantNow(tenant, ctx.clock.now());
  return { now, today: dateIn(now, tenant.timeZone).toString() };
}

/**
 * Assigns pooled licenses to a device as one cumulative license: their terms add up, from the end of
 * a license the device runs, else from today (tenant calendar). Under the tenant's licensing lock
 * and a guarded update, so that two assignments never take the same license. A dry run answers the
 * device as it would be and changes nothing.
 */
export async function assignDeviceLicenses(ctx: ServiceContext, tenant: Tenant, deviceId: string, request: AssignRequest, dryRun = false): Promise<AssignedDeviceView> {
  const at = momentOf(ctx, tenant);
  return runOrDryRun(ctx, dryRun, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const device = await findDevice(trx, tenant.id, deviceId);
    if (device === null) throw notFound('device', deviceId);
    let picked: DeviceLicense[];
    if ('deviceLicenseIds' in request) {
      const ids = [...new Set(request.deviceLicenseIds)];
      picked = await findDeviceLicenses(trx, tenant.id, ids);
      const missing = ids.filter((id) => !picked.some((l) => l.id === id));
      if (missing.length > 0) throw new AllotError('not_found', `No device license ${missing.join(', ')} in this tenant.`, { resource: 'device license', ids: missing });
      const taken = picked.filter((l) => l.state !== 'available');
      if (taken.length > 0) throw new AllotError('conflict', `Device license ${taken.map((l) => l.id).join(', ')} is not in the pool.`, { ids: taken.map((l) => l.id) });
    } else {
      picked = await pickFromPool(trx, tenant, request.auto, request.category, request.count);
    }
    return assignPicked(ctx, trx, tenant, device, picked, at);
  });
}

/**
 * LANCOM's "Assign licenses to selected devices": `count` licenses of one category for each device,
 * picked automatically, in one transaction under the tenant's lock: every device gets its licenses,
 * or (pool too small, a device of another category, an unknown device) none does. A dry run
 * answers the same and changes nothing.
 */
export async function assignDeviceLicensesInBulk(
  ctx: ServiceContext,
  tenant: Tenant,
  request: { deviceIds: string[]; auto: 'shortest' | 'longest'; count: number; category?: string | undefined },
  dryRun = false,
): Promise<{ devices: AssignedDeviceView[]; licenses: number }> {
  const at = momentOf(ctx, tenant);
  return runOrDryRun(ctx, dryRun, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const ids = [...new Set(request.deviceIds)];
    const found = await findDevices(trx, tenant.id, ids);
    const missing = ids.filter((id) => !found.some((d) => d.id === id));
    if (missing.length > 0) throw new AllotError('not_found', `No device ${missing.join(', ')} in this tenant.`, { resource: 'device', ids: missing });
    const devices = ids.map((id) => found.find((d) => d.id === id)).filter((d): d is Device => d !== undefined);
    const picked = await pickFromPool(trx, tenant, request.auto, request.category, devices.length * request.count, devices.length);
    const assigned: AssignedDeviceView[] = [];
    for (const [i, device] of devices.entries()) {
      assigned.push(await assignPicked(ctx, trx, tenant, device, picked.slice(i * request.count, (i + 1) * request.count), at));
    }
    return { devices: assigned, licenses: picked.length };
  });
}

/** Counts over every device of the tenant today: licensed, not, running out, and the licenses in the pool. */
export async function deviceSummary(ctx: ServiceContext, tenant: Tenant): Promise<{ devices: number; licensed: number; unlicensed: number; expiring: number; pooled: number }> {
  const { today } = momentOf(ctx, tenant);
  const counts = await deviceCounts(ctx.store.db, tenant.id, today, deviceExpiringThrough(today));
  return { ...counts, unlicensed: counts.devices - counts.licensed };
}

/**
 * Detaches a device's cumulative license: its remaining time comes back to the pool as one license
 * of `daysBetween(today, validUntil) − 3` days (LANCOM's rounding); none when no time is left.
 * A dry run answers the same (the dialog's explanation) and changes nothing.
 */
export async function detachDeviceLicense(
  ctx: ServiceContext,
  tenant: Tenant,
  deviceId: string,
  dryRun = false,
): Promise<{ device: DeviceView; returned: DeviceLicense | null; remainingDays: number; daysToEnd: number }> {
  const now = tenantNow(tenant, ctx.clock.now());
  const today = dateIn(now, tenant.timeZone).toString();
  return runOrDryRun(ctx, dryRun, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const device = await findDevice(trx, tenant.id, deviceId);
    if (device === null) throw notFound('device', deviceId);
    if (device.validUntil === null || !deviceLicensed(device.validUntil, now, tenant.timeZone)) {
      throw new AllotError('no_device_license', `Device ${device.name} runs no license to detach.`);
    }
    const held = await heldCategory(trx, deviceId);
    await releaseDeviceLicenses(trx, deviceId, 'detached');
    const remainingDays = remainingDaysOnDetach(today, device.validUntil);
    let returned: DeviceLicense | null = null;
    if (remainingDays > 0) {
      returned = { id: newId('dlc'), tenantId: tenant.id, licenseKeyId: null, category: held ?? 'unknown', termDays: remainingDays, origin: 'remainder', state: 'available', deviceId: null, assignedOn: null, createdAt: now };
      await insertDeviceLicenses(trx, [returned]);
    }
    await setDeviceTerm(trx, deviceId, null, null, now);
    await audit(ctx, trx, { tenantId: tenant.id, action: 'device.license_detached', targetType: 'device', targetId: deviceId, before: { validUntil: device.validUntil }, after: { remainingDays, returnedLicenseId: returned?.id ?? null }, at: now });
    const daysToEnd = deviceDaysLeft(device.validUntil, now, tenant.timeZone) ?? 0;
    return { device: viewOf({ ...device, licensedSince: null, validUntil: null, updatedAt: now }, now, tenant.timeZone), returned, remainingDays, daysToEnd };
  });
}

/** What the device software asks: is it licensed now, until when. */
export async function validateDevice(ctx: ServiceContext, tenant: Tenant, deviceId: string): Promise<{ deviceId: string; licensed: boolean; validUntil: string | null }> {
  const device = await findDevice(ctx.store.db, tenant.id, deviceId);
  if (device === null) throw notFound('device', deviceId);
  return { deviceId, licensed: deviceLicensed(device.validUntil, tenantNow(tenant, ctx.clock.now()), tenant.timeZone), validUntil: device.validUntil };
}

export function listDeviceLicenses(ctx: ServiceContext, tenant: Tenant, state: 'available' | 'assigned' | 'expired' | undefined, page: PageRequest): Promise<Page<DeviceLicenseRow>> {
  const today = dateIn(tenantNow(tenant, ctx.clock.now()), tenant.timeZone).toString();
  return queryDeviceLicenses(ctx.store.db, tenant.id, state, today, page);
}

export async function getDeviceLicense(ctx: ServiceContext, tenant: Tenant, id: string): Promise<DeviceLicenseRow> {
  const today = dateIn(tenantNow(tenant, ctx.clock.now()), tenant.timeZone).toString();
  const found = await findDeviceLicenseRow(ctx.store.db, tenant.id, id, today);
  if (found === null) throw notFound('device license', id);
  return found;
}

/** Moves a pooled license to another tenant (vendor), written to both audit logs. */
export async function transferDeviceLicense(ctx: ServiceContext, tenant: Tenant, id: string, toTenantId: string): Promise<void> {
  const now = tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    const target = await findTenant(trx, toTenantId);
    if (target === null) throw notFound('tenant', toTenantId);
    if (target.id === tenant.id) throw new AllotError('invalid_request', 'The license is in this tenant already.', { field: 'toTenant' });
    await ctx.store.lockTenant(trx, tenant.id);
    const [license] = await findDeviceLicenses(trx, tenant.id, [id]);
    if (license === undefined) throw notFound('device license', id);
    if (license.state !== 'available' || !(await moveToTenant(trx, id, tenant.id, target.id))) {
      throw new AllotError('conflict', 'Only a license in the pool can move to another tenant; detach it first.');
    }
    const entry = { action: 'device_license.transferred', targetType: 'device_license', targetId: id, before: { tenantId: tenant.id }, after: { tenantId: target.id } };
    await audit(ctx, trx, { ...entry, tenantId: tenant.id, at: now });
    await audit(ctx, trx, { ...entry, tenantId: target.id, at: tenantNow(target, ctx.clock.now()) });
  });
}
