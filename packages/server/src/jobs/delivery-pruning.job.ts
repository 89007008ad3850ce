import { deliveryPruneBefore } from '@allot/core';
import { pruneSettledDeliveries, type Store } from '@allot/storage';
import type { Job } from './scheduler.js';

/**
 * Removes deliveries that settled (delivered or failed) longer ago than core's
 * `deliveryRetentionDays`: the delivery log answers the last month, and the table stops growing.
 * Pending ones stay, however old.
 */
export const deliveryPruning = {
  name: 'notifications.prune-deliveries',
  everySeconds: 3600,
  scope: 'global',
  async run(store: Store, now: string) {
    await pruneSettledDeliveries(store.db, deliveryPruneBefore(now));
  },
} satisfies Job;
