import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { errorResponses } from '../schemas/common.js';
import { LicenseParams } from '../schemas/license.schema.js';
import { LicensePlan, PlanningQuery } from '../schemas/planning.schema.js';
import { planLicense } from '../services/planning.service.js';

export function planningRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/v1/tenants/:t/licenses/:l/planning',
    {
      config: { permission: 'licenses.read' },
      schema: {
        tags: ['licenses'],
        summary: 'Seat planning: for a concurrent license peaks, minutes at each level and the refused share per quantity replayed from its history; for seats, the idle ones',
        params: LicenseParams,
        querystring: PlanningQuery,
        response: { 200: LicensePlan, ...errorResponses, 422: errorResponses[409] },
      },
    },
    async (request) => planLicense(contextOf(request, deps), tenantOf(request), request.params.l, request.query),
  );
}
