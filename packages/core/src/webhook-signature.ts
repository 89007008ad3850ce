import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `Allot-Signature` header of a webhook delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256>`,
 * the HMAC over `"<t>.<raw body>"` keyed with the webhook's secret (the whole `whsec_…` text, as
 * UTF-8), in the manner of Stripe's. The timestamp is signed too, so a captured delivery cannot be
 * replayed later than the receiver's tolerance.
 */
export const webhookSignatureHeader = 'Allot-Signature';
export const webhookEventIdHeader = 'Allot-Event-Id';

function hmacHex(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

/**
 * The header value for a body sent at `timestamp` (unix seconds).
 *
 * @example
 * signWebhookBody('{"id":"evt_1"}', 'whsec_abc', 1767225600) // 't=1767225600,v1=5f0c…'
 */
export function signWebhookBody(rawBody: string | Uint8Array, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, rawBody)}`;
}

export type WebhookSignatureVerdict =
  | { valid: true; timestamp: number }
  | { valid: false; code: 'malformed_header' | 'timestamp_out_of_tolerance' | 'signature_mismatch'; detail: string };

export interface VerifyWebhookOptions {
  /** How far the signed time may lie from now, either way; 300 unless given. 0 or less turns the check off. */
  toleranceSeconds?: number;
  /** Now, in unix seconds; the system clock unless given. */
  now?: number;
}

/**
 * Checks a delivery's `Allot-Signature` header against the raw body (exactly the bytes received,
 * before any JSON parsing) and the webhook's secret, in constant time. Several `v1=` values (as
 * during a secret change) pass when one matches. Answers a verdict; it throws for nothing.
 *
 * @example
 * const verdict = verifyWebhookSignature(rawBody, request.headers['allot-signature'], process.env.ALLOT_WEBHOOK_SECRET, { toleranceSeconds: 300 });
 * if (!verdict.valid) return reply.code(400).send(verdict.detail);
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  header: string | readonly string[] | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): WebhookSignatureVerdict {
  const text = Array.isArray(header) ? header.join(',') : (header as string | null | undefined);
  if (typeof text !== 'string' || text === '') return { valid: false, code: 'malformed_header', detail: 'The Allot-Signature header is missing.' };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of text.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) {
    return { valid: false, code: 'malformed_header', detail: 'The Allot-Signature header needs t=<unix seconds> and v1=<hex HMAC>.' };
  }
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (tolerance > 0 && Math.abs(now - timestamp) > tolerance) {
    return { valid: false, code: 'timestamp_out_of_tolerance', detail: `The signature's time is more than ${tolerance} s from now.` };
  }
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  // Every candidate is compared, so the time taken does not tell which one came close.
  let matched = false;
  for (const signature of signatures) matched = timingSafeEqual(expected, Buffer.from(signature, 'hex')) || matched;
  return matched ? { valid: true, timestamp } : { valid: false, code: 'signature_mismatch', detail: 'No v1 signature matches the body and the secret.' };
}
