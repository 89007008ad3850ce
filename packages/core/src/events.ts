import { Temporal } from 'temporal-polyfill';
import type { Role } from './rbac.js';
import { formatInstant } from './time.js';

/** Every event Allot writes to its outbox (SPEC 7). */
export const eventTypes = [
  'license.threshold_reached',
  'license.expiring',
  'license.expired',
  'access.denied',
  'upgrade.requested',
  'upgrade.approved',
  'upgrade.rejected',
  'purchase.completed',
  'license_file.loaded',
] as const;
export type EventType = (typeof eventTypes)[number];

/**
 * True when `text` names an event type.
 *
 * @example
 * isEventType('license.expired') // true
 * isEventType('license.exploded') // false
 */
export function isEventType(text: string): text is EventType {
  return (eventTypes as readonly string[]).includes(text);
}

/** An event as the API answers it: `data` is what the change that caused it wrote. */
export interface OutboxEvent {
  id: string;
  type: string;
  tenantId: string | null;
  /** The tenant's time of the change (its test clock in a sandbox). */
  createdAt: string;
  data: Record<string, unknown>;
}

/** Days before `validUntil` at which `license.expiring` is sent, farthest first. */
export const expiryMarks = [30, 7, 1] as const;
/** A mark of a license's term: days before its end, or 0 for its end (`license.expired`). */
export type ExpiryMark = (typeof expiryMarks)[number] | 0;

/**
 * The instant a mark falls on: `days` calendar days before `validUntil` in the tenant's zone (so
 * that a daylight-saving change in between moves it by an hour, not the day).
 *
 * @example
 * expiryMarkAt('2025-01-31T00:00:00.000Z', 30, 'UTC') // '2025-01-01T00:00:00.000Z'
 */
export function expiryMarkAt(validUntil: string, days: ExpiryMark, timeZone: string): string {
  return formatInstant(Temporal.Instant.from(validUntil).toZonedDateTimeISO(timeZone).subtract({ days }).toInstant());
}

/** The notice a license's term calls for now: one event, and every mark it settles. */
export type ExpiryNotice =
  | { type: 'license.expiring'; mark: (typeof expiryMarks)[number]; settles: ExpiryMark[] }
  | { type: 'license.expired'; mark: 0; settles: ExpiryMark[] };

/**
 * Which expiry event is due for a term ending at `validUntil`, given the marks already settled for
 * that term: `license.expiring` when `now` has reached 30, 7 or 1 days before it (tenant
 * calendar), `license.expired` once it has passed. When several marks are reached at once (a
 * license created 5 days before its end, a test clock moved by months) only the nearest is sent,
 * and the others are settled with it so that they are never sent later. Null when nothing is due.
 *
 * @example
 * expiryNoticeDue('2025-01-31T00:00:00.000Z', '2025-01-26T00:00:00.000Z', 'UTC', []) // { type: 'license.expiring', mark: 7, settles: [30, 7] }
 * expiryNoticeDue('2025-01-31T00:00:00.000Z', '2025-01-26T00:00:00.000Z', 'UTC', [30, 7]) // null
 */
export function expiryNoticeDue(validUntil: string, now: string, timeZone: string, settled: readonly ExpiryMark[]): ExpiryNotice | null {
  const reached: ExpiryMark[] = [...expiryMarks, 0 as const].filter((mark) => now >= expiryMarkAt(validUntil, mark, timeZone));
  const nearest = reached[reached.length - 1];
  if (nearest === undefined || settled.includes(nearest)) return null;
  const settles = reached.filter((mark) => !settled.includes(mark));
  return nearest === 0 ? { type: 'license.expired', mark: 0, settles } : { type: 'license.expiring', mark: nearest, settles };
}

/**
 * The last calendar day a term ending at `validUntil` covers, in the tenant's zone: a license valid
 * until `2025-01-31T00:00` Berlin time is valid through 2025-01-30.
 *
 * @example
 * lastValidDay('2025-01-30T23:00:00.000Z', 'Europe/Berlin') // '2025-01-30'
 */
export function lastValidDay(validUntil: string, timeZone: string): string {
  return Temporal.Instant.from(validUntil).subtract({ milliseconds: 1 }).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/**
 * Calendar days a term has left at `now` in the tenant's zone, today included: 7 at the 7-day
 * mark, 1 on its last day; what an expiry notice tells, since a license created or a clock moved
 * between marks has fewer days left than the mark it reached.
 *
 * @example
 * expiryDaysLeft('2025-03-05T23:00:00.000Z', '2025-03-01T09:00:00.000Z', 'Europe/Berlin') // 5
 */
export function expiryDaysLeft(validUntil: string, now: string, timeZone: string): number {
  const end = Temporal.PlainDate.from(lastValidDay(validUntil, timeZone)).add({ days: 1 });
  const today = Temporal.Instant.from(now).toZonedDateTimeISO(timeZone).toPlainDate();
  return Math.max(0, today.until(end, { largestUnit: 'days' }).days);
}

/** Who hears of an event in the console and by e-mail (webhooks take every type they subscribe to). */
export type Audience =
  | { kind: 'roles'; roles: readonly Role[] }
  /** The user named by the event's `requestedBy`. */
  | { kind: 'requester' }
  | { kind: 'none' };

const licenseAudience: Audience = { kind: 'roles', roles: ['owner', 'license_manager', 'system_admin'] };

/**
 * The recipients of an event type by SPEC 7: the license people of the tenant for `license.*`
 * and `license_file.loaded`, the requester for `upgrade.*` and `purchase.completed`, and no one
 * for `access.denied` (webhooks only).
 *
 * @example
 * audienceOf('access.denied') // { kind: 'none' }
 */
export function audienceOf(type: EventType): Audience {
  switch (type) {
    case 'license.threshold_reached':
    case 'license.expiring':
    case 'license.expired':
    case 'license_file.loaded':
      return licenseAudience;
    case 'upgrade.requested':
    case 'upgrade.approved':
    case 'upgrade.rejected':
    case 'purchase.completed':
      return { kind: 'requester' };
    case 'access.denied':
      return { kind: 'none' };
  }
}

/** The event types someone in the tenant is told of: what the in-app and e-mail channels read. */
export const notifiedEventTypes: readonly EventType[] = eventTypes.filter((type) => audienceOf(type).kind !== 'none');

/**
 * The users an event goes to, from the tenant's users (ids and roles): by role, or the requester
 * when that user is among them. Users without an e-mail address are left out by the caller of the
 * e-mail channel.
 *
 * @example
 * recipientsOf('upgrade.approved', { requestedBy: 'usr_1' }, [{ id: 'usr_1', roles: ['member'] }]) // ['usr_1']
 */
export function recipientsOf(type: EventType, data: Record<string, unknown>, users: readonly { id: string; roles: readonly Role[] }[]): string[] {
  const audience = audienceOf(type);
  if (audience.kind === 'none') return [];
  if (audience.kind === 'requester') {
    const requester = data.requestedBy;
    return users.filter((user) => user.id === requester).map((user) => user.id);
  }
  return users.filter((user) => user.roles.some((role) => audience.roles.includes(role))).map((user) => user.id);
}
