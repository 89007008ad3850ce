import type { EventType } from './events.js';
import type { Principal } from './rbac.js';

/** What a person is told of an event, in the console and by e-mail. */
export interface EventMessage {
  title: string;
  /** What happened and what to do about it, in one or two sentences. */
  body: string;
  /** The license the event is about, when there is one. */
  licenseId: string | null;
  /** The console page to go to, relative to the console's root. */
  path: string;
}

const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : fallback);

/**
 * The title, body and console page of an event, from its type and data. Events written before a
 * field existed still read: a missing field is left out or named generically.
 *
 * @example
 * describeEvent('license.expired', 'ten_1', { licenseId: 'lic_1', licenseCode: 'CRM-N', lastDay: '2025-01-30' }).title // 'License CRM-N has expired'
 */
export function describeEvent(type: string, tenantId: string | null, data: Record<string, unknown>): EventMessage {
  const tenantPath = tenantId === null ? '/tenants' : `/tenants/${encodeURIComponent(tenantId)}`;
  const licenseId = typeof data.licenseId === 'string' ? data.licenseId : null;
  const licensePath = licenseId === null ? `${tenantPath}/licenses` : `${tenantPath}/licenses/${encodeURIComponent(licenseId)}`;
  const code = text(data.licenseCode, 'a license');
  const named = typeof data.licenseName === 'string' && data.licenseName !== code ? `${data.licenseName} (${code})` : code;
  const lastDay = typeof data.lastDay === 'string' ? data.lastDay : null;
  switch (type as EventType) {
    case 'license.threshold_reached':
      return {
        title: `License ${code} is ${text(data.percentUsed, 'over its threshold of')}% used`,
        body: `${named} has reached its threshold of ${text(data.thresholdPercent, '?')}%: ${text(data.used, '?')} of ${text(data.quantity, '?')} in use. Add more before it runs out, or free what is not needed.`,
        licenseId,
        path: licensePath,
      };
    case 'license.expiring': {
      const days = Number(data.daysLeft ?? data.daysBefore);
      return {
        title: `License ${code} expires in ${Number.isFinite(days) ? days : 'a few'} day${days === 1 ? '' : 's'}`,
        body: `${named} is valid ${lastDay === null ? 'a little longer' : `through ${lastDay}`}. Renew it before then, or its users will be refused.`,
        licenseId,
        path: licensePath,
      };
    }
    case 'license.expired':
      return {
        title: `License ${code} has expired`,
        body: `${named} was valid ${lastDay === null ? 'until now' : `through ${lastDay}`}; its users are refused with "expired". Renew it or load a new license file.`,
        licenseId,
        path: licensePath,
      };
    case 'license_file.loaded':
      return {
        title: `License file version ${text(data.version, '?')} loaded`,
        body: `A license file (version ${text(data.version, '?')}, ${text(data.licenses, '?')} licenses) replaced the licenses of the last one. Check the licenses for what changed.`,
        licenseId: null,
        path: `${tenantPath}/licenses`,
      };
    case 'access.denied':
      return {
        title: `Access to ${text(data.module, 'a module')} denied`,
        body: `User ${text(data.userId, '?')} was refused ${text(data.module, 'a module')} (${text(data.code, 'denied')}). The denied-access log has every refusal.`,
        licenseId,
        path: `${tenantPath}/denied-access`,
      };
    case 'upgrade.requested':
      return {
        title: `Upgrade of ${text(data.product, 'a product')} requested`,
        body: 'Your upgrade request went to your vendor. You will hear here when it is approved or rejected.',
        licenseId,
        path: licensePath,
      };
    case 'upgrade.approved':
      return {
        title: `Upgrade of ${text(data.product, 'a product')} approved`,
        body: 'Your upgrade request was approved: the licenses have their new quantities now.',
        licenseId,
        path: licensePath,
      };
    case 'upgrade.rejected':
      return {
        title: `Upgrade of ${text(data.product, 'a product')} rejected`,
        body: `Your upgrade request was rejected${typeof data.reason === 'string' && data.reason !== '' ? `: ${data.reason}` : ''}. Ask your vendor what would be approved.`,
        licenseId,
        path: licensePath,
      };
    case 'purchase.completed':
      return {
        title: `Purchase of ${text(data.added, 'more')} for ${code} completed`,
        body: `${named} now has ${text(data.newQuantity, 'its new quantity')}. The invoice is in the console and on its way by e-mail.`,
        licenseId,
        path: licensePath,
      };
    default:
      return { title: type, body: 'Something happened in your tenant.', licenseId, path: tenantPath };
  }
}

/**
 * Whose notifications a caller reads: a user's; or the reason not. `other_user`: a person named
 * someone else (hidden, a 404). `user_required`: a key, which belongs to no one, named no user (a
 * 400 naming `userId`: an empty list would read as "nothing happened").
 */
export type NotificationReader = { ok: true; userId: string } | { ok: false; reason: 'other_user' | 'user_required' };

/**
 * Decides whose notifications a caller reads. A person (console login) reads their own and may
 * name only themselves; a key (tenant admin or vendor admin) belongs to no one: it reads the
 * user it names with `userId`, and must name one.
 *
 * @example
 * notificationReader({ kind: 'tenant', tenantId: 't', roles: ['owner'], actor: 'user:u1', userId: 'u1' }, 'u2') // { ok: false, reason: 'other_user' }
 * notificationReader({ kind: 'vendor_admin', actor: 'admin-token' }, undefined) // { ok: false, reason: 'user_required' }
 */
export function notificationReader(principal: Principal, userId: string | undefined): NotificationReader {
  const own = principal.kind === 'tenant' ? principal.userId : null;
  if (own !== null) return userId === undefined || userId === own ? { ok: true, userId: own } : { ok: false, reason: 'other_user' };
  return userId === undefined ? { ok: false, reason: 'user_required' } : { ok: true, userId };
}
