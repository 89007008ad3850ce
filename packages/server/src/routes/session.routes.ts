import { pageOf } from '@allot/core';
import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, TenantIdParams, TenantParams } from '../schemas/common.js';
import { LicenseParams } from '../schemas/license.schema.js';
import {
  ConcurrentUsageSummary,
  DayCodeFilters,
  DayCodeListItem,
  DayCodeUse,
  DayCodeUseFilters,
  ExcessFilters,
  ExcessUse,
  GraceKey,
  IssuedDayCode,
  LicenseHolder,
  NewDayCode,
  NewGrace,
  Borrow,
  BorrowFilters,
  BorrowRequest,
  BorrowReturn,
  BorrowWithLease,
  OpenSession,
  QueueEntry,
  QueueTicket,
  Session as SessionSchema,
  SessionParams,
  SessionFilters,
} from '../schemas/session.schema.js';
import { getDayCode, issueDayCode, listDayCodeLog, listDayCodes, type IssuedDayCodeView } from '../services/day-code.service.js';
import { addGrace, listExcess, listGrace } from '../services/grace.service.js';
import { borrowSession, listBorrows, returnBorrow } from '../services/borrow.service.js';
import { leaveQueue, listQueue, pollQueueEntry } from '../services/session-queue.service.js';
import { concurrentUsage, finishSession, getSession, heartbeat, listSessions, openSession } from '../services/session.service.js';

/** An issued day code as listed: never the code itself, which is answered once, at issue. */
function issuedDayCodeView({ id, module, validOn, createdAt, uses }: IssuedDayCodeView) {
  return { id, module, validOn, createdAt, uses };
}

