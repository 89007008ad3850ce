import type { Permission, Tenant } from '@allot/core';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, IdParams, TenantIdParams, TenantParams } from '../schemas/common.js';
import {
  DeliveryFilters,
  IssuedWebhook,
  NewWebhook,
  TenantWebhookDeliveryParams,
  Webhook,
  WebhookChange,
  WebhookDelivery,
  WebhookDeliveryParams,
} from '../schemas/webhook.schema.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  pingWebhook,
  retryWebhookDelivery,
  updateWebhook,
} from '../services/webhook.service.js';

const tags = ['webhooks'];

/**
 * The same routes twice: a tenant's webhooks under `/v1/tenants/{t}` (its own events; owners and
 * system admins, `licenses.manage`), and the vendor's at `/v1/webhooks` (every tenant's events,
 * `vendor.manage`).
 */
function webhookRoutesAt(app: App, deps: AppDeps, at: { base: string; permission: Permission; scope: (request: FastifyRequest) => Tenant | null; tenant: boolean }): void {
  const { base, permission, scope } = at;
  const whose = at.tenant ? "the tenant's" : 'every tenant’s';
  const params = at.tenant ? TenantParams : undefined;
  const idParams = at.tenant ? TenantIdParams : IdParams;
  const deliveryParams = at.tenant ? TenantWebhookDeliveryParams : WebhookDeliveryParams;

  app.post(
    base,
    {
      config: { permission },
      schema: {
        tags,
        summary: `Create a webhook for ${whose} events (its secret shown once)`,
        ...(params === undefined ? {} : { params }),
        body: NewWebhook,
        response: { 201: IssuedWebhook, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createWebhook(contextOf(request, deps), scope(request), request.body)),
  );
  listRoute(app, {
    url: base,
    permission,
    tags,
    summary: 'List webhooks (never their secrets)',
    ...(params === undefined ? {} : { params }),
    item: Webhook,
    csvName: 'webhooks',
    page: (request, _filter, page) => listWebhooks(contextOf(request, deps), scope(request), page),
  });
  app.get(
    `${base}/:id`,
    { config: { permission }, schema: { tags, summary: 'One webhook (never its secret)', params: idParams, response: { 200: Webhook, ...errorResponses } } },
    async (request) => getWebhook(contextOf(request, deps), scope(request), (request.params as { id: string }).id),
  );
  app.patch(
    `${base}/:id`,
    {
      config: { permission },
      schema: { tags, summary: 'Change the URL or events of a webhook, or disable and enable it', params: idParams, body: WebhookChange, response: { 200: Webhook, ...errorResponses } },
    },
    async (request) => updateWebhook(contextOf(request, deps), scope(request), (request.params as { id: string }).id, request.body),
  );
  app.delete(
    `${base}/:id`,
    { config: { permission }, schema: { tags, summary: 'Delete a webhook and its delivery log', params: idParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteWebhook(contextOf(request, deps), scope(request), (request.params as { id: string }).id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${base}/:id/ping`,
    {
      config: { permission },
      schema: { tags, summary: 'Send a `ping` event to this webhook only', params: idParams, response: { 202: WebhookDelivery, ...errorResponses } },
    },
    async (request, reply) => reply.code(202).send(await pingWebhook(contextOf(request, deps), scope(request), (request.params as { id: string }).id)),
  );
  listRoute(app, {
    url: `${base}/:id/deliveries`,
    permission,
    tags,
    summary: 'The delivery log of a webhook, newest first',
    params: idParams,
    filters: DeliveryFilters,
    item: WebhookDelivery,
    csvName: 'webhook-deliveries',
    page: (request, filter, page) => listWebhookDeliveries(contextOf(request, deps), scope(request), request.params.id, filter, page),
  });
  app.post(
    `${base}/:id/deliveries/:deliveryId/retry`,
    {
      config: { permission },
      schema: { tags, summary: 'Send a delivery again now, with the same event id', params: deliveryParams, response: { 202: WebhookDelivery, ...errorResponses } },
    },
    async (request, reply) => {
      const { id, deliveryId } = request.params as { id: string; deliveryId: string };
      return reply.code(202).send(await retryWebhookDelivery(contextOf(request, deps), scope(request), id, deliveryId));
    },
  );
}

export function webhookRoutes(app: App, deps: AppDeps): void {
  webhookRoutesAt(app, deps, { base: '/v1/tenants/:t/webhooks', permission: 'licenses.manage', scope: tenantOf, tenant: true });
  webhookRoutesAt(app, deps, { base: '/v1/webhooks', permission: 'vendor.manage', scope: () => null, tenant: false });
}
