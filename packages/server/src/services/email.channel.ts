import { notifiedEventTypes } from '@allot/core';
import { findEvent, findTenant, findUser, insertDeliveries, newId, type Store } from '@allot/storage';
import { attachmentsOf } from '../mail/invoice-attachment.js';
import { eventMail } from '../mail/messages.js';
import type { Mailer } from '../mail/mailer.js';
import type { DeliveryChannel, FanOutChannel } from './outbox.js';
import { recipientsOfEvent } from './recipients.js';

const channel = 'email';

/** E-mail, fan-out: a pending delivery per event and recipient with an e-mail address, the address as it is now. */
export const emailFanOut: FanOutChannel = {
  name: channel,
  types: notifiedEventTypes,
  async write(trx, events, now) {
    for (const event of events) {
      const recipients = (await recipientsOfEvent(trx, event)).filter((user) => user.email.trim() !== '');
      await insertDeliveries(
        trx,
        recipients.map((user) => ({ id: newId('dlv'), channel, eventId: event.id, tenantId: event.tenantId, recipient: user.id, address: user.email })),
        now,
      );
    }
  },
};

export interface EmailSettings {
  mailer: Mailer;
  /** The console's address as people reach it (`ALLOT_PUBLIC_URL`), for the links in messages. */
  publicUrl: string;
  /** The sender (`ALLOT_MAIL_FROM`). */
  from: string;
}

/** SMTP's reply code of a refusal, when the error carries one. */
function responseCodeOf(error: unknown): number | null {
  const code = typeof error === 'object' && error !== null ? (error as { responseCode?: unknown }).responseCode : undefined;
  return typeof code === 'number' ? code : null;
}

/** E-mail, delivery: the event's message for its recipient, sent through the mailer. */
export function emailDelivery(store: Store, settings: EmailSettings): DeliveryChannel {
  return {
    name: channel,
    async send(delivery) {
      const event = await findEvent(store.db, delivery.eventId);
      if (event === null || delivery.address === null) return { ok: false, error: 'The event or the address is gone.' };
      const tenant = event.tenantId === null ? null : await findTenant(store.db, event.tenantId);
      const user = tenant === null ? null : await findUser(store.db, tenant.id, delivery.recipient);
      const mail = eventMail(event, { tenantName: tenant?.name ?? 'your tenant', recipientName: user?.name ?? null, publicUrl: settings.publicUrl });
      try {
        const attachments = await attachmentsOf(store.db, event);
        await settings.mailer.send({ id: delivery.id, from: settings.from, to: delivery.address, ...mail, attachments });
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error), responseStatus: responseCodeOf(error) };
      }
    },
  };
}
