import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { sendCsv } from '../http/csv.js';
import { errorResponses, Page, TenantParams } from '../schemas/common.js';
import { LicenseParams } from '../schemas/license.schema.js';
import {
  ConcurrentUsage,
  DayCodeListItem,
  DayCodeListQuery,
  DayCodeQuery,
  DayCodeUse,
  ExcessQuery,
  ExcessUse,
  GraceKey,
  IssuedDayCode,
  NewDayCode,
  NewGrace,
  OpenSession,
  Session as SessionSchema,
  SessionParams,
  SessionQuery,
} from '../schemas/session.schema.js';
import { dayCodeUseCsvColumns, issueDayCode, listDayCodeLog, listDayCodes } from '../services/day-code.service.js';
import { addGrace, excessCsvColumns, listExcess, listGrace } from '../services/grace.service.js';
import { concurrentUsage, finishSession, heartbeat, listSessions, openSession } from '../services/session.service.js';

const sessionCsvColumns = ['id', 'userId', 'state', 'modules', 'startedAt', 'lastSeenAt', 'expiresAt', 'endedAt', 'endReason'];

export function sessionRoutes(app: App, deps: AppDeps): void {
  const tags = ['sessions'];
  app.post(
    '/v1/tenants/:t/sessions',
    {
      config: { permission: 'runtime.use' },
      schema: { tags, summary: 'Open a session holding one license of each module (all or none)', params: TenantParams, body: OpenSession, response: { 201: SessionSchema, ...errorResponses } },
    },
    async (request, reply) => {
      return reply.code(201).send(await openSession(contextOf(request, deps), tenantOf(request), request.body));
    },
  );
  app.post(
    '/v1/tenants/:t/sessions/:s/heartbeat',
    { config: { permission: 'runtime.use' }, schema: { tags, summary: 'Keep a session (410 once it has ended or timed out)', params: SessionParams, response: { 200: SessionSchema, ...errorResponses, 410: errorResponses[409] } } },
    async (request) => heartbeat(contextOf(request, deps), tenantOf(request), request.params.s),
  );
  app.delete(
    '/v1/tenants/:t/sessions/:s',
    {
      config: { permission: 'runtime.use' },
      schema: { tags, summary: 'End the session: reason logout for an app key, admin for an administrator', params: SessionParams, response: { 200: SessionSchema, ...errorResponses, 410: errorResponses[409] } },
    },
    async (request) => finishSession(contextOf(request, deps), tenantOf(request), request.params.s),
  );
  app.post(
    '/v1/tenants/:t/sessions/:s/end',
    { config: { permission: 'licenses.manage' }, schema: { tags, summary: 'End any session as an administrator (reason admin)', params: SessionParams, response: { 200: SessionSchema, ...errorResponses, 410: errorResponses[409] } } },
    async (request) => finishSession(contextOf(request, deps), tenantOf(request), request.params.s),
  );
  app.get(
    '/v1/tenants/:t/sessions',
    {
      config: { permission: 'licenses.read' },
      schema: { tags, summary: 'Sessions: who holds which module now, or past sessions with their close reason (CSV with format=csv)', params: TenantParams, querystring: SessionQuery, response: { 200: Page(SessionSchema), ...errorResponses } },
    },
    async (request, reply) => {
      const { cursor, limit, format, ...filter } = request.query;
      const list = (from: string | undefined) => listSessions(contextOf(request, deps), tenantOf(request), filter, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'sessions', sessionCsvColumns, list) : list(cursor);
    },
  );

  app.post(
    '/v1/tenants/:t/licenses/:l/grace',
    {
      config: { permission: 'vendor.manage' },
      schema: { tags: ['licenses'], summary: 'Add a grace period to a concurrent license (vendor)', params: LicenseParams, body: NewGrace, response: { 201: GraceKey, ...errorResponses, 422: errorResponses[409] } },
    },
    async (request, reply) => reply.code(201).send(await addGrace(contextOf(request, deps), tenantOf(request), request.params.l, request.body)),
  );
  app.get(
    '/v1/tenants/:t/licenses/:l/grace',
    { config: { permission: 'licenses.read' }, schema: { tags: ['licenses'], summary: "A license's grace periods", params: LicenseParams, response: { 200: Type.Object({ items: Type.Array(GraceKey) }), ...errorResponses } } },
    async (request) => ({ items: await listGrace(contextOf(request, deps), tenantOf(request), request.params.l) }),
  );

  app.get(
    '/v1/tenants/:t/licenses/:l/sessions',
    {
      config: { permission: 'licenses.read' },
      schema: { tags: ['licenses'], summary: 'Who holds a concurrent license now, since when, last seen', params: LicenseParams, response: { 200: ConcurrentUsage, ...errorResponses, 422: errorResponses[409] } },
    },
    async (request) => concurrentUsage(contextOf(request, deps), tenantOf(request), request.params.l),
  );

  app.post(
    '/v1/tenants/:t/day-codes',
    {
      config: { permission: 'vendor.manage' },
      schema: { tags: ['day codes'], summary: 'Issue a day code for one module and one day of the tenant (vendor)', params: TenantParams, body: NewDayCode, response: { 201: IssuedDayCode, ...errorResponses } },
    },
    async (request, reply) => {
      const issued = await issueDayCode(contextOf(request, deps), tenantOf(request), request.body);
      return reply.code(201).send({ id: issued.id, dayCode: issued.code, module: issued.module, validOn: issued.validOn });
    },
  );

  app.get(
    '/v1/tenants/:t/day-codes',
    {
      config: { permission: 'licenses.read' },
      schema: { tags: ['day codes'], summary: 'Day codes issued for the tenant, newest first, with their uses (not the codes themselves)', params: TenantParams, querystring: DayCodeListQuery, response: { 200: Page(DayCodeListItem), ...errorResponses } },
    },
    async (request) => {
      const { cursor, limit, ...filter } = request.query;
      const page = await listDayCodes(contextOf(request, deps), tenantOf(request), filter, { cursor, limit });
      return { ...page, items: page.items.map(({ id, module, validOn, createdAt, uses }) => ({ id, module, validOn, createdAt, uses })) };
    },
  );

  app.get(
    '/v1/tenants/:t/logs/excess',
    { config: { permission: 'licenses.read' }, schema: { tags: ['logs'], summary: 'Excess-usage log (grace periods), newest first', params: TenantParams, querystring: ExcessQuery, response: { 200: Page(ExcessUse), ...errorResponses } } },
    async (request, reply) => {
      const { cursor, limit, format, ...filter } = request.query;
      const list = (from: string | undefined) => listExcess(contextOf(request, deps), tenantOf(request), filter, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'excess-usage', excessCsvColumns, list) : list(cursor);
    },
  );
  app.get(
    '/v1/tenants/:t/logs/day-codes',
    { config: { permission: 'licenses.read' }, schema: { tags: ['logs'], summary: 'Day-code log: every use, newest first', params: TenantParams, querystring: DayCodeQuery, response: { 200: Page(DayCodeUse), ...errorResponses } } },
    async (request, reply) => {
      const { cursor, limit, format, ...filter } = request.query;
      const list = (from: string | undefined) => listDayCodeLog(contextOf(request, deps), tenantOf(request), filter, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'day-codes', dayCodeUseCsvColumns, list) : list(cursor);
    },
  );
}
