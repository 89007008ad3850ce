import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/index.js';

const secret = 'whsec_0123456789abcdefghijklmnopqrstuv';
const body = '{"id":"evt_1","type":"license.expired","tenantId":"ten_1","createdAt":"2026-01-15T09:00:00.000Z","data":{}}';
const t = 1_767_225_600;
// The documented formula, computed here on its own.
const sign = (at: number, raw: string, key = secret) => createHmac('sha256', key).update(`${at}.${raw}`).digest('hex');
const header = (at = t, raw = body, key = secret) => `t=${at},v1=${sign(at, raw, key)}`;

describe('verifyWebhookSignature', () => {
  it('accepts a body signed with the secret at a time within the tolerance', () => {
    expect(verifyWebhookSignature(body, header(), secret, { toleranceSeconds: 300, now: t + 299 })).toEqual({ valid: true, timestamp: t });
    expect(verifyWebhookSignature(Buffer.from(body), header(), secret, { now: t - 10 })).toEqual({ valid: true, timestamp: t });
  });

  it.each<[string, string | undefined, string, number, string]>([
    ['a changed body', header(), body.replace('expired', 'expiring'), t, 'signature_mismatch'],
    ['another secret', header(t, body, 'whsec_other'), body, t, 'signature_mismatch'],
    ['a timestamp changed after signing', `t=${t + 1},v1=${sign(t, body)}`, body, t, 'signature_mismatch'],
    ['an old delivery replayed', header(), body, t + 301, 'timestamp_out_of_tolerance'],
    ['a time in the future', header(), body, t - 301, 'timestamp_out_of_tolerance'],
    ['no header', undefined, body, t, 'malformed_header'],
    ['no timestamp', `v1=${sign(t, body)}`, body, t, 'malformed_header'],
    ['no v1', `t=${t}`, body, t, 'malformed_header'],
    ['a v1 that is not hex', `t=${t},v1=${'z'.repeat(64)}`, body, t, 'malformed_header'],
    ['a short v1', `t=${t},v1=abcd`, body, t, 'malformed_header'],
  ])('refuses %s', (_name, given, raw, now, code) => {
    const verdict = verifyWebhookSignature(raw, given, secret, { toleranceSeconds: 300, now });
    expect(verdict).toMatchObject({ valid: false, code });
  });

  it('accepts when one of several v1 values matches, and with spaces after the commas', () => {
    expect(verifyWebhookSignature(body, `t=${t}, v1=${sign(t, body, 'whsec_old')}, v1=${sign(t, body)}`, secret, { now: t })).toMatchObject({ valid: true });
  });

  it('skips the time check with a tolerance of 0', () => {
    expect(verifyWebhookSignature(body, header(), secret, { toleranceSeconds: 0, now: t + 86_400 })).toMatchObject({ valid: true });
  });

  it('reads the time from the system clock by default', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature(body, header(now), secret)).toMatchObject({ valid: true });
    expect(verifyWebhookSignature(body, header(now - 3600), secret)).toMatchObject({ valid: false, code: 'timestamp_out_of_tolerance' });
  });
});
