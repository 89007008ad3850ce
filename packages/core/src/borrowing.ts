import type { KeyObject } from 'node:crypto';
import { AllotError } from './errors.js';
import { readSignedBlock, writeSignedBlock, type SignedBlockCheck } from './license-file.js';
import { validityBound } from './license.js';
import { formatInstant, Temporal } from './time.js';

/**
 * What a borrow lease grants, signed with the installation's key: the borrowed session's modules
 * to its user from `from` until `until`, checked offline by the SDK (`verifyLease`).
 */
export interface LeasePayload {
  format: 'allot-lease/1';
  borrowId: string;
  installationId: string;
  tenantId: string;
  customerCode: string;
  userId: string;
  sessionId: string;
  modules: string[];
  from: string;
  until: string;
}

/**
 * When a borrow asked for `until` ends (a date is the end of that tenant day), checked against the
 * licenses the session holds: each must allow borrowing (`maxBorrowDays > 0`, a 422 otherwise), and
 * the end must lie ahead (400) and at most the smallest `maxBorrowDays` tenant days from now (422).
 *
 * @example
 * borrowEnd('2024-03-10', { now: '2024-03-06T10:00:00.000Z', timeZone: 'UTC', maxBorrowDays: [7] }) // '2024-03-11T00:00:00.000Z'
 */
export function borrowEnd(until: string, context: { now: string; timeZone: string; maxBorrowDays: readonly (number | null)[] }): string {
  const allowed = Math.min(...context.maxBorrowDays.map((days) => days ?? 0));
  if (context.maxBorrowDays.length === 0 || allowed <= 0) {
    throw new AllotError('unprocessable', 'The licenses this session holds do not allow borrowing (maxBorrowDays is 0).', { maxBorrowDays: 0 });
  }
  const end = validityBound(until, 'until', context.timeZone);
  if (end === null) throw new AllotError('invalid_request', 'until must be a date (2025-01-31) or an ISO 8601 instant.', { field: 'until' });
  if (end <= context.now) throw new AllotError('invalid_request', 'until must lie ahead.', { field: 'until' });
  const latest = formatInstant(Temporal.Instant.from(context.now).toZonedDateTimeISO(context.timeZone).add({ days: allowed }).toInstant());
  if (end > latest) {
    throw new AllotError('unprocessable', `A session of these licenses may be borrowed for at most ${allowed} days, until ${latest}.`, { field: 'until', maxBorrowDays: allowed, latest });
  }
  return end;
}

export const borrowStates = ['active', 'returned', 'ended'] as const;
export type BorrowState = (typeof borrowStates)[number];

/** Where a borrow stands at `now`: until it is returned or its end comes, it holds its licenses. */
export function borrowState(borrow: { until: string; returnedAt: string | null }, now: string): BorrowState {
  if (borrow.returnedAt !== null) return 'returned';
  return now < borrow.until ? 'active' : 'ended';
}

/** Signs a lease into armoured text with the installation's key. */
export function writeLease(payload: LeasePayload, privateKey: KeyObject, publicKey: KeyObject): string {
  return writeSignedBlock('BORROW LEASE', payload, privateKey, publicKey);
}

function isLeasePayload(value: unknown): value is LeasePayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  const text = (v: unknown) => typeof v === 'string';
  return (
    p.format === 'allot-lease/1' &&
    [p.borrowId, p.installationId, p.tenantId, p.customerCode, p.userId, p.sessionId, p.from, p.until].every(text) &&
    Array.isArray(p.modules) &&
    p.modules.every(text)
  );
}

/**
 * Reads and verifies a lease against trusted public keys (keyId → key): the payload, or why not
 * (tampered, unknown key, not a lease), never an exception.
 *
 * @example
 * const check = readLease(text, new Map([[keyId, publicKey]]));
 * if (check.valid && leaseAllows(check.payload, 'fm:space', new Date().toISOString())) startOffline();
 */
export function readLease(text: string, trusted: ReadonlyMap<string, KeyObject>): SignedBlockCheck<LeasePayload> {
  return readSignedBlock(text, 'BORROW LEASE', trusted, isLeasePayload);
}

/**
 * Whether a verified lease lets its user use `module` at `at`: one of its modules, from its start
 * until (not including) its end.
 *
 * @example
 * leaseAllows(lease, 'fm:space', '2024-03-07T09:00:00.000Z') // true within the borrow
 */
export function leaseAllows(lease: Pick<LeasePayload, 'modules' | 'from' | 'until'>, module: string, at: string): boolean {
  const instant = Temporal.Instant.from(at);
  return lease.modules.includes(module) && Temporal.Instant.compare(instant, Temporal.Instant.from(lease.from)) >= 0 && Temporal.Instant.compare(instant, Temporal.Instant.from(lease.until)) < 0;
}
