import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { ApiKey, IssuedKey, NewTenantKey, NewVendorKey } from '../schemas/api-key.schema.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, IdParams, TenantIdParams, TenantParams } from '../schemas/common.js';
import { createTenantKey, createVendorKey, getApiKey, listApiKeys, revokeApiKey, type IssuedKey as Issued } from '../services/api-key.service.js';

const tags = ['api keys'];
const issued = (result: Issued) => ({ id: result.apiKey.id, key: result.key, apiKey: result.apiKey });

export function apiKeyRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/api-keys',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Create a vendor-admin key (shown once)', body: NewVendorKey, response: { 201: IssuedKey, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(issued(await createVendorKey(contextOf(request, deps), request.body.name ?? 'vendor admin'))),
  );
  listRoute(app, {
    url: '/v1/api-keys',
    permission: 'vendor.manage',
    tags,
    summary: 'List vendor-admin keys (never the keys themselves)',
    item: ApiKey,
    csvName: 'api-keys',
    page: (request, _filter, page) => listApiKeys(contextOf(request, deps), null, page),
  });
  app.get(
    '/v1/api-keys/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'One vendor-admin key (never the key itself)', params: IdParams, response: { 200: ApiKey, ...errorResponses } } },
    async (request) => getApiKey(contextOf(request, deps), null, request.params.id),
  );
  app.delete(
    '/v1/api-keys/:id',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Revoke a vendor-admin key', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await revokeApiKey(contextOf(request, deps), null, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/tenants/:t/api-keys',
    {
      config: { permission: 'api_keys.manage' },
      schema: { tags, summary: 'Create a tenant admin key with roles, or an app key (shown once)', params: TenantParams, body: NewTenantKey, response: { 201: IssuedKey, ...errorResponses } },
    },
    async (request, reply) => reply.code(201).send(issued(await createTenantKey(contextOf(request, deps), tenantOf(request), request.body))),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/api-keys',
    permission: 'api_keys.manage',
    tags,
    summary: "List a tenant's keys (never the keys themselves)",
    params: TenantParams,
    item: ApiKey,
    csvName: 'api-keys',
    page: (request, _filter, page) => listApiKeys(contextOf(request, deps), tenantOf(request).id, page),
  });
  app.get(
    '/v1/tenants/:t/api-keys/:id',
    { config: { permission: 'api_keys.manage' }, schema: { tags, summary: 'One tenant key (never the key itself)', params: TenantIdParams, response: { 200: ApiKey, ...errorResponses } } },
    async (request) => getApiKey(contextOf(request, deps), tenantOf(request).id, request.params.id),
  );
  app.delete(
    '/v1/tenants/:t/api-keys/:id',
    { config: { permission: 'api_keys.manage' }, schema: { tags, summary: 'Revoke a tenant key', params: TenantIdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await revokeApiKey(contextOf(request, deps), tenantOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
