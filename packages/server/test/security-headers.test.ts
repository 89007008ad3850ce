import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, defaultWebRoot, prepareInstallation, SecretKey, type App } from '@allot/server';
import { createTestDatabase } from '../../../test-support/databases.js';
import { adminToken, TestClock } from '../../../test-support/http.js';
import type { Store } from '@allot/storage';

async function appWith(store: Store, secureCookies: boolean): Promise<App> {
  return buildApp({ store, clock: new TestClock(), secretKey: SecretKey.generate(), adminToken, secureCookies, webRoot: defaultWebRoot });
}

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Record<string, string> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0] ?? '', d.slice(d.indexOf(' ') + 1)]),
  );
}

describe('security headers', () => {
  let store: Store;
  let plain: App;
  let secure: App;
  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    store = database.open();
    await prepareInstallation(store, new TestClock(), { secretKey: SecretKey.generate() });
    plain = await appWith(store, false);
    secure = await appWith(store, true);
  });
  afterAll(async () => {
    await plain.close();
    await secure.close();
    await store.close();
  });

  it('puts a closed CSP, nosniff, no referrer, no framing and no caching on API answers, errors included', async () => {
    for (const [url, status] of [
      ['/v1/tenants', 200],
      ['/v1/tenants/ten_missing', 404],
      ['/healthz', 200],
      ['/v1/%E0%A4%A', 400],
    ] as const) {
      const answer = await plain.inject({ url, headers: { authorization: `Bearer ${adminToken}` } });
      expect(answer.statusCode, url).toBe(status);
      expect(directives(answer.headers['content-security-policy']), url).toMatchObject({ 'default-src': "'none'", 'frame-ancestors': "'none'" });
      expect(answer.headers['x-content-type-options'], url).toBe('nosniff');
      expect(answer.headers['referrer-policy'], url).toBe('no-referrer');
      expect(answer.headers['x-frame-options'], url).toBe('DENY');
      expect(answer.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(answer.headers['cache-control'], url).toBe('no-store');
      // What only an HTML document reads stays on the pages.
      expect(answer.headers['cross-origin-opener-policy'], url).toBeUndefined();
      expect(answer.headers['strict-transport-security'], url).toBeUndefined();
      expect(answer.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it("lets the console's page load its own scripts and styles, and no inline script", async () => {
    for (const url of ['/', '/tenants/ten_x/licenses', '/docs/']) {
      const answer = await plain.inject({ url, headers: { accept: 'text/html' } });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers['content-type'], url).toContain('text/html');
      const csp = directives(answer.headers['content-security-policy']);
      expect(csp, url).toMatchObject({ 'default-src': "'self'", 'script-src': "'self'", 'frame-ancestors': "'none'", 'object-src': "'none'" });
      expect(csp['script-src'], url).not.toContain('unsafe-inline');
      expect(csp['upgrade-insecure-requests'], url).toBeUndefined();
      expect(answer.headers['x-content-type-options'], url).toBe('nosniff');
      expect(answer.headers['cross-origin-opener-policy'], url).toBe('same-origin');
      expect(answer.headers['x-dns-prefetch-control'], url).toBe('off');
    }
    // The built page needs no inline script: every script it has comes from a file.
    const page = (await plain.inject({ url: '/', headers: { accept: 'text/html' } })).body;
    expect(page).toContain('<div id="root">');
    for (const script of page.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) expect(script).toMatch(/^<script\b[^>]*\bsrc="\/[^"]+"[^>]*><\/script>$/);
    const asset = page.match(/src="(\/assets\/[^"]+\.js)"/)?.[1] ?? '';
    expect((await plain.inject({ url: asset })).statusCode).toBe(200);
  });

  it('sends HSTS and upgrades requests only when the console cookie is Secure (behind HTTPS)', async () => {
    const api = await secure.inject({ url: '/healthz' });
    expect(api.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const page = await secure.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(directives(page.headers['content-security-policy'])).toHaveProperty('upgrade-insecure-requests');
  });
});
