import { advanceInstant, storableInstant, storableRange } from './time.js';

export const tenantModes = ['live', 'sandbox'] as const;
export type TenantMode = (typeof tenantModes)[number];

export const tenantStatuses = ['licensed', 'demo'] as const;
export type TenantStatus = (typeof tenantStatuses)[number];

/** One customer organisation. `clock` is set only for sandbox tenants. */
export interface Tenant {
  id: string;
  name: string;
  customerCode: string;
  timeZone: string;
  mode: TenantMode;
  status: TenantStatus;
  clock: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The tenant's "now": a sandbox tenant reads its own test clock, a live tenant the real one.
 * Every time-based rule of a tenant takes its time from here.
 *
 * @example
 * tenantNow({ mode: 'sandbox', clock: '2024-01-31T00:00:00.000Z' }, '2026-11-22T12:00:00.000Z')
 * // '2024-01-31T00:00:00.000Z'
 */
export function tenantNow(tenant: Pick<Tenant, 'mode' | 'clock'>, realNow: string): string {
  return tenant.mode === 'sandbox' && tenant.clock !== null ? tenant.clock : realNow;
}

/** A move of a sandbox tenant's test clock: by a duration in the tenant's calendar, or to an instant. */
export type ClockMove = { advanceBy: string; to?: undefined } | { to: string; advanceBy?: undefined };

/**
 * Where a test clock lands: `moved` with the canonical target; `invalid` naming the field when
 * the move is malformed or lands outside the instants Allot stores (a request error, 400);
 * `backwards` when the target lies before the clock (409: a clock never moves back).
 */
export type ClockTarget =
  | { outcome: 'moved'; to: string }
  | { outcome: 'invalid'; field: 'advanceBy' | 'to'; detail: string }
  | { outcome: 'backwards'; to: string };

/**
 * Decides where a sandbox tenant's test clock moves to, from the clock it is at.
 *
 * @example
 * clockTarget('2024-01-31T10:00:00.000Z', { advanceBy: 'P36D' }, 'UTC') // { outcome: 'moved', to: '2024-03-07T10:00:00.000Z' }
 * clockTarget('2024-01-31T10:00:00.000Z', { advanceBy: 'P300000Y' }, 'UTC').outcome // 'invalid'
 */
export function clockTarget(clock: string, move: ClockMove, timeZone: string): ClockTarget {
  const range = `years 1 to 9999 (${storableRange.earliest} to ${storableRange.latest})`;
  let to: string | null;
  if (move.advanceBy !== undefined) {
    to = advanceInstant(clock, move.advanceBy, timeZone);
    if (to === null) return { outcome: 'invalid', field: 'advanceBy', detail: `advanceBy must be a positive ISO 8601 duration such as P36D or PT2H that keeps the clock within ${range}.` };
  } else {
    to = storableInstant(move.to);
    if (to === null) return { outcome: 'invalid', field: 'to', detail: `to must be an ISO 8601 instant within ${range}.` };
  }
  return to < clock ? { outcome: 'backwards', to } : { outcome: 'moved', to };
}
