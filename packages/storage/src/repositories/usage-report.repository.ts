import type { Db } from '../database.js';

/** When one session held a module of a license: from its start to its end (or, while open, its expiry). */
export interface SessionSpan {
  licenseId: string;
  module: string;
  startedAt: string;
  endedAt: string | null;
  expiresAt: string;
}

/**
 * The sessions of a tenant that held one of these licenses and started before `to`, for the peak
 * of a usage report. Reached from the tenant's sessions, as the live counts are (there is no index
 * on `session_modules.license_id`).
 */
export async function sessionSpans(db: Db, tenantId: string, licenseIds: readonly string[], to: string): Promise<SessionSpan[]> {
  if (licenseIds.length === 0) return [];
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('session_modules', 'session_modules.session_id', 'sessions.id')
    .select(['session_modules.license_id as licenseId', 'session_modules.module as module', 'sessions.started_at as startedAt', 'sessions.ended_at as endedAt', 'sessions.expires_at as expiresAt'])
    .where('sessions.tenant_id', '=', tenantId)
    .where('sessions.started_at', '<', to)
    .where('session_modules.license_id', 'in', [...licenseIds])
    .execute();
  return rows.map((r) => ({ licenseId: r.licenseId ?? '', module: r.module, startedAt: r.startedAt, endedAt: r.endedAt, expiresAt: r.expiresAt }));
}

/** Denied access checks of a tenant in `[from, to)`, counted per code. */
export async function denialCounts(db: Db, tenantId: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('denied_access')
    .select(['code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy('code')
    .orderBy('code')
    .execute();
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

export interface StoredUsageReport {
  id: string;
  installationId: string;
  customerCode: string;
  from: string;
  to: string;
  keyId: string | null;
  content: string;
  digest: string | null;
  receivedAt: string;
}

/**
 * Stores a usage report once: a report whose digest is stored already is not stored again. Answers
 * the stored row (the earlier one for a repeat) and whether it was a repeat.
 */
export async function insertUsageReportOnce(db: Db, report: StoredUsageReport & { digest: string }): Promise<{ report: StoredUsageReport; duplicate: boolean }> {
  await db
    .insertInto('usage_reports')
    .values({
      id: report.id,
      installation_id: report.installationId,
      customer_code: report.customerCode,
      period_from: report.from,
      period_to: report.to,
      key_id: report.keyId,
      content: report.content,
      digest: report.digest,
      received_at: report.receivedAt,
    })
    .onConflict((oc) => oc.column('digest').doNothing())
    .execute();
  const row = await db.selectFrom('usage_reports').selectAll().where('digest', '=', report.digest).executeTakeFirstOrThrow();
  const stored: StoredUsageReport = {
    id: row.id,
    installationId: row.installation_id,
    customerCode: row.customer_code,
    from: row.period_from,
    to: row.period_to,
    keyId: row.key_id,
    content: row.content,
    digest: row.digest,
    receivedAt: row.received_at,
  };
  return { report: stored, duplicate: stored.id !== report.id };
}
