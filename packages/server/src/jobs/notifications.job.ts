import type { Clock } from '../services/context.js';
import { emailDelivery, emailFanOut, type EmailSettings } from '../services/email.channel.js';
import { inAppChannel } from '../services/in-app.channel.js';
import { deliverDue, fanOut } from '../services/outbox.js';
import type { Job } from './scheduler.js';

/** In-app notifications: fans new events out to their recipients' bells. */
export const inAppNotifications: Job = {
  name: 'notifications.in-app',
  everySeconds: 2,
  scope: 'global',
  async run(store, now) {
    await fanOut(store, inAppChannel, now);
  },
};

/**
 * E-mail: fans new events out to a delivery per recipient, then sends what is due (new mail,
 * retries, deliveries whose sender died). One job, so one node at a time runs it; the delivery
 * leases keep two senders apart even so.
 */
export function emailNotifications(settings: EmailSettings & { clock: Clock }): Job {
  return {
    name: 'notifications.email',
    everySeconds: 2,
    scope: 'global',
    async run(store, now) {
      await fanOut(store, emailFanOut, now);
      await deliverDue(store, emailDelivery(store, settings), settings.clock);
    },
  };
}
