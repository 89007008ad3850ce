import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { sendCsv } from '../http/csv.js';
import { csvListQuery, errorResponses, Page, TenantParams } from '../schemas/common.js';

const CsvListQuery = csvListQuery({});
import { LicenseParams } from '../schemas/license.schema.js';
import { DataReport, DataTicks, HitBatch, HitDaysQuery, HitResults, LicenseUsage, LinkedUser, NewVolumeObject, ObjectMove, ObjectParams, VolumeObject } from '../schemas/usage.schema.js';
import { listLinkedUsers } from '../services/active-user.service.js';
import { reportData } from '../services/data.service.js';
import { ingestHits } from '../services/hits.service.js';
import { licenseUsage } from '../services/usage.service.js';
import { listObjects, moveObject, registerObject, removeObject } from '../services/volume.service.js';

const tags = ['usage'];
const problem = errorResponses[409];

export function usageRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/usage/hits',
    {
      config: { permission: 'runtime.use' },
      schema: { tags, summary: 'Record up to 1000 hit events; each is answered on its own', params: TenantParams, body: HitBatch, response: { 200: HitResults, ...errorResponses } },
    },
    async (request) => ({ results: await ingestHits(contextOf(request, deps), tenantOf(request), request.body.events) }),
  );
  app.post(
    '/v1/tenants/:t/usage/data',
    { config: { permission: 'runtime.use' }, schema: { tags, summary: 'Report kilobytes of a data license; answers the MB ticks', params: TenantParams, body: DataReport, response: { 200: DataTicks, ...errorResponses, 422: problem } } },
    async (request) => reportData(contextOf(request, deps), tenantOf(request), request.body),
  );

  app.get(
    '/v1/tenants/:t/licenses/:l/usage',
    {
      config: { permission: 'licenses.read' },
      schema: { tags, summary: 'Usage of a license: hits per day and year, data ticks, or the count in use (hit days as CSV with format=csv)', params: LicenseParams, querystring: Type.Object({ ...HitDaysQuery.properties, format: Type.Optional(Type.Enum(['json', 'csv'])) }), response: { 200: LicenseUsage, ...errorResponses } },
    },
    async (request, reply) => {
      const { format, ...range } = request.query;
      const usage = await licenseUsage(contextOf(request, deps), tenantOf(request), request.params.l, range);
      return format === 'csv' ? sendCsv(reply, 'hit-days', ['day', 'hits'], async () => ({ items: usage.hitDays ?? [], nextCursor: null })) : usage;
    },
  );

  app.get(
    '/v1/tenants/:t/licenses/:l/objects',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'Objects of a volume license (CSV with format=csv)', params: LicenseParams, querystring: CsvListQuery, response: { 200: Page(VolumeObject), ...errorResponses, 422: problem } } },
    async (request, reply) => {
      const { cursor, limit, format } = request.query;
      const list = (from: string | undefined) => listObjects(contextOf(request, deps), tenantOf(request), request.params.l, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'objects', ['ref', 'status', 'counted', 'createdAt', 'updatedAt'], list) : list(cursor);
    },
  );
  app.post(
    '/v1/tenants/:t/licenses/:l/objects',
    {
      config: { permission: 'runtime.use' },
      schema: { tags, summary: 'Register an object (409 volume_exceeded when it would count past the maximum)', params: LicenseParams, body: NewVolumeObject, response: { 201: VolumeObject, ...errorResponses, 422: problem } },
    },
    async (request, reply) => reply.code(201).send({ id: request.body.ref, ...(await registerObject(contextOf(request, deps), tenantOf(request), request.params.l, request.body)) }),
  );
  app.patch(
    '/v1/tenants/:t/licenses/:l/objects/:ref',
    { config: { permission: 'runtime.use' }, schema: { tags, summary: 'Move an object to another status', params: ObjectParams, body: ObjectMove, response: { 200: VolumeObject, ...errorResponses, 422: problem } } },
    async (request) => {
      const moved = await moveObject(contextOf(request, deps), tenantOf(request), request.params.l, request.params.ref, request.body.status);
      return { id: moved.ref, ...moved };
    },
  );
  app.delete(
    '/v1/tenants/:t/licenses/:l/objects/:ref',
    { config: { permission: 'runtime.use' }, schema: { tags, summary: 'Remove an object', params: ObjectParams, response: { 204: Type.Null(), ...errorResponses, 422: problem } } },
    async (request, reply) => {
      await removeObject(contextOf(request, deps), tenantOf(request), request.params.l, request.params.ref);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/tenants/:t/licenses/:l/linked-users',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'Users an active-user license is linked to, with last access and days left (CSV with format=csv)', params: LicenseParams, querystring: CsvListQuery, response: { 200: Page(LinkedUser), ...errorResponses, 422: problem } } },
    async (request, reply) => {
      const { cursor, limit, format } = request.query;
      const list = (from: string | undefined) => listLinkedUsers(contextOf(request, deps), tenantOf(request), request.params.l, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'linked-users', ['userId', 'linkedAt', 'lastAccessAt', 'expiresAt', 'daysLeft'], list) : list(cursor);
    },
  );
}
