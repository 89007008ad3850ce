import type { BadgeTone } from '../components/Badge';

// The codes of the access check (SPEC 3.8), in people's words.
const meanings: Record<string, string> = {
  licensed: 'The user holds a seat, or a concurrent license of the module is free.',
  server_license: 'A server license covers every user of the tenant.',
  active_user: 'An active-user license covers the module and the user is linked to it.',
  certified_professional: 'Certified professionals use every module of the tenant without a seat.',
  grace_excess: 'Every concurrent license is in use, but a grace period lifts the limit: allowed, and written to the excess-usage log.',
  day_code: 'The user has a live session opened with a day code for this module today.',
  not_licensed: 'No license of the tenant covers the module.',
  seat_limit: 'Every seat of the license is taken.',
  concurrency_limit: 'Every concurrent license of the module is in use.',
  expired: 'The only licenses covering the module have expired.',
  suspended: 'The only licenses covering the module are suspended.',
  quota_exhausted: 'The quota of the license is used up.',
  unknown_user: 'The tenant has no user with this id.',
  unknown_module: 'The catalog has no such module.',
  demo_mode: 'The tenant is in demo mode and holds no licenses.',
};

/** One sentence on what an access code means, or undefined for a code the console does not know. */
export function accessCodeMeaning(code: string): string | undefined {
  return meanings[code];
}

/** Allowed codes in green, the two "allowed, but note it" codes in amber and blue, refusals in red. */
export function accessCodeTone(code: string, allowed: boolean): BadgeTone {
  if (code === 'grace_excess') return 'warning';
  if (code === 'day_code') return 'info';
  if (allowed) return 'success';
  if (code === 'suspended' || code === 'expired') return 'warning';
  if (code.startsWith('unknown_')) return 'neutral';
  return 'danger';
}
