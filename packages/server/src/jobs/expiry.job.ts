import { systemClock } from '../services/context.js';
import { sendExpiryNotices } from '../services/expiry.service.js';
import type { Job } from './scheduler.js';

/**
 * Sends `license.expiring` (30, 7, 1 days ahead) and `license.expired` at the tenant's time; a
 * sandbox tenant's clock moved past a mark sends its event before the move answers.
 */
export const expiryNotices: Job = {
  name: 'licenses.expiry-notices',
  everySeconds: 60,
  scope: 'tenant',
  async run(store, tenant, now) {
    // `now` is the tenant's time; the record of when the event was written is the real one.
    await sendExpiryNotices(store, systemClock, tenant, now);
  },
};
