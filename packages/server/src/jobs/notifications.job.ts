import { inAppChannel } from '../services/in-app.channel.js';
import { fanOut } from '../services/outbox.js';
import type { Job } from './scheduler.js';

/**
 * In-app notifications: fans new events out to their recipients' bells. The channels that send
 * (e-mail, webhooks) fan out and deliver in the `DeliveryDispatcher`, whose sends no job waits for.
 */
export const inAppNotifications: Job = {
  name: 'notifications.in-app',
  everySeconds: 2,
  scope: 'global',
  async run(store, now) {
    await fanOut(store, inAppChannel, now);
  },
};
