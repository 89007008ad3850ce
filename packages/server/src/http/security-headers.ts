import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** Response headers as helmet would set them, name (lower case) to value. */
export type HeaderSet = Readonly<Record<string, string>>;

export interface SecurityHeaders {
  /** Every answer but the console and the API docs: JSON, problem+json, CSV, metrics. */
  api: HeaderSet;
  /** The console and the API docs (pages and their files): scripts and styles from this origin only. */
  page: HeaderSet;
}

/**
 * What helmet sets for the options, worked out once. `@fastify/helmet` runs helmet's middleware
 * anew on every request (about 13 µs, more than half of what a cached GET costs in all); the
 * headers depend on the configuration only, so each answer copies them from here instead.
 */
function headersOf(options: Readonly<HelmetOptions>): HeaderSet {
  const set: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (set[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete set[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined && error !== null) throw error;
  });
  return Object.freeze(set);
}

/**
 * The security headers of every answer. HSTS, and the CSP's `upgrade-insecure-requests`, only
 * when the server is behind HTTPS (`ALLOT_SECURE_COOKIES`): on a plain-HTTP install they would
 * lock browsers out of it.
 */
export function securityHeaders(options: { secureCookies: boolean }): SecurityHeaders {
  const https = options.secureCookies;
  const common = {
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  } as const satisfies HelmetOptions;
  const api: HelmetOptions = {
    ...common,
    // Nothing an API answer holds may run, load or be framed, should a browser ever render one.
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    // What browsers read only on an HTML document (the opener policy, the origin-keyed agent
    // cluster, DNS prefetching, IE8's download prompt, Flash's policy files, the old XSS filter) is
    // left off JSON, CSV and problem answers: the pages keep it. This is the API set of OWASP's
    // REST Security Cheat Sheet, with cross-origin reads refused.
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  };
  const page: HelmetOptions = {
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // The console's build and the docs load their scripts from files; no inline script runs.
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Swagger UI sets style attributes in its markup.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
  };
  // API answers hold keys, licenses and personal data: no browser or proxy may keep a copy.
  return { api: Object.freeze({ ...headersOf(api), 'cache-control': 'no-store' }), page: headersOf(page) };
}
