import type { ExpiryMark } from '@allot/core';
import type { Db } from '../database.js';

/** A license term near or past its end, and the expiry marks settled for it. */
export interface EndingTerm {
  licenseId: string;
  code: string;
  name: string;
  validUntil: string;
  settled: ExpiryMark[];
}

/**
 * A tenant's licenses whose term ends by `horizon` and whose end (mark 0) is not yet settled:
 * the only ones an expiry notice may be due for. Answers the marks settled for each term.
 */
export async function endingTerms(db: Db, tenantId: string, horizon: string): Promise<EndingTerm[]> {
  const rows = await db
    .selectFrom('licenses')
    .select(['licenses.id', 'licenses.code', 'licenses.name', 'licenses.valid_until'])
    .where('licenses.tenant_id', '=', tenantId)
    .where('licenses.valid_until', 'is not', null)
    .where('licenses.valid_until', '<=', horizon)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('license_expiry_notices as n')
            .select('n.mark')
            .whereRef('n.license_id', '=', 'licenses.id')
            .whereRef('n.valid_until', '=', 'licenses.valid_until')
            .where('n.mark', '=', 0),
        ),
      ),
    )
    .orderBy('licenses.id')
    .execute();
  const terms = rows.flatMap((row) => (row.valid_until === null ? [] : [{ licenseId: row.id, code: row.code, name: row.name, validUntil: row.valid_until, settled: [] as ExpiryMark[] }]));
  if (terms.length === 0) return terms;
  const marks = await db
    .selectFrom('license_expiry_notices')
    .select(['license_id', 'valid_until', 'mark'])
    .where('license_id', 'in', terms.map((t) => t.licenseId))
    .execute();
  for (const term of terms) {
    term.settled = marks.filter((m) => m.license_id === term.licenseId && m.valid_until === term.validUntil).map((m) => Number(m.mark) as ExpiryMark);
  }
  return terms;
}

/**
 * Settles an expiry mark of a term. False when it was settled already (by another run, on any
 * node): the caller then sends nothing for it.
 */
export async function settleExpiryMark(db: Db, notice: { licenseId: string; validUntil: string; mark: ExpiryMark; eventId: string | null; at: string }): Promise<boolean> {
  const result = await db
    .insertInto('license_expiry_notices')
    .values({ license_id: notice.licenseId, valid_until: notice.validUntil, mark: notice.mark, event_id: notice.eventId, at: notice.at })
    .onConflict((oc) => oc.columns(['license_id', 'valid_until', 'mark']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
