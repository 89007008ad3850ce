import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, TenantParams } from '../schemas/common.js';
import { AllRead, Notification, NotificationFilters, NotificationParams, NotificationQuery } from '../schemas/notification.schema.js';
import { listNotifications, markAllRead, markRead } from '../services/notification.service.js';

const tags = ['notifications'];

export function notificationRoutes(app: App, deps: AppDeps): void {
  // tenant.read: every person of the tenant has a bell; whose notifications is the service's rule.
  listRoute(app, {
    url: '/v1/tenants/:t/notifications',
    permission: 'tenant.read',
    tags,
    summary: "The caller's notifications, newest first, and how many are unread (an API key names the user)",
    params: TenantParams,
    filters: NotificationFilters,
    item: Notification,
    summaryFields: { unread: Type.Integer({ description: 'unread notifications of the user' }) },
    csvName: 'notifications',
    page: (request, filter, page) => listNotifications(contextOf(request, deps), tenantOf(request), filter.userId, page),
  });

  app.post(
    '/v1/tenants/:t/notifications/read-all',
    { config: { permission: 'tenant.read' }, schema: { tags, summary: "Mark all the caller's notifications read", params: TenantParams, querystring: NotificationQuery, response: { 200: AllRead, ...errorResponses } } },
    async (request) => markAllRead(contextOf(request, deps), tenantOf(request), request.query.userId),
  );

  app.post(
    '/v1/tenants/:t/notifications/:id/read',
    { config: { permission: 'tenant.read' }, schema: { tags, summary: 'Mark one notification read (another person\'s is not found)', params: NotificationParams, querystring: NotificationQuery, response: { 200: Notification, ...errorResponses } } },
    async (request) => markRead(contextOf(request, deps), tenantOf(request), request.params.id, request.query.userId),
  );
}
