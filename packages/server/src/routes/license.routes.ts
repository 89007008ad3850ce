import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, TenantParams } from '../schemas/common.js';
import { Group } from '../schemas/group.schema.js';
import {
  DryRunQuery,
  GroupLink,
  License,
  LicenseGroupParams,
  LicenseFilters,
  LicenseParams,
  LicensePatch,
  NewLicense,
  ProductOverview,
  RecalledUserIds,
  SeatHolder,
  SeatOutcome,
  UserIds,
} from '../schemas/license.schema.js';
import { assignSeats, linkGroup, listLinkedGroups, listSeats, recallSeats, unlinkGroup } from '../services/assignment.service.js';
import { createLicense, deleteLicense, getLicense, licenseOverview, listLicenses, updateLicense } from '../services/license.service.js';

const tags = ['licenses'];

export function licenseRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/licenses',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Grant a license (vendor)', params: TenantParams, body: NewLicense, response: { 201: License, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await createLicense(contextOf(request, deps), tenantOf(request), request.body)),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/licenses',
    permission: 'licenses.read',
    tags,
    summary: 'Licenses with usage',
    params: TenantParams,
    filters: LicenseFilters,
    item: License,
    csvName: 'licenses',
    page: (request, filter, page) => listLicenses(contextOf(request, deps), tenantOf(request), filter, page),
  });
  app.get(
    '/v1/tenants/:t/licenses/overview',
    {
      config: { permission: 'licenses.read' },
      schema: { tags, summary: 'Per product: licensed or not, packages, usage, slots per role', params: TenantParams, response: { 200: Type.Object({ products: Type.Array(ProductOverview) }), ...errorResponses } },
    },
    async (request) => ({ products: await licenseOverview(contextOf(request, deps), tenantOf(request)) }),
  );
  app.get(
    '/v1/tenants/:t/licenses/:l',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'One license with usage', params: LicenseParams, response: { 200: License, ...errorResponses } } },
    async (request) => getLicense(contextOf(request, deps), tenantOf(request), request.params.l),
  );
  app.patch(
    '/v1/tenants/:t/licenses/:l',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Change a license (vendor; one from the license file changes only with a new file)', params: LicenseParams, body: LicensePatch, response: { 200: License, ...errorResponses } } },
    async (request) => updateLicense(contextOf(request, deps), tenantOf(request), request.params.l, request.body),
  );
  app.delete(
    '/v1/tenants/:t/licenses/:l',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Withdraw a license (vendor; one from the license file goes only with a new file)', params: LicenseParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteLicense(contextOf(request, deps), tenantOf(request), request.params.l);
      return reply.code(204).send(null);
    },
  );

  listRoute(app, {
    url: '/v1/tenants/:t/licenses/:l/assignments',
    permission: 'licenses.read',
    tags,
    summary: 'Seat holders and how they are seated',
    params: LicenseParams,
    item: SeatHolder,
    csvName: 'seat-holders',
    page: (request, _filter, page) => listSeats(contextOf(request, deps), tenantOf(request), request.params.l, page),
  });
  app.post(
    '/v1/tenants/:t/licenses/:l/assignments',
    {
      config: { permission: 'licenses.manage' },
      schema: { tags, summary: 'Assign seats to users (all or none; dryRun answers without changing)', params: LicenseParams, querystring: DryRunQuery, body: UserIds, response: { 200: SeatOutcome, ...errorResponses } },
    },
    async (request) => assignSeats(contextOf(request, deps), tenantOf(request), request.params.l, request.body.userIds, request.query.dryRun === true),
  );
  app.delete(
    '/v1/tenants/:t/licenses/:l/assignments',
    {
      config: { permission: 'licenses.manage' },
      schema: { tags, summary: 'Recall directly assigned seats (all or none)', params: LicenseParams, querystring: DryRunQuery, body: RecalledUserIds, response: { 200: SeatOutcome, ...errorResponses } },
    },
    async (request) => recallSeats(contextOf(request, deps), tenantOf(request), request.params.l, request.body.userIds, request.query.dryRun === true),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/licenses/:l/groups',
    permission: 'licenses.read',
    tags,
    summary: 'Groups linked to the license',
    params: LicenseParams,
    item: Group,
    csvName: 'linked-groups',
    page: (request, _filter, page) => listLinkedGroups(contextOf(request, deps), tenantOf(request), request.params.l, page),
  });
  app.post(
    '/v1/tenants/:t/licenses/:l/groups',
    {
      config: { permission: 'licenses.manage' },
      schema: { tags, summary: 'Link a group: its members get seats (all or none; idempotent)', params: LicenseParams, querystring: DryRunQuery, body: GroupLink, response: { 200: SeatOutcome, ...errorResponses } },
    },
    async (request) => linkGroup(contextOf(request, deps), tenantOf(request), request.params.l, request.body.groupId, request.query.dryRun === true),
  );
  app.delete(
    '/v1/tenants/:t/licenses/:l/groups/:groupId',
    {
      config: { permission: 'licenses.manage' },
      schema: { tags, summary: 'Unlink a group', params: LicenseGroupParams, querystring: DryRunQuery, response: { 200: SeatOutcome, ...errorResponses } },
    },
    async (request) => unlinkGroup(contextOf(request, deps), tenantOf(request), request.params.l, request.params.groupId, request.query.dryRun === true),
  );
}
