import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { sendCsv } from '../http/csv.js';
import { listRoute } from '../http/list-route.js';
import { nativeJson } from '../http/native-json.js';
import { errorResponses, TenantParams } from '../schemas/common.js';
import { LicenseParams } from '../schemas/license.schema.js';
import { DataReport, DataTicks, HitBatch, HitDaysQuery, HitResults, LicenseUsage, LinkedUser, NewVolumeObject, ObjectMove, ObjectParams, VolumeObject } from '../schemas/usage.schema.js';
import { listLinkedUsers } from '../services/active-user.service.js';
import { reportData } from '../services/data.service.js';
import { ingestHits } from '../services/hits.service.js';
import { licenseUsage } from '../services/usage.service.js';
import { getObject, listObjects, moveObject, registerObject, removeObject } from '../services/volume.service.js';

const tags = ['usage'];
const problem = errorResponses[409];

export function usageRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/usage/hits',
    {
      config: { permission: 'runtime.use' },
      schema: { tags, summary: 'Record up to 1000 hit events; each is answered on its own', params: TenantParams, body: HitBatch, response: { 200: HitResults, ...errorResponses } },
      serializerCompiler: nativeJson,
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

  listRoute(app, {
    url: '/v1/tenants/:t/licenses/:l/objects',
    permission: 'licenses.read',
    tags,
    summary: 'Objects of a volume license',
    params: LicenseParams,
    item: VolumeObject,
    csvName: 'objects',
    responses: { 422: problem },
    page: (request, _filter, page) => listObjects(contextOf(request, deps), tenantOf(request), request.params.l, page),
  });
  app.get(
    '/v1/tenants/:t/licenses/:l/objects/:ref',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'One object of a volume license', params: ObjectParams, response: { 200: VolumeObject, ...errorResponses, 422: problem } } },
    async (request) => getObject(contextOf(request, deps), tenantOf(request), request.params.l, request.params.ref),
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

  listRoute(app, {
    url: '/v1/tenants/:t/licenses/:l/linked-users',
    permission: 'licenses.read',
    tags,
    summary: 'Users an active-user license is linked to, with last access and days left',
    params: LicenseParams,
    item: LinkedUser,
    csvName: 'linked-users',
    responses: { 422: problem },
    page: (request, _filter, page) => listLinkedUsers(contextOf(request, deps), tenantOf(request), request.params.l, page),
  });
}
