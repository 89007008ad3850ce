import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { hostOfUrl } from '@allot/core';
import type { ResolvedAddress } from './webhook-target.service.js';

export interface WebhookPost {
  url: URL;
  /** Connect to this address whatever the host name resolves to now; null: resolve as usual. */
  pinned: ResolvedAddress | null;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What one attempt came to. A 3xx is a failure: redirects are never followed. */
export type PostResult = { delivered: true; status: number } | { delivered: false; status: number | null; error: string };

/** A lookup that answers the checked address only (in both of the shapes `net` may ask for). */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else (callback as (e: null, a: string, f: number) => void)(null, pinned.address, pinned.family);
  };
}

function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (typeof code === 'string' && !message.includes(code)) return `${message} (${code})`;
  return message.slice(0, 500);
}

/**
 * POSTs one delivery. The whole exchange up to the answer's status line must fit in `timeoutMs`;
 * the answer's body is not read. One connection per delivery (no agent), so that a pinned address
 * is never shared with another host.
 */
export function postWebhook(post: WebhookPost): Promise<PostResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      post.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const client = post.url.protocol === 'https:' ? https : http;
    const request = client.request({
      method: 'POST',
      protocol: post.url.protocol,
      hostname: hostOfUrl(post.url),
      port: post.url.port === '' ? undefined : Number(post.url.port),
      path: `${post.url.pathname}${post.url.search}`,
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      agent: false,
      ...(post.pinned === null ? {} : { lookup: pinnedLookup(post.pinned) }),
    });
    const timer = setTimeout(() => {
      finish({ delivered: false, status: null, error: `no answer within ${post.timeoutMs / 1000} s` });
      request.destroy();
    }, post.timeoutMs);
    const onAbort = () => {
      finish({ delivered: false, status: null, error: 'interrupted' });
      request.destroy();
    };
    post.signal?.addEventListener('abort', onAbort);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      response.destroy();
      if (status >= 200 && status < 300) return finish({ delivered: true, status });
      if (status >= 300 && status < 400) {
        const location = response.headers.location;
        return finish({ delivered: false, status, error: `HTTP ${status}: redirect${location === undefined ? '' : ` to ${location.slice(0, 200)}`} not followed` });
      }
      finish({ delivered: false, status, error: `HTTP ${status}` });
    });
    request.on('error', (error) => finish({ delivered: false, status: null, error: describeFailure(error) }));
    request.end(post.body);
  });
}
