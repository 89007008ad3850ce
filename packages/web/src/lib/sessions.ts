import type { QueueEntry, Session, Tenant } from '@allot/sdk/openapi';
import type { BadgeTone } from '../components/Badge';

/**
 * The tenant's now in milliseconds: a sandbox tenant runs on its test clock, which is what the
 * server decides expiry by; any other tenant on the real clock (this browser's).
 */
export function tenantNowMs(tenant: Pick<Tenant, 'mode' | 'clock'>, realNow: number): number {
  if (tenant.mode === 'sandbox' && tenant.clock !== null) {
    const clock = Date.parse(tenant.clock);
    if (!Number.isNaN(clock)) return clock;
  }
  return realNow;
}

/** "4 min 30 s", "2 h 5 min", "3 d 4 h": a span, roughly, for hints. */
export function spanText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 || minutes >= 10 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * "in 4 min 30 s" until a live session's expiry, then "due": a countdown only. Whether the session
 * still counts is the server's to say (its `state`); the live list reads it again once one is due.
 */
export function timeLeftText(expiresAt: string, nowMs: number): string {
  const left = Date.parse(expiresAt) - nowMs;
  if (Number.isNaN(left)) return '';
  return left <= 0 ? 'due' : `in ${spanText(left)}`;
}

/** True once the countdown of a session the server answered as live has run out: time to ask the server again. */
export function countdownOver(expiresAt: string, nowMs: number): boolean {
  return Date.parse(expiresAt) <= nowMs;
}

/** "5 min" for 300 seconds; odd values keep their seconds. */
export function heartbeatText(seconds: number): string {
  return spanText(seconds * 1000);
}

/** Why a session ended: the application logged out, its heartbeat stopped, or an administrator ended it. */
export type SessionEndReason = NonNullable<Session['endReason']>;

const reasonLabels: Record<SessionEndReason, string> = { logout: 'Logged out', timeout: 'Timed out', admin: 'Ended by admin' };
const reasonTones: Record<SessionEndReason, BadgeTone> = { logout: 'neutral', timeout: 'warning', admin: 'info' };
const reasonHints: Record<SessionEndReason, string> = {
  logout: 'The application ended it (logout)',
  timeout: 'No heartbeat within the heartbeat period',
  admin: 'An administrator ended it in the console or API',
};

export function endReasonLabel(reason: SessionEndReason): string {
  return reasonLabels[reason];
}

export function endReasonTone(reason: SessionEndReason): BadgeTone {
  return reasonTones[reason];
}

export function endReasonHint(reason: SessionEndReason): string {
  return reasonHints[reason];
}

/** A queue entry that still holds its place: waiting, or offered a license it has not claimed yet. */
export function holdsPlace(entry: Pick<QueueEntry, 'state'>): boolean {
  return entry.state === 'waiting' || entry.state === 'offered';
}