export function sessionRoutes(app: App, deps: AppDeps): void {
  const tags = ['sessions'];
  app.post(
    '/v1/tenants/:t/sessions',
    {
      config: { permission: 'runtime.use' },
      schema: { tags, summary: 'Open a session holding one license of each module (all or none); with wait, queue at the limit', params: TenantParams, body: OpenSession, response: { 201: SessionSchema, 202: QueueTicket, ...errorResponses } },
    },
    async (request, reply) => {
      const opened = await openSession(contextOf(request, deps), tenantOf(request), request.body);
      return 'queueId' in opened ? reply.code(202).send(opened) : reply.code(201).send(opened);
    },
  );
  app.post(
    '/v1/tenants/:t/sessions/:s/borrow',
    {
      config: { permission: 'runtime.use' },
      schema: {
        tags,
        summary: 'Borrow a live session for offline work: it holds its licenses until `until` (at most maxBorrowDays ahead); answers a signed lease',
        params: SessionParams,
        body: BorrowRequest,
        response: { 201: BorrowWithLease, ...errorResponses, 410: errorResponses[409], 422: errorResponses[409] },
      },
    },
    async (request, reply) => reply.code(201).send(await borrowSession(contextOf(request, deps), tenantOf(request), request.params.s, request.body)),
  );
  app.post(
    '/v1/tenants/:t/borrows/:id/return',
    {
      config: { permission: 'runtime.use' },
      schema: { tags, summary: "Return a borrow before its end: the session ends and its licenses are free (another user's borrow is 404)", params: TenantIdParams, body: BorrowReturn, response: { 200: Borrow, ...errorResponses, 410: errorResponses[409] } },
    },
    async (request) => returnBorrow(contextOf(request, deps), tenantOf(request), request.params.id, request.body),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/borrows',
    permission: 'licenses.read',
    tags,
    summary: 'Borrowed sessions, newest first: active ones hold their licenses until they end',
    params: TenantParams,
    filters: BorrowFilters,
    item: Borrow,
    csvName: 'borrows',
    page: (request, filter, page) => listBorrows(contextOf(request, deps), tenantOf(request), filter, page),
  });
  app.get(
    '/v1/tenants/:t/session-queue/:id',
    {
      config: { permission: 'runtime.use' },
      schema: { tags, summary: 'Where a wait stands; asking keeps its place, and when its turn has come the session is offered', params: TenantIdParams, response: { 200: QueueEntry, ...errorResponses } },
    },
    async (request) => pollQueueEntry(contextOf(request, deps), tenantOf(request), request.params.id),
  );
  app.delete(
    '/v1/tenants/:t/session-queue/:id',
    { config: { permission: 'runtime.use' }, schema: { tags, summary: 'Leave the queue; an offer not yet claimed passes on', params: TenantIdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await leaveQueue(contextOf(request, deps), tenantOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  listRoute(app, {
    url: '/v1/tenants/:t/session-queue',
    permission: 'licenses.read',
    tags,
    summary: 'Who waits for a full module, first come first, with their positions',
    params: TenantParams,
    item: QueueEntry,
    csvName: 'session-queue',
    // The waiters of a tenant: few enough to page in memory, positions computed over all of them.
    page: async (request, _filter, page) => pageOf(await listQueue(contextOf(request, deps), tenantOf(request)), page.cursor, page.limit),
  });
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
  listRoute(app, {
    url: '/v1/tenants/:t/sessions',
    permission: 'licenses.read',
    tags,
    summary: 'Sessions: who holds which module now, or past sessions with their close reason',
    params: TenantParams,
    filters: SessionFilters,
    item: SessionSchema,
    csvName: 'sessions',
    page: (request, filter, page) => listSessions(contextOf(request, deps), tenantOf(request), filter, page),
  });
  app.get(
    '/v1/tenants/:t/sessions/:s',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'One session, live or ended', params: SessionParams, response: { 200: SessionSchema, ...errorResponses } } },
    async (request) => getSession(contextOf(request, deps), tenantOf(request), request.params.s),
  );

  app.post(
    '/v1/tenants/:t/licenses/:l/grace',
    {
      config: { permission: 'vendor.manage' },
      schema: { tags: ['licenses'], summary: 'Add a grace period to a concurrent license (vendor)', params: LicenseParams, body: NewGrace, response: { 201: GraceKey, ...errorResponses, 422: errorResponses[409] } },
    },
    async (request, reply) => reply.code(201).send(await addGrace(contextOf(request, deps), tenantOf(request), request.params.l, request.body)),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/licenses/:l/grace',
    permission: 'licenses.read',
    tags: ['licenses'],
    summary: "A license's grace periods",
    params: LicenseParams,
    item: GraceKey,
    csvName: 'grace-periods',
    // A license holds a grace key per order: few enough to page in memory.
    page: async (request, _filter, page) => pageOf(await listGrace(contextOf(request, deps), tenantOf(request), request.params.l), page.cursor, page.limit),
  });

  listRoute(app, {
    url: '/v1/tenants/:t/licenses/:l/sessions',
    permission: 'licenses.read',
    tags: ['licenses'],
    summary: 'Who holds a concurrent license now, since when, last seen; with the count live and whether a grace period runs',
    params: LicenseParams,
    item: LicenseHolder,
    summaryFields: ConcurrentUsageSummary,
    csvName: 'license-holders',
    responses: { 422: errorResponses[409] },
    // The holders are the license's live sessions, once per module held: at most its quantity per
    // module and the excess of a grace period.
    page: async (request, _filter, page) => {
      const { holders, ...summary } = await concurrentUsage(contextOf(request, deps), tenantOf(request), request.params.l);
      return { ...summary, ...pageOf(holders.map((h) => ({ id: h.sessionId, ...h })), page.cursor, page.limit) };
    },
  });

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

  listRoute(app, {
    url: '/v1/tenants/:t/day-codes',
    permission: 'licenses.read',
    tags: ['day codes'],
    summary: 'Day codes issued for the tenant, newest first, with their uses (not the codes themselves)',
    params: TenantParams,
    filters: DayCodeFilters,
    item: DayCodeListItem,
    csvName: 'issued-day-codes',
    page: async (request, filter, page) => {
      const found = await listDayCodes(contextOf(request, deps), tenantOf(request), filter, page);
      return { items: found.items.map(issuedDayCodeView), nextCursor: found.nextCursor };
    },
  });
  app.get(
    '/v1/tenants/:t/day-codes/:id',
    { config: { permission: 'licenses.read' }, schema: { tags: ['day codes'], summary: 'One issued day code with its uses (not the code itself)', params: TenantIdParams, response: { 200: DayCodeListItem, ...errorResponses } } },
    async (request) => issuedDayCodeView(await getDayCode(contextOf(request, deps), tenantOf(request), request.params.id)),
  );

  listRoute(app, {
    url: '/v1/tenants/:t/logs/excess',
    permission: 'licenses.read',
    tags: ['logs'],
    summary: 'Excess-usage log (grace periods), newest first',
    params: TenantParams,
    filters: ExcessFilters,
    item: ExcessUse,
    csvName: 'excess-usage',
    page: (request, filter, page) => listExcess(contextOf(request, deps), tenantOf(request), filter, page),
  });
  listRoute(app, {
    url: '/v1/tenants/:t/logs/day-codes',
    permission: 'licenses.read',
    tags: ['logs'],
    summary: 'Day-code log: every use, newest first',
    params: TenantParams,
    filters: DayCodeUseFilters,
    item: DayCodeUse,
    csvName: 'day-codes',
    page: (request, filter, page) => listDayCodeLog(contextOf(request, deps), tenantOf(request), filter, page),
  });
}
