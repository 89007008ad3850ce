import {
  AllotError,
  codeKey,
  notFound,
  priceUpgrade,
  tenantNow,
  type Page,
  type Tenant,
  type UpgradeItemInput,
  type UpgradeLine,
} from '@allot/core';
import {
  allLicenses,
  decideUpgradeRequest,
  findProductByCode,
  findSolutionByCode,
  findUpgradeRequest,
  insertUpgradeRequest,
  isUniqueViolation,
  listUpgradeRequests as queryUpgradeRequests,
  newId,
  type Db,
  type PageRequest,
  type UpgradeRequest,
  type UpgradeRequestFilter,
} from '@allot/storage';
import { actorOf, audit, inTransaction, type ServiceContext } from './context.js';
import { contractInForce } from './contract.service.js';
import { recordEvent } from './event.service.js';
import { raiseQuantity } from './quantity-raise.js';
import { runOrDryRun } from './seats.js';

/** An upgrade request as the API shows it. */
export interface UpgradeRequestView {
  id: string;
  tenantId: string;
  tenantName: string;
  status: UpgradeRequest['status'];
  product: string;
  productName: string;
  items: UpgradeLine[];
  monthlyTotal: number;
  currency: string;
  purchaseOrder: string | null;
  requestedBy: string | null;
  requestedAt: string;
  decidedAt: string | null;
  reason: string | null;
  dryRun: boolean;
}

function viewOf(request: UpgradeRequest, dryRun = false): UpgradeRequestView {
  const { decidedBy: _decidedBy, ...rest } = request;
  return { ...rest, dryRun };
}

export interface UpgradeRequestInput {
  product: string;
  items: UpgradeItemInput[];
  purchaseOrder?: string | null | undefined;
  bindingConfirmed?: boolean | undefined;
}

/** The product or solution as the catalog spells it, with its name; 404 naming `product` when the catalog has neither. */
async function catalogEntry(trx: Db, code: string): Promise<{ code: string; name: string }> {
  const product = await findProductByCode(trx, code);
  if (product !== null) return product;
  const solution = await findSolutionByCode(trx, code);
  if (solution !== null) return solution;
  throw new AllotError('not_found', `The catalog has no product or solution ${code}.`, { field: 'product', resource: 'product' });
}

/**
 * Sends an upgrade request (Lucanet): its lines priced by the contract (core's `priceUpgrade`),
 * stored open with an `upgrade.requested` event and an audit entry. At most one is open per
 * product: the database's partial unique index refuses a second on any node (409
 * `upgrade_pending`). A dry run is the real run rolled back, so it answers the same summary and
 * refusals (the dialog's live total); it alone may leave `bindingConfirmed` out, since the
 * dialog shows the total before the box is ticked.
 */
