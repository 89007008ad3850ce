import { AllotError, codeKey, invoiceNumber, isUnlimited, prorate, tenantNow, type Tenant } from '@allot/core';
import { findLicense, findUser, findUserCredentials, insertInvoice, insertPurchase, newId, takeInvoiceSequence, type Invoice } from '@allot/storage';
import { verifyPassword } from '../security/secrets.js';
import { audit, type ServiceContext } from './context.js';
import { recordEvent } from './event.service.js';
import { accountSubject, withPasswordAttempt } from './password-attempt.service.js';
import { raiseQuantity } from './quantity-raise.js';
import { runOrDryRun } from './seats.js';
import { contractInForce } from './upgrade.service.js';

export interface PurchaseInput {
  licenseId: string;
  newQuantity: number;
  password?: string | undefined;
}

export interface PurchaseOutcome {
  purchase: { id: string; licenseId: string; added: number; newQuantity: number };
  invoice: Invoice;
  dryRun: boolean;
}

/**
 * The owner confirming a purchase, by their own password (SPEC 6: "checked again"), counted as a
 * login attempt of the account and the address (`withPasswordAttempt`), before anything is read
 * or changed. Only a person has a password: a key is 403 `person_required`.
 */
async function confirmingOwner(ctx: ServiceContext, tenant: Tenant, password: string | undefined, address: string): Promise<string> {
  const principal = ctx.principal;
  const userId = principal.kind === 'tenant' ? principal.userId : null;
  if (userId === null || principal.kind !== 'tenant' || !principal.roles.includes('owner')) {
    throw new AllotError('person_required', 'A purchase is confirmed by an owner with their own password: log in to the console as an owner.');
  }
  if (password === undefined) throw new AllotError('invalid_request', 'Confirm the purchase with your password.', { field: 'password' });
  const user = await findUser(ctx.store.db, tenant.id, userId);
  if (user === null) throw new AllotError('person_required', 'The user of this session is gone.');
  const ok = await withPasswordAttempt(ctx, { address, account: accountSubject(tenant.id, user.email) }, async () => {
    const credentials = await findUserCredentials(ctx.store.db, tenant.id, user.email);
    return (await verifyPassword(password, credentials?.passwordHash ?? null)) && credentials?.user.id === user.id ? true : null;
  });
  if (ok === null) throw new AllotError('password_incorrect', 'The password is not right; nothing was bought.', { field: 'password' });
  return userId;
}

/**
 * A direct purchase (factro): an owner raises a license to `newQuantity`. The seats are added at
 * once and the invoice made in the same transaction, under the tenant's licensing lock: the
 * contract's component for the license prices it (none: 409 `no_price`; outside the term: 409
 * `outside_term`), core's `prorate` bills the rest of the billing period in the tenant's
 * calendar, and the invoice takes the next number of its year (gap-free: a rollback gives it
 * back). A dry run needs no password and answers the invoice it would make, changing nothing.
 * `address` is the caller's, for the attempt limit of the password check.
 */
export async function purchase(ctx: ServiceContext, tenant: Tenant, input: PurchaseInput, dryRun: boolean, address: string): Promise<PurchaseOutcome> {
  const owner = dryRun ? null : await confirmingOwner(ctx, tenant, input.password, address);
  const now = tenantNow(tenant, ctx.clock.now());
  return runOrDryRun(ctx, dryRun, async (trx) => {
    await ctx.store.lockTenant(trx, tenant.id);
    const license = await findLicense(trx, tenant.id, input.licenseId);
    if (license === null) throw new AllotError('not_found', `No license with id ${input.licenseId}.`, { field: 'licenseId', resource: 'license', id: input.licenseId });
    const contract = await contractInForce(trx, tenant, now);
    const component = contract.components.find((c) => codeKey(c.licenseCode) === codeKey(license.code));
    if (component === undefined) throw new AllotError('no_price', `The contract has no price for license ${license.code}.`, { field: 'licenseId', licenseCode: license.code });
    if (isUnlimited(license) || license.quantity === null || input.newQuantity <= license.quantity) {
      throw new AllotError('not_an_increase', `License ${license.code} has ${license.quantity ?? 'unlimited'}; a purchase raises it. Reductions go through your vendor.`, { field: 'newQuantity', quantity: license.quantity });
    }
    const added = input.newQuantity - license.quantity;
    const charge = prorate(contract, component, added, now, tenant.timeZone);
    if (!charge.ok) throw new AllotError('outside_term', `The contract does not cover ${charge.day}.`, { termStart: contract.termStart, termEnd: contract.termEnd });
    const purchaseId = newId('pur');
    const year = Number(charge.charge.day.slice(0, 4));
    const invoice: Invoice = {
      id: newId('inv'),
      tenantId: tenant.id,
      number: invoiceNumber(year, await takeInvoiceSequence(trx, year)),
      purchaseId,
      currency: contract.currency,
      amount: charge.charge.amount,
      invoiceDate: charge.charge.day,
      periodStart: charge.charge.periodStart,
      periodEnd: charge.charge.periodEnd,
      lines: charge.charge.lines,
      customerName: tenant.name,
      customerCode: tenant.customerCode,
      vendorName: contract.vendorName,
      vendorAddress: contract.vendorAddress,
      locale: contract.locale,
      issuedAt: now,
    };
    await raiseQuantity(ctx, trx, tenant, license, added, { source: 'purchase', reference: purchaseId, now });
    const bought = { id: purchaseId, licenseId: license.id, added, newQuantity: input.newQuantity };
    await insertPurchase(trx, { ...bought, tenantId: tenant.id, invoiceId: invoice.id, purchasedBy: owner ?? ctx.principal.actor, purchasedAt: now }, ctx.clock.now());
    await insertInvoice(trx, invoice, ctx.clock.now());
    await audit(ctx, trx, { tenantId: tenant.id, action: 'purchase.completed', targetType: 'purchase', targetId: purchaseId, after: { ...bought, invoiceId: invoice.id, invoiceNumber: invoice.number, amount: invoice.amount, currency: invoice.currency }, at: now });
    await recordEvent(ctx.clock, trx, {
      tenantId: tenant.id,
      type: 'purchase.completed',
      data: {
        purchaseId,
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        licenseId: license.id,
        licenseCode: license.code,
        licenseName: license.name,
        added,
        newQuantity: input.newQuantity,
        amount: invoice.amount,
        currency: invoice.currency,
        requestedBy: owner,
      },
      at: now,
    });
    return { purchase: bought, invoice, dryRun };
  });
}

