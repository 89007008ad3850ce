import type { FastifyReply } from 'fastify';
import type { Invoice as InvoiceRecord } from '@allot/storage';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { listRoute } from '../http/list-route.js';
import { errorResponses, TenantParams } from '../schemas/common.js';
import {
  ContractBody,
  ContractRef,
  Invoice,
  InvoiceParams,
  InvoiceRef,
  PurchaseBody,
  PurchaseResultRef,
  RejectBody,
  UpgradeRequest,
  UpgradeRequestBody,
  UpgradeRequestFilters,
  UpgradeRequestParams,
  UpgradeRequestRef,
} from '../schemas/commerce.schema.js';
import { DryRunQuery } from '../schemas/license.schema.js';
import { getContract, setContract } from '../services/contract.service.js';
import { renderInvoicePdf } from '../services/invoice-pdf.js';
import { getInvoice, listInvoices } from '../services/invoice.service.js';
import { purchase } from '../services/purchase.service.js';
import { approveUpgradeRequest, getUpgradeRequest, listUpgradeRequests, rejectUpgradeRequest, sendUpgradeRequest } from '../services/upgrade.service.js';

const tags = ['commerce'];

const pdf = { 'application/pdf': { schema: { type: 'string', format: 'binary' } } };

async function sendPdf(reply: FastifyReply, invoice: InvoiceRecord): Promise<FastifyReply> {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${invoice.number}.pdf"`)
    .send(await renderInvoicePdf(invoice));
}

