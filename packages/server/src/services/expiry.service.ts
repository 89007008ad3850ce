import { addSeconds, expiryDaysLeft, expiryNoticeDue, lastValidDay, type Tenant } from '@allot/core';
import { endingTerms, isForeignKeyViolation, settleExpiryMark, type Store } from '@allot/storage';
import { inTransaction, type Clock } from './context.js';
import { recordEvent } from './event.service.js';

/** The 30-day mark lies at most 30 calendar days (and a daylight-saving hour) ahead: a day more covers it. */
const horizonSeconds = 31 * 86_400;

/**
 * Sends the expiry events due for a tenant at its `now`: `license.expiring` 30, 7 and 1 days
 * before a license's end, `license.expired` at it, once per mark and term, the nearest only when
 * several are reached at once (core's `expiryNoticeDue`). Each event and the marks it settles are
 * one transaction; a mark another run settled first is not sent again. Answers how many were sent.
 */
export async function sendExpiryNotices(store: Store, clock: Clock, tenant: Tenant, now: string): Promise<number> {
  let sent = 0;
  for (const term of await endingTerms(store.db, tenant.id, addSeconds(now, horizonSeconds))) {
    const notice = expiryNoticeDue(term.validUntil, now, tenant.timeZone, term.settled);
    if (notice === null) continue;
    try {
      await inTransaction({ store }, async (trx) => {
        const data: Record<string, unknown> = {
          licenseId: term.licenseId,
          licenseCode: term.code,
          licenseName: term.name,
          validUntil: term.validUntil,
          lastDay: lastValidDay(term.validUntil, tenant.timeZone),
          ...(notice.type === 'license.expiring' ? { daysBefore: notice.mark, daysLeft: expiryDaysLeft(term.validUntil, now, tenant.timeZone) } : {}),
        };
        const eventId = await recordEvent(clock, trx, { tenantId: tenant.id, type: notice.type, data, at: now });
        const key = { licenseId: term.licenseId, validUntil: term.validUntil, at: now };
        // The mark of the event first: settled already means another run sent it, and this one rolls back.
        if (!(await settleExpiryMark(trx, { ...key, mark: notice.mark, eventId }))) throw new AlreadySent();
        for (const mark of notice.settles) if (mark !== notice.mark) await settleExpiryMark(trx, { ...key, mark, eventId: null });
      });
      sent++;
    } catch (error) {
      // Sent by another run meanwhile, or the license was deleted: nothing to say about it.
      if (!(error instanceof AlreadySent) && !isForeignKeyViolation(error)) throw error;
    }
  }
  return sent;
}

class AlreadySent extends Error {
  constructor() {
    super('expiry mark settled already');
  }
}
