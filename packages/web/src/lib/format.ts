import type { Role, Tenant } from '@allot/sdk/openapi';
import { keysOf } from './enums';

const roleLabels: Record<Role, string> = {
  owner: 'Owner',
  license_manager: 'License manager',
  system_admin: 'System admin',
  auditor: 'Auditor',
  member: 'Member',
};

/** Every role, in the server's order (the order requests and the audit trail write them in). */
export const allRoles: readonly Role[] = keysOf(roleLabels);

export function roleLabel(role: Role): string {
  return roleLabels[role];
}

const tenantStatusLabels: Record<Tenant['status'], string> = { licensed: 'Licensed', demo: 'Demo mode' };

/** A tenant's status in words, as the demo-mode banner names it (`demo`: every license was deleted). */
export function tenantStatusLabel(status: Tenant['status']): string {
  return tenantStatusLabels[status];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: 'short',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'short',
      });
    } catch {
      // A zone this browser does not know: show UTC rather than nothing.
      formatter = formatterFor('UTC');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** An instant as people read it, in the tenant's time zone (UTC for vendor pages). */
export function formatInstant(iso: string | null, timeZone = 'UTC'): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatterFor(timeZone).format(date);
}

/**
 * A `datetime-local` input's value read as UTC, as the API wants instants. Labels say "UTC" so
 * that nobody's browser time zone moves the value silently.
 */
export function utcFromLocalInput(value: string): string | undefined {
  if (value === '') return undefined;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return `${withSeconds}Z`;
}

/** `user:usr_…` → `usr_…`, `key:key_…` → `API key key_…`: who did something, briefly. */
export function actorLabel(actor: string): string {
  if (actor === 'admin-token') return 'Admin token';
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor.startsWith('key:')) return `API key ${actor.slice(4)}`;
  return actor;
}
