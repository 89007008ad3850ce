import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { sendCsv } from '../http/csv.js';
import { errorResponses, Page, TenantIdParams, TenantParams } from '../schemas/common.js';
import { NewUser, User, UserListQuery, UserPatch } from '../schemas/user.schema.js';
import { createUser, deleteUser, getUser, listUsers, updateUser } from '../services/user.service.js';

const tags = ['users'];
const csvColumns = ['id', 'email', 'name', 'roles', 'certifiedProfessional', 'hasPassword', 'createdAt', 'updatedAt'];

export function userRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/users',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Create a user', params: TenantParams, body: NewUser, response: { 201: User, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createUser(contextOf(request, deps), tenantOf(request), request.body)),
  );

  app.get(
    '/v1/tenants/:t/users',
    { config: { permission: 'users.read' }, schema: { tags, summary: 'List users (CSV with format=csv)', params: TenantParams, querystring: UserListQuery, response: { 200: Page(User), ...errorResponses } } },
    async (request, reply) => {
      const { cursor, limit, format, ...filter } = request.query;
      const list = (from: string | undefined) => listUsers(contextOf(request, deps), tenantOf(request), filter, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'users', csvColumns, list) : list(cursor);
    },
  );

  app.get(
    '/v1/tenants/:t/users/:id',
    { config: { permission: 'users.read' }, schema: { tags, summary: 'One user', params: TenantIdParams, response: { 200: User, ...errorResponses } } },
    async (request) => getUser(contextOf(request, deps), tenantOf(request), request.params.id),
  );

  app.patch(
    '/v1/tenants/:t/users/:id',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Change a user', params: TenantIdParams, body: UserPatch, response: { 200: User, ...errorResponses } } },
    async (request) => updateUser(contextOf(request, deps), tenantOf(request), request.params.id, request.body),
  );

  app.delete(
    '/v1/tenants/:t/users/:id',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Delete a user', params: TenantIdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteUser(contextOf(request, deps), tenantOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
