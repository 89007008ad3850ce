import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { sendCsv } from '../http/csv.js';
import { errorResponses, Page, TenantParams } from '../schemas/common.js';
import { AccessAnswer, AccessRequest, Denial, DenialQuery } from '../schemas/license.schema.js';
import { checkAccess, denialCsvColumns, listDenials } from '../services/access.service.js';

export function accessRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/access',
    {
      config: { permission: 'runtime.use' },
      schema: { tags: ['access'], summary: 'May this user use this module now? (denials are logged)', params: TenantParams, body: AccessRequest, response: { 200: AccessAnswer, ...errorResponses } },
    },
    async (request) => checkAccess(contextOf(request, deps), tenantOf(request), request.body),
  );
  app.get(
    '/v1/tenants/:t/logs/denied',
    {
      config: { permission: 'licenses.read' },
      schema: { tags: ['logs'], summary: 'Denied-access log, newest first (CSV with format=csv)', params: TenantParams, querystring: DenialQuery, response: { 200: Page(Denial), ...errorResponses } },
    },
    async (request, reply) => {
      const { cursor, limit, format, ...filter } = request.query;
      const list = (from: string | undefined) => listDenials(contextOf(request, deps), tenantOf(request), filter, { cursor: from, limit: format === 'csv' ? 500 : limit });
      return format === 'csv' ? sendCsv(reply, 'denied-access', denialCsvColumns, list) : list(cursor);
    },
  );
}
