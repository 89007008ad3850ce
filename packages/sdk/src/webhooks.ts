/**
 * Verifying the webhooks Allot sends. Each delivery is an HTTP POST of the event's JSON with
 * `Allot-Event-Id` (the same on every retry: deduplicate on it) and
 * `Allot-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`.
 *
 * @example
 * import { verifyWebhookSignature } from '@allot/sdk';
 * // rawBody: the request body exactly as received (a Buffer or string), before JSON.parse.
 * const verdict = verifyWebhookSignature(rawBody, req.headers['allot-signature'], process.env.ALLOT_WEBHOOK_SECRET ?? '', { toleranceSeconds: 300 });
 * if (!verdict.valid) return res.writeHead(400).end(verdict.detail);
 * const event = JSON.parse(rawBody.toString('utf8')); // { id, type, tenantId, createdAt, data }
 */
export { verifyWebhookSignature, signWebhookBody, type VerifyWebhookOptions, type WebhookSignatureVerdict, type WebhookEventBody } from '@allot/core';
