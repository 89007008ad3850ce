import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, TenantParams } from '../schemas/common.js';
import { ClockMove, NewTenant, Tenant, TenantFilters, TenantPatch } from '../schemas/tenant.schema.js';
import { createTenant, deleteTenant, listTenants, moveClock, updateTenant } from '../services/tenant.service.js';

const tags = ['tenants'];

export function tenantRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Create a tenant', body: NewTenant, response: { 201: Tenant, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createTenant(contextOf(request, deps), request.body)),
  );

  listRoute(app, {
    url: '/v1/tenants',
    permission: 'tenant.read',
    tags,
    summary: 'List tenants (a tenant key sees its own)',
    filters: TenantFilters,
    item: Tenant,
    csvName: 'tenants',
    page: (request, filter, page) => listTenants(contextOf(request, deps), filter, page),
  });

  app.get(
    '/v1/tenants/:t',
    { config: { permission: 'tenant.read' }, schema: { tags, summary: 'One tenant', params: TenantParams, response: { 200: Tenant, ...errorResponses } } },
    // Not async: the guard has loaded the tenant, which is sent at once, without a promise.
    (request) => tenantOf(request),
  );

  app.patch(
    '/v1/tenants/:t',
    { config: { permission: 'tenant.manage' }, schema: { tags, summary: 'Change a tenant', params: TenantParams, body: TenantPatch, response: { 200: Tenant, ...errorResponses } } },
    async (request) => updateTenant(contextOf(request, deps), tenantOf(request), request.body),
  );

  app.delete(
    '/v1/tenants/:t',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Delete a tenant and all its data', params: TenantParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteTenant(contextOf(request, deps), tenantOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/tenants/:t/clock',
    {
      config: { permission: 'clock.manage' },
      schema: { tags, summary: "Move a sandbox tenant's test clock forward", params: TenantParams, body: ClockMove, response: { 200: Tenant, ...errorResponses } },
    },
    async (request) => {
      const tenant = await moveClock(contextOf(request, deps), tenantOf(request), request.body);
      // Jobs that the new time makes due (timeouts, expiries) run before the answer, so tests need no sleep.
      await deps.onClockMoved?.(tenant.id);
      return tenant;
    },
  );
}
