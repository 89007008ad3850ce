import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { errorResponses, ListQuery, Page, TenantIdParams, TenantParams } from '../schemas/common.js';
import { Group, MemberParams, Members, MembershipChange, NewGroup } from '../schemas/group.schema.js';
import { User } from '../schemas/user.schema.js';
import { addMembers, createGroup, deleteGroup, getGroup, listGroups, listMembers, removeMember, updateGroup } from '../services/group.service.js';

const tags = ['groups'];

export function groupRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/groups',
    { config: { permission: 'users.manage' }, schema: { tags, summary: 'Create a group', params: TenantParams, body: NewGroup, response: { 201: Group, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createGroup(contextOf(request, deps), tenantOf(request), request.body.name)),
  );

  app.get(
    '/v1/tenants/:t/groups',
    { config: { permission: 'users.read' }, schema: { tags, summary: 'List groups', params: TenantParams, querystring: ListQuery, response: { 200: Page(Group), ...errorResponses } } },
    async (request) => listGroups(contextOf(request, deps), tenantOf(request), request.query),
  );

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

  app.get(
    '/v1/tenants/:t/groups/:id/members',
    { config: { permission: 'users.read' }, schema: { tags, summary: "A group's members", params: TenantIdParams, querystring: ListQuery, response: { 200: Page(User), ...errorResponses } } },
    async (request) => listMembers(contextOf(request, deps), tenantOf(request), request.params.id, request.query),
  );

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
