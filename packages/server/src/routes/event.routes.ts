import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { TenantParams } from '../schemas/common.js';
import { EventFilters, OutboxEvent } from '../schemas/event.schema.js';
import { listEvents } from '../services/event.service.js';

export function eventRoutes(app: App, deps: AppDeps): void {
  // licenses.read, as the denied-access log: the events are about licenses and their use.
  listRoute(app, {
    url: '/v1/tenants/:t/events',
    permission: 'licenses.read',
    tags: ['notifications'],
    summary: "A tenant's events (the notification outbox), newest first",
    params: TenantParams,
    filters: EventFilters,
    item: OutboxEvent,
    csvName: 'events',
    page: (request, filter, page) => listEvents(contextOf(request, deps), tenantOf(request), filter, page),
  });
}
