import { AllotError, changeLicense, isUnlimited, licenseQuantityMaximum, type License, type Tenant } from '@allot/core';
import { updateLicense as storeLicense, type Db } from '@allot/storage';
import { audit, type ServiceContext } from './context.js';
import { invalidLicense, viewOf, type LicenseView } from './license.service.js';
import { updateThreshold } from './seats.js';
import { withUsage } from './usage.service.js';

/**
 * Raises a license's quantity by `added` units sold (an approved upgrade line or a purchase),
 * through core's `changeLicense` like any other change, marks where the quantity came from
 * (`source`) and audits it as `license.updated`. Call it under the tenant's licensing lock, in
 * the transaction of the sale. An unlimited license stays as it is.
 */
export async function raiseQuantity(
  ctx: ServiceContext,
  trx: Db,
  tenant: Tenant,
  license: License,
  added: number,
  sale: { source: 'upgrade' | 'purchase'; reference: string; now: string },
): Promise<LicenseView> {
  const [before = license] = await withUsage(trx, [license], sale.now, tenant.timeZone);
  if (isUnlimited(before)) return viewOf(before, sale.now);
  const quantity = (before.quantity ?? 0) + added;
  if (quantity > licenseQuantityMaximum) {
    throw new AllotError('conflict', `License ${license.code} cannot hold more than ${licenseQuantityMaximum}.`, { licenseId: license.id, quantity: before.quantity });
  }
  const changed = changeLicense(before, { quantity }, { now: sale.now, timeZone: tenant.timeZone });
  if (!changed.ok) throw invalidLicense(changed.problem);
  const after: License = { ...changed.license, source: sale.source };
  await storeLicense(trx, after);
  await updateThreshold(ctx, trx, after, sale.now);
  await audit(ctx, trx, {
    tenantId: tenant.id,
    action: 'license.updated',
    targetType: 'license',
    targetId: license.id,
    before: viewOf(before, sale.now),
    after: { ...viewOf(after, sale.now), [sale.source === 'upgrade' ? 'upgradeRequestId' : 'purchaseId']: sale.reference },
    at: sale.now,
  });
  return viewOf(after, sale.now);
}
