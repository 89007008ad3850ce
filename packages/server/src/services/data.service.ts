import { AllotError, dataTicks, isUnlimited, notFound, tenantNow, ticksPerGigabyte, usageRefusal, type DataTicks, type Tenant } from '@allot/core';
import { addKilobytes, findLicense } from '@allot/storage';
import { inTransaction, type ServiceContext } from './context.js';
import { updateThreshold } from './seats.js';
import { requireCounting } from './usage.service.js';

/**
 * Adds kilobytes to a data license: each full 1000 KB of the running total is one tick (1 MB), the
 * rest is carried. The total is one atomic `UPDATE … RETURNING`, so reports from any number of
 * nodes add up exactly. Ticks never expire and never reset.
 */
export async function reportData(ctx: ServiceContext, tenant: Tenant, input: { licenseId: string; kilobytes: number }): Promise<DataTicks> {
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, async (trx) => {
    const license = await findLicense(trx, tenant.id, input.licenseId);
    if (license === null) throw notFound('license', input.licenseId);
    requireCounting(license, 'data_ticks');
    const refusal = usageRefusal(license, now);
    if (refusal !== null) throw new AllotError(refusal, `License ${license.code} is ${refusal}: it takes no data usage.`, { licenseId: license.id, status: refusal });
    const quota = isUnlimited(license) ? null : license.quantity;
    const { before, after } = await addKilobytes(trx, license.id, input.kilobytes);
    const ticks = dataTicks(before, input.kilobytes, quota);
    // Usage in MB against a quota in GB.
    await updateThreshold(ctx, trx, { ...license, quantity: quota === null ? null : quota * ticksPerGigabyte, used: Math.floor(after / 1000) }, now);
    return ticks;
  });
}
