import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, TenantParams } from '../schemas/common.js';
import { AccessAnswer, AccessRequest, Denial, DenialFilters } from '../schemas/license.schema.js';
import { checkAccess, listDenials } from '../services/access.service.js';

export function accessRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/tenants/:t/access',
    {
      config: { permission: 'runtime.use' },
      schema: { tags: ['access'], summary: 'May this user use this module now? (denials are logged)', params: TenantParams, body: AccessRequest, response: { 200: AccessAnswer, ...errorResponses } },
    },
    // Not async: a cached grant is sent at once, without a promise (see `checkAccess`).
    (request) => checkAccess(contextOf(request, deps), tenantOf(request), request.body),
  );
  listRoute(app, {
    url: '/v1/tenants/:t/logs/denied',
    permission: 'licenses.read',
    tags: ['logs'],
    summary: 'Denied-access log, newest first',
    params: TenantParams,
    filters: DenialFilters,
    item: Denial,
    csvName: 'denied-access',
    page: (request, filter, page) => listDenials(contextOf(request, deps), tenantOf(request), filter, page),
  });
}