export async function sendUpgradeRequest(ctx: ServiceContext, tenant: Tenant, input: UpgradeRequestInput, dryRun: boolean): Promise<UpgradeRequestView> {
  if (!dryRun && input.bindingConfirmed !== true) {
    throw new AllotError('binding_not_confirmed', 'Confirm that the request is a binding order (bindingConfirmed: true).', { field: 'bindingConfirmed' });
  }
  const now = tenantNow(tenant, ctx.clock.now());
  try {
    return await runOrDryRun(ctx, dryRun, async (trx) => {
      const { code: product, name: productName } = await catalogEntry(trx, input.product);
      const contract = await contractInForce(trx, tenant, now);
      const licenses = await allLicenses(trx, tenant.id);
      const priced = priceUpgrade(contract, product, input.items, licenses);
      if (!priced.ok) {
        const { kind, field, detail } = priced.problem;
        throw new AllotError(kind === 'unknown_component' ? 'unknown_component' : 'invalid_request', detail, { field });
      }
      const request: UpgradeRequest = {
        id: newId('upg'),
        tenantId: tenant.id,
        tenantName: tenant.name,
        status: 'open',
        product,
        productName,
        items: priced.lines,
        monthlyTotal: priced.monthlyTotal,
        currency: contract.currency,
        purchaseOrder: input.purchaseOrder ?? null,
        requestedBy: ctx.principal.kind === 'tenant' ? ctx.principal.userId : null,
        requestedAt: now,
        decidedAt: null,
        decidedBy: null,
        reason: null,
      };
      await insertUpgradeRequest(trx, request, ctx.clock.now());
      await audit(ctx, trx, { tenantId: tenant.id, action: 'upgrade_request.sent', targetType: 'upgrade_request', targetId: request.id, after: viewOf(request), at: now });
      await recordEvent(ctx.clock, trx, { tenantId: tenant.id, type: 'upgrade.requested', data: eventData(request), at: now });
      return viewOf(request, dryRun);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AllotError('upgrade_pending', `An upgrade request for ${input.product} is open; it must be approved or rejected before the next.`, { field: 'product' });
    }
    throw error;
  }
}

function eventData(request: UpgradeRequest): Record<string, unknown> {
  return {
    requestId: request.id,
    product: request.product,
    requestedBy: request.requestedBy,
    monthlyTotal: request.monthlyTotal,
    currency: request.currency,
    purchaseOrder: request.purchaseOrder,
    // What a vendor's order system needs from a webhook: what was ordered, as priced.
    items: request.items.map(({ component, licenseCode, quantity, unitPrice, monthlyAmount }) => ({ component, licenseCode, quantity, unitPrice, monthlyAmount })),
    ...(request.reason !== null && { reason: request.reason }),
  };
}

export async function getUpgradeRequest(ctx: ServiceContext, tenant: Tenant, id: string): Promise<UpgradeRequestView> {
  const request = await findUpgradeRequest(ctx.store.db, tenant.id, id);
  if (request === null) throw notFound('upgrade request', id);
  return viewOf(request);
}

/** A tenant's requests, or with `tenant` null every tenant's (the vendor's queue), in the order they were sent. */
export async function listUpgradeRequests(ctx: ServiceContext, tenant: Tenant | null, filter: UpgradeRequestFilter, page: PageRequest): Promise<Page<UpgradeRequestView>> {
  const result = await queryUpgradeRequests(ctx.store.db, tenant?.id ?? null, filter, page);
  return { items: result.items.map((r) => viewOf(r)), nextCursor: result.nextCursor };
}

/** Closes an open request (guarded: a request no longer open is 409 `upgrade_closed`), audited, with its event. */
async function decide(
  ctx: ServiceContext,
  trx: Db,
  tenant: Tenant,
  id: string,
  decision: { status: 'approved' | 'rejected'; reason: string | null; now: string },
): Promise<UpgradeRequest> {
  const before = await findUpgradeRequest(trx, tenant.id, id);
  if (before === null) throw notFound('upgrade request', id);
  const decided = await decideUpgradeRequest(trx, id, { status: decision.status, decidedAt: decision.now, decidedBy: actorOf(ctx.principal), reason: decision.reason }, ctx.clock.now());
  if (!decided) throw new AllotError('upgrade_closed', `Upgrade request ${id} is ${before.status}, no longer open.`, { status: before.status });
  const after: UpgradeRequest = { ...before, status: decision.status, decidedAt: decision.now, decidedBy: actorOf(ctx.principal), reason: decision.reason };
  await audit(ctx, trx, { tenantId: tenant.id, action: `upgrade_request.${decision.status}`, targetType: 'upgrade_request', targetId: id, before: viewOf(before), after: viewOf(after), at: decision.now });
  await recordEvent(ctx.clock, trx, { tenantId: tenant.id, type: decision.status === 'approved' ? 'upgrade.approved' : 'upgrade.rejected', data: eventData(after), at: decision.now });
  return after;
}

/**
 * Approves a request (vendor): every line raises its license's quantity, `source` `upgrade`, all
 * in one transaction under the tenant's licensing lock with the request's close; a line whose
 * license is gone refuses the whole (422 `unknown_license`).
 */
export async function approveUpgradeRequest(ctx: ServiceContext, tenant: Tenant, id: string): Promise<UpgradeRequestView> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const request = await decide(ctx, trx, tenant, id, { status: 'approved', reason: null, now });
    const licenses = new Map((await allLicenses(trx, tenant.id)).map((l) => [codeKey(l.code), l]));
    for (const line of request.items) {
      const license = licenses.get(codeKey(line.licenseCode));
      if (license === undefined) throw new AllotError('unknown_license', `The tenant no longer has license ${line.licenseCode}; reject the request instead.`, { licenseCode: line.licenseCode });
      const raised = await raiseQuantity(ctx, trx, tenant, license, line.quantity, { source: 'upgrade', reference: id, now });
      licenses.set(codeKey(line.licenseCode), { ...license, quantity: raised.quantity, unlimited: raised.unlimited, source: 'upgrade' });
    }
    return viewOf(request);
  });
}

/** Rejects a request (vendor) with the reason the requester is told. */
export async function rejectUpgradeRequest(ctx: ServiceContext, tenant: Tenant, id: string, reason: string): Promise<UpgradeRequestView> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => viewOf(await decide(ctx, trx, tenant, id, { status: 'rejected', reason, now })));
}

