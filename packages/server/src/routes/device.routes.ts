import { AllotError } from '@allot/core';
import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, IdParams, TenantIdParams, TenantParams } from '../schemas/common.js';
import { DryRunQuery } from '../schemas/license.schema.js';
import {
  AssignedDevice,
  Assignment,
  BulkAssigned,
  BulkAssignment,
  Detached,
  Device,
  DeviceLicenseFilters,
  DeviceLicenseRow,
  DeviceParams,
  DevicePatch,
  DeviceSummary,
  KeyRegistration,
  LicenseKey,
  LicenseKeyFilters,
  NewDevice,
  NewLicenseKey,
  Registered,
  TenantLicenseKey,
  TenantLicenseKeyFilters,
  Transfer,
  Validation,
} from '../schemas/device.schema.js';
import {
  assignDeviceLicenses,
  assignDeviceLicensesInBulk,
  createDevice,
  deleteDevice,
  detachDeviceLicense,
  deviceSummary,
  getDevice,
  getDeviceLicense,
  getLicenseKey,
  issueLicenseKey,
  listDeviceLicenses,
  listDevices,
  listLicenseKeys,
  listTenantLicenseKeys,
  registerLicenseKey,
  transferDeviceLicense,
  updateDevice,
  validateDevice,
  type AssignRequest,
} from '../services/device.service.js';

const tags = ['devices'];
const problem = errorResponses[409];

/** Either explicit licenses or an automatic choice, not both. */
function assignRequest(body: { deviceLicenseIds?: string[] | undefined; auto?: 'shortest' | 'longest' | undefined; count?: number | undefined; category?: string | undefined }): AssignRequest {
  if (body.deviceLicenseIds !== undefined && body.auto === undefined && body.count === undefined && body.category === undefined) return { deviceLicenseIds: body.deviceLicenseIds };
  if (body.deviceLicenseIds === undefined && body.auto !== undefined) return { auto: body.auto, count: body.count ?? 1, category: body.category };
  throw new AllotError('invalid_request', 'Send either deviceLicenseIds, or auto (shortest or longest) with count and category.', { field: 'auto' });
}

