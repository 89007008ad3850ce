import type { AccessCode } from '@allot/sdk/openapi';
import type { BadgeTone } from '../components/Badge';
import { keysOf } from './enums';

// The codes of the access check (SPEC 3.8), in people's words, and whether each allows. Every
// code the API enumerates is here: one it adds is a compile error until it is described.
const codes: Record<AccessCode, { allows: boolean; label: string; meaning: string }> = {
  licensed: { label: 'Licensed', allows: true, meaning: 'The user holds a seat, or a concurrent license of the module is free.' },
  server_license: { label: 'Server license', allows: true, meaning: 'A server license covers every user of the tenant.' },
  active_user: { label: 'Active user', allows: true, meaning: 'An active-user license covers the module and the user is linked to it.' },
  certified_professional: { label: 'Certified professional', allows: true, meaning: 'Certified professionals use every module of the tenant without a seat.' },
  grace_excess: { label: 'Over the maximum, in grace', allows: true, meaning: 'Every concurrent license is in use, but a grace period lifts the limit: allowed, and written to the excess-usage log.' },
  day_code: { label: 'Day code', allows: true, meaning: 'The user has a live session opened with a day code for this module today.' },
  not_licensed: { label: 'No license for the module', allows: false, meaning: 'No license of the tenant covers the module.' },
  seat_limit: { label: 'All seats taken', allows: false, meaning: 'Every seat of the license is taken.' },
  concurrency_limit: { label: 'All concurrent licenses in use', allows: false, meaning: 'Every concurrent license of the module is in use.' },
  expired: { label: 'License expired', allows: false, meaning: 'The only licenses covering the module have expired.' },
  suspended: { label: 'License suspended', allows: false, meaning: 'The only licenses covering the module are suspended.' },
  quota_exhausted: { label: 'Quota used up', allows: false, meaning: 'The quota of the license is used up.' },
  unknown_user: { label: 'Unknown user', allows: false, meaning: 'The tenant has no user with this id.' },
  unknown_module: { label: 'Unknown module', allows: false, meaning: 'The catalog has no such module.' },
  demo_mode: { label: 'Demo mode', allows: false, meaning: 'The tenant is in demo mode and holds no licenses.' },
};

/** The codes that refuse access, for the denial log's filter. */
export const denialCodes: readonly AccessCode[] = keysOf(codes).filter((code) => !codes[code].allows);

/** The code as a short phrase people read: `concurrency_limit` → "All concurrent licenses in use". */
export function accessCodeLabel(code: AccessCode): string {
  return codes[code].label;
}

/** One sentence on what an access code means. */
export function accessCodeMeaning(code: AccessCode): string {
  return codes[code].meaning;
}

/** Allowed codes in green, the two "allowed, but note it" codes in amber and blue, refusals in red. */
export function accessCodeTone(code: AccessCode, allowed: boolean): BadgeTone {
  if (code === 'grace_excess') return 'warning';
  if (code === 'day_code') return 'info';
  if (allowed) return 'success';
  if (code === 'suspended' || code === 'expired') return 'warning';
  if (code.startsWith('unknown_')) return 'neutral';
  return 'danger';
}
