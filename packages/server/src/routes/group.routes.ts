import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, TenantIdParams, TenantParams } from '../schemas/common.js';
import { Group, GroupFilters, MemberParams, Members, MembershipChange, NewGroup } from '../schemas/group.schema.js';
import { User } from '../schemas/user.schema.js';
import { addMembers, createGroup, deleteGroup, getGroup, listGroups, listMembers, removeMember, updateGroup } from '../services/group.service.js';

const tags = ['groups'];

export function groupRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/groups',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Create a group', params: TenantParams, body: NewGroup, response: { 201: Group, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createGroup(contextOf(request, deps), tenantOf(request), request.body.name)),
  );

  listRoute(app, {
    url: '/v1/tenants/:t/groups',
    permission: 'users.read',
    tags,
    summary: 'List groups',
    params: TenantParams,
    filters: GroupFilters,
    item: Group,
    csvName: 'groups',
    page: (request, filter, page) => listGroups(contextOf(request, deps), tenantOf(request), filter, page),
  });

  app.get(
    '/v1/tenants/:t/groups/:id',
    { config: { permission: 'users.read' }, schema: { tags, summary: 'One group', params: TenantIdParams, response: { 200: Group, ...errorResponses } } },
    async (request) => getGroup(contextOf(request, deps), tenantOf(request), request.params.id),
  );

  app.patch(
    '/v1/tenants/:t/groups/:id',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Rename a group', params: TenantIdParams, body: NewGroup, response: { 200: Group, ...errorResponses } } },
    async (request) => updateGroup(contextOf(request, deps), tenantOf(request), request.params.id, request.body.name),
  );

  app.delete(
    '/v1/tenants/:t/groups/:id',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Delete a group', params: TenantIdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteGroup(contextOf(request, deps), tenantOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  listRoute(app, {
    url: '/v1/tenants/:t/groups/:id/members',
    permission: 'users.read',
    tags,
    summary: "A group's members",
    params: TenantIdParams,
    item: User,
    csvName: 'group-members',
    page: (request, _filter, page) => listMembers(contextOf(request, deps), tenantOf(request), request.params.id, page),
  });

  app.post(
    '/v1/tenants/:t/groups/:id/members',
    {
      config: { permission: 'users.manage' },
      schema: { tags, summary: 'Add users to a group (all or none)', params: TenantIdParams, body: Members, response: { 200: MembershipChange, ...errorResponses } },
    },
    async (request) => addMembers(contextOf(request, deps), tenantOf(request), request.params.id, request.body.userIds),
  );

  app.delete(
    '/v1/tenants/:t/groups/:id/members/:userId',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Remove a user from a group', params: MemberParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await removeMember(contextOf(request, deps), tenantOf(request), request.params.id, request.params.userId);
      return reply.code(204).send(null);
    },
  );
}
