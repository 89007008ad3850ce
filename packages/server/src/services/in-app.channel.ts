import { notifiedEventTypes } from '@allot/core';
import { insertNotifications, newId } from '@allot/storage';
import type { FanOutChannel } from './outbox.js';
import { recipientsOfEvent } from './recipients.js';

/** In-app notifications: a row per event and recipient user, read in the console's bell. */
export const inAppChannel: FanOutChannel = {
  name: 'in_app',
  types: notifiedEventTypes,
  async write(trx, events) {
    for (const event of events) {
      if (event.tenantId === null) continue;
      const tenantId = event.tenantId;
      const recipients = await recipientsOfEvent(trx, event);
      await insertNotifications(
        trx,
        recipients.map((user) => ({ id: newId('ntf'), tenantId, userId: user.id, eventId: event.id, type: event.type, createdAt: event.at })),
      );
    }
  },
};