export function deviceRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/license-keys',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Issue a license key for device licenses (vendor)', body: NewLicenseKey, response: { 201: LicenseKey, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await issueLicenseKey(contextOf(request, deps), request.body)),
  );
  listRoute(app, {
    url: '/v1/license-keys',
    permission: 'vendor.manage',
    tags,
    summary: 'Every issued license key, with the tenant it is registered in, when and by whom (vendor)',
    filters: LicenseKeyFilters,
    item: LicenseKey,
    csvName: 'license-keys',
    page: (request, filter, page) => listLicenseKeys(contextOf(request, deps), null, filter, page),
  });
  app.get(
    '/v1/license-keys/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'One issued license key (vendor)', params: IdParams, response: { 200: LicenseKey, ...errorResponses } } },
    async (request) => getLicenseKey(contextOf(request, deps), null, request.params.id),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/license-keys',
    permission: 'licenses.read',
    tags,
    summary: 'License keys registered in the tenant: category, term, count, registered by and when, and whether their licenses have all run out',
    params: TenantParams,
    filters: TenantLicenseKeyFilters,
    item: TenantLicenseKey,
    csvName: 'license-keys',
    page: (request, filter, page) => listTenantLicenseKeys(contextOf(request, deps), tenantOf(request), filter, page),
  });
  app.get(
    '/v1/tenants/:t/license-keys/:id',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'One license key registered in the tenant', params: TenantIdParams, response: { 200: LicenseKey, ...errorResponses } } },
    async (request) => getLicenseKey(contextOf(request, deps), tenantOf(request), request.params.id),
  );
  app.post(
    '/v1/tenants/:t/license-keys',
    {
      config: { permission: 'licenses.manage' },
      schema: { tags, summary: 'Register a license key, with the license terms accepted; its licenses enter the pool', params: TenantParams, body: KeyRegistration, response: { 201: Registered, ...errorResponses, 422: problem } },
    },
    async (request, reply) => reply.code(201).send(await registerLicenseKey(contextOf(request, deps), tenantOf(request), { key: request.body.key, termsAccepted: request.body.termsAccepted === true })),
  );

  app.post(
    '/v1/tenants/:t/devices',
    { config: { permission: 'licenses.manage' }, schema: { tags, summary: 'Add a device', params: TenantParams, body: NewDevice, response: { 201: Device, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createDevice(contextOf(request, deps), tenantOf(request), request.body)),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/devices',
    permission: 'licenses.read',
    tags,
    summary: 'Devices with their license column',
    params: TenantParams,
    item: Device,
    csvName: 'devices',
    page: (request, _filter, page) => listDevices(contextOf(request, deps), tenantOf(request), page),
  });
  app.get(
    '/v1/tenants/:t/device-summary',
    {
      config: { permission: 'licenses.read' },
      schema: { tags, summary: 'Licensed and unlicensed devices, those running out, and the licenses in the pool, over every device', params: TenantParams, response: { 200: DeviceSummary, ...errorResponses } },
    },
    async (request) => deviceSummary(contextOf(request, deps), tenantOf(request)),
  );
  app.post(
    '/v1/tenants/:t/device-assignments',
    {
      config: { permission: 'licenses.manage' },
      schema: {
        tags,
        summary: 'Assign licenses from the pool to several devices at once, the same number to each: all of them or none (dryRun answers without changing)',
        params: TenantParams,
        querystring: DryRunQuery,
        body: BulkAssignment,
        response: { 200: BulkAssigned, ...errorResponses },
      },
    },
    async (request) => assignDeviceLicensesInBulk(contextOf(request, deps), tenantOf(request), request.body, request.query.dryRun === true),
  );
  app.get(
    '/v1/tenants/:t/devices/:d',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'One device', params: DeviceParams, response: { 200: Device, ...errorResponses } } },
    async (request) => getDevice(contextOf(request, deps), tenantOf(request), request.params.d),
  );
  app.patch(
    '/v1/tenants/:t/devices/:d',
    { config: { permission: 'licenses.manage' }, schema: { tags, summary: 'Rename a device or correct its serial or model (a serial is unique in the tenant)', params: DeviceParams, body: DevicePatch, response: { 200: Device, ...errorResponses } } },
    async (request) => updateDevice(contextOf(request, deps), tenantOf(request), request.params.d, request.body),
  );
  app.delete(
    '/v1/tenants/:t/devices/:d',
    { config: { permission: 'licenses.manage' }, schema: { tags, summary: 'Remove a device that runs no license', params: DeviceParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteDevice(contextOf(request, deps), tenantOf(request), request.params.d);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/v1/tenants/:t/devices/:d/license',
    {
      config: { permission: 'licenses.manage' },
      schema: {
        tags,
        summary: 'Assign pooled licenses as one cumulative license (added to a running one; dryRun answers without changing)',
        params: DeviceParams,
        querystring: DryRunQuery,
        body: Assignment,
        response: { 200: AssignedDevice, ...errorResponses },
      },
    },
    async (request) => assignDeviceLicenses(contextOf(request, deps), tenantOf(request), request.params.d, assignRequest(request.body), request.query.dryRun === true),
  );
  app.delete(
    '/v1/tenants/:t/devices/:d/license',
    {
      config: { permission: 'licenses.manage' },
      schema: { tags, summary: 'Detach: the remaining time goes back to the pool as one license (dryRun answers without changing)', params: DeviceParams, querystring: DryRunQuery, response: { 200: Detached, ...errorResponses } },
    },
    async (request) => detachDeviceLicense(contextOf(request, deps), tenantOf(request), request.params.d, request.query.dryRun === true),
  );
  app.post(
    '/v1/tenants/:t/devices/:d/validate',
    { config: { permission: 'runtime.use' }, schema: { tags, summary: 'Is the device licensed now?', params: DeviceParams, response: { 200: Validation, ...errorResponses } } },
    async (request) => validateDevice(contextOf(request, deps), tenantOf(request), request.params.d),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/device-licenses',
    permission: 'licenses.read',
    tags,
    summary: 'Device licenses: available, assigned or expired',
    params: TenantParams,
    filters: DeviceLicenseFilters,
    item: DeviceLicenseRow,
    csvName: 'device-licenses',
    page: (request, filter, page) => listDeviceLicenses(contextOf(request, deps), tenantOf(request), filter.state, page),
  });
  app.get(
    '/v1/tenants/:t/device-licenses/:id',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'One device license with its key and device', params: TenantIdParams, response: { 200: DeviceLicenseRow, ...errorResponses } } },
    async (request) => getDeviceLicense(contextOf(request, deps), tenantOf(request), request.params.id),
  );
  app.post(
    '/v1/tenants/:t/device-licenses/:id/transfer',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Move a pooled license to another tenant (vendor)', params: TenantIdParams, body: Transfer, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await transferDeviceLicense(contextOf(request, deps), tenantOf(request), request.params.id, request.body.toTenant);
      return reply.code(204).send(null);
    },
  );
}
