import { deliveryPruneBefore } from '@allot/core';
import { pruneSettledDeliveries } from '@allot/storage';
import type { Job } from './scheduler.js';

/**
 * Removes deliveries that settled (delivered or failed) longer ago than core's
 * `deliveryRetentionDays`: the delivery log answers the last month, and the table stops growing.
 * Pending ones stay, however old.
 */
export const deliveryPruning: Job = {
  name: 'notifications.prune-deliveries',
  everySeconds: 3600,
  scope: 'global',
  async run(store, now) {
    await pruneSettledDeliveries(store.db, deliveryPruneBefore(now));
  },
};