export function commerceRoutes(app: App, deps: AppDeps): void {
  app.put(
    '/v1/tenants/:t/contract',
    {
      config: { permission: 'vendor.manage' },
      schema: {
        tags,
        summary: "Set the tenant's contract: currency, billing period, term and priced components (vendor)",
        description: 'Replaces the contract whole. Each component raises the quantity of the tenant license named by `licenseCode` (422 `unknown_license` when the tenant has none); `unitPrice` is in minor units per unit per billing period.',
        params: TenantParams,
        body: ContractBody,
        response: { 200: ContractRef, ...errorResponses, 422: errorResponses[409] },
      },
    },
    async (request) => setContract(contextOf(request, deps), tenantOf(request), request.body),
  );
  app.get(
    '/v1/tenants/:t/contract',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: "The tenant's contract (404 when none is set)", params: TenantParams, response: { 200: ContractRef, ...errorResponses } } },
    async (request) => getContract(contextOf(request, deps), tenantOf(request)),
  );

  app.post(
    '/v1/tenants/:t/upgrade-requests',
    {
      config: { permission: 'upgrades.request' },
      schema: {
        tags,
        summary: 'Request an upgrade of a product: its components and quantities, priced by the contract (license managers and owners)',
        description:
          'A binding order (`bindingConfirmed: true`, else 422 `binding_not_confirmed`). One open request per product (409 `upgrade_pending`); a component unknown or of another product is 422 `unknown_component`; no contract is 409 `no_price`, a day outside its term 409 `outside_term`. With `dryRun=true` the summary is answered and nothing is stored.',
        params: TenantParams,
        querystring: DryRunQuery,
        body: UpgradeRequestBody,
        response: { 201: UpgradeRequestRef, 200: UpgradeRequestRef, ...errorResponses, 422: errorResponses[409] },
      },
    },
    async (request, reply) => {
      const answer = await sendUpgradeRequest(contextOf(request, deps), tenantOf(request), request.body, request.query.dryRun === true);
      return reply.code(answer.dryRun ? 200 : 201).send(answer);
    },
  );
  listRoute(app, {
    url: '/v1/tenants/:t/upgrade-requests',
    permission: 'licenses.read',
    tags,
    summary: "The tenant's upgrade requests and their state",
    params: TenantParams,
    filters: UpgradeRequestFilters,
    item: UpgradeRequest,
    csvName: 'upgrade-requests',
    page: (request, filter, page) => listUpgradeRequests(contextOf(request, deps), tenantOf(request), filter, page),
  });
  listRoute(app, {
    url: '/v1/upgrade-requests',
    permission: 'vendor.manage',
    tags,
    summary: "Every tenant's upgrade requests (the vendor's queue: status=open)",
    filters: UpgradeRequestFilters,
    item: UpgradeRequest,
    csvName: 'upgrade-requests',
    page: (request, filter, page) => listUpgradeRequests(contextOf(request, deps), null, filter, page),
  });
  app.get(
    '/v1/tenants/:t/upgrade-requests/:id',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'One upgrade request', params: UpgradeRequestParams, response: { 200: UpgradeRequestRef, ...errorResponses } } },
    async (request) => getUpgradeRequest(contextOf(request, deps), tenantOf(request), request.params.id),
  );
  app.post(
    '/v1/tenants/:t/upgrade-requests/:id/approve',
    {
      config: { permission: 'vendor.manage' },
      schema: {
        tags,
        summary: "Approve an upgrade request (vendor): every line raises its license's quantity, in one transaction",
        description: 'A request no longer open is 409 `upgrade_closed`. The requester is told by e-mail and in the console.',
        params: UpgradeRequestParams,
        response: { 200: UpgradeRequestRef, ...errorResponses, 422: errorResponses[409] },
      },
    },
    async (request) => approveUpgradeRequest(contextOf(request, deps), tenantOf(request), request.params.id),
  );
  app.post(
    '/v1/tenants/:t/upgrade-requests/:id/reject',
    {
      config: { permission: 'vendor.manage' },
      schema: {
        tags,
        summary: 'Reject an upgrade request with a reason (vendor)',
        description: 'A request no longer open is 409 `upgrade_closed`. The requester is told the reason by e-mail and in the console.',
        params: UpgradeRequestParams,
        body: RejectBody,
        response: { 200: UpgradeRequestRef, ...errorResponses },
      },
    },
    async (request) => rejectUpgradeRequest(contextOf(request, deps), tenantOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/v1/tenants/:t/purchases',
    {
      config: { permission: 'purchases.make' },
      schema: {
        tags,
        summary: "Buy more of a license at once, confirmed with the owner's password; the prorated invoice is made with it",
        description:
          'An owner logged in to the console (a key is 403 `person_required`) raises `licenseId` to `newQuantity` (not above the current: 422 `not_an_increase`), confirming with their own `password` (401 `password_incorrect`, counted as a login attempt). The license needs a contract price (409 `no_price`) and today must lie in the term (409 `outside_term`). `amount = unitPrice × added × remainingDays ÷ daysInPeriod`, rounded half-up once, in the tenant calendar. With `dryRun=true` (no password needed) the invoice it would make is answered and nothing changes.',
        params: TenantParams,
        querystring: DryRunQuery,
        body: PurchaseBody,
        response: { 201: PurchaseResultRef, 200: PurchaseResultRef, ...errorResponses, 422: errorResponses[409] },
      },
    },
    async (request, reply) => {
      const answer = await purchase(contextOf(request, deps), tenantOf(request), request.body, request.query.dryRun === true, request.ip);
      return reply.code(answer.dryRun ? 200 : 201).send(answer);
    },
  );

  listRoute(app, {
    url: '/v1/tenants/:t/invoices',
    permission: 'licenses.read',
    tags,
    summary: "The tenant's invoices, in the order they were issued",
    params: TenantParams,
    item: Invoice,
    csvName: 'invoices',
    page: (request, _filter, page) => listInvoices(contextOf(request, deps), tenantOf(request), page),
  });
  listRoute(app, {
    url: '/v1/invoices',
    permission: 'vendor.manage',
    tags,
    summary: "Every tenant's invoices, in the order they were issued (the vendor's books)",
    item: Invoice,
    csvName: 'invoices',
    page: (request, _filter, page) => listInvoices(contextOf(request, deps), null, page),
  });
  app.get(
    '/v1/tenants/:t/invoices/:id',
    {
      config: { permission: 'licenses.read' },
      schema: {
        tags,
        summary: 'One invoice; with Accept: application/pdf the invoice as a PDF',
        params: InvoiceParams,
        response: { 200: { description: 'The invoice, as JSON or (Accept: application/pdf) as a PDF', content: { 'application/json': { schema: InvoiceRef }, ...pdf } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const invoice = await getInvoice(contextOf(request, deps), tenantOf(request), request.params.id);
      return (request.headers.accept ?? '').includes('application/pdf') ? sendPdf(reply, invoice) : invoice;
    },
  );
  app.get(
    '/v1/tenants/:t/invoices/:id/pdf',
    {
      config: { permission: 'licenses.read' },
      schema: { tags, summary: 'One invoice as a PDF', params: InvoiceParams, response: { 200: { description: 'The invoice as a PDF', content: pdf }, ...errorResponses } },
    },
    async (request, reply) => sendPdf(reply, await getInvoice(contextOf(request, deps), tenantOf(request), request.params.id)),
  );
}
