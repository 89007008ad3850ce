import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, TenantIdParams, TenantParams } from '../schemas/common.js';
import { ListedUser, NewUser, User, UserFilters, UserImport, UserImportOutcome, UserPatch } from '../schemas/user.schema.js';
import { importUsers } from '../services/user-import.service.js';
import { createUser, deleteUser, getUser, listUsers, updateUser } from '../services/user.service.js';

const tags = ['users'];

export function userRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/users',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Create a user', params: TenantParams, body: NewUser, response: { 201: User, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createUser(contextOf(request, deps), tenantOf(request), request.body)),
  );

  app.post(
    '/v1/tenants/:t/users/import',
    {
      config: { permission: 'users.manage' },
      // 4 MiB: ten thousand rows take more than the usual 1 MiB.
      bodyLimit: 4_194_304,
      schema: {
        tags,
        summary: 'Create many users at once (all or none; dryRun checks without creating)',
        description: 'Each row is created as `POST /v1/tenants/{t}/users` would create it, audited as one creation; no row carries a password.',
        params: TenantParams,
        body: UserImport,
        response: { 200: UserImportOutcome, 201: UserImportOutcome, ...errorResponses },
      },
    },
    async (request, reply) => {
      const dryRun = request.body.dryRun ?? false;
      const outcome = await importUsers(contextOf(request, deps), tenantOf(request), request.body.users, dryRun);
      return reply.code(dryRun ? 200 : 201).send(outcome);
    },
  );

  listRoute(app, {
    url: '/v1/tenants/:t/users',
    permission: 'users.read',
    tags,
    summary: 'List users',
    params: TenantParams,
    filters: UserFilters,
    item: ListedUser,
    csvName: 'users',
    page: (request, filter, page) => listUsers(contextOf(request, deps), tenantOf(request), filter, page),
  });

  app.get(
    '/v1/tenants/:t/users/:id',
    { config: { permission: 'users.read' }, schema: { tags, summary: 'One user', params: TenantIdParams, response: { 200: User, ...errorResponses } } },
    async (request) => getUser(contextOf(request, deps), tenantOf(request), request.params.id),
  );

  app.patch(
    '/v1/tenants/:t/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Change a user',
        description:
          'Nobody changes a user whose highest role outranks their own (only owners change owners; vendor admins anyone). ' +
          'Changing your own password or e-mail needs `currentPassword` (401 `password_incorrect` when wrong, limited as logins). ' +
          "A new password or e-mail ends all of the user's console sessions.",
        params: TenantIdParams,
        body: UserPatch,
        response: { 200: User, ...errorResponses },
      },
    },
    async (request) => updateUser(contextOf(request, deps), tenantOf(request), request.params.id, request.body, request.ip),
  );

  app.delete(
    '/v1/tenants/:t/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: { tags, summary: 'Delete a user', description: 'Nobody deletes a user whose highest role outranks their own.', params: TenantIdParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await deleteUser(contextOf(request, deps), tenantOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
