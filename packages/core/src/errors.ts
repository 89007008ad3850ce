/**
 * The one error vocabulary of Allot. Every refusal the API gives carries one of these codes;
 * the server maps each to an HTTP status in one exhaustive switch.
 */
export const errorCodes = [
  'invalid_request',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthenticated',
  'invalid_credentials',
  'password_incorrect',
  'forbidden',
  'csrf_failed',
  'not_found',
  'route_not_found',
  'method_not_allowed',
  'unknown_user',
  'unknown_module',
  'conflict',
  'already_exists',
  'clock_backwards',
  'seat_limit',
  'concurrency_limit',
  'volume_exceeded',
  'key_registered',
  'no_device_license',
  'terms_not_accepted',
  'license_file_refused',
  'untrusted_installation',
  'not_licensed',
  'expired',
  'suspended',
  'demo_mode',
  'day_code_invalid',
  'session_ended',
  'quantity_below_usage',
  'live_clock',
  'too_many_attempts',
  'person_required',
  'unknown_license',
  'unknown_component',
  'binding_not_confirmed',
  'not_an_increase',
  'upgrade_pending',
  'upgrade_closed',
  'no_price',
  'outside_term',
  'unprocessable',
  'internal',
  'unavailable',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Extra facts a caller can act on, e.g. `{ field: "email" }` or `{ userIds: [...] }`. */
export type ErrorContext = Record<string, unknown>;

/**
 * A refusal with a stable code. Services throw it for input that cannot be honoured; the HTTP
 * layer turns it into `application/problem+json`.
 *
 * @example
 * throw new AllotError('not_found', 'No tenant ten_01 here.', { resource: 'tenant', id: 'ten_01' });
 */
export class AllotError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, detail: string, context: ErrorContext = {}) {
    super(detail);
    this.name = 'AllotError';
    this.code = code;
    this.context = context;
  }
}

/** Shorthand for the most common refusal: an id that does not exist for this caller. */
export function notFound(resource: string, id: string): AllotError {
  return new AllotError('not_found', `No ${resource} with id ${id}.`, { resource, id });
}
