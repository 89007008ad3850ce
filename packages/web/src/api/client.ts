import type { Problem, paths } from '@allot/sdk/openapi';
import createClient, { createFinalURL, defaultPathSerializer, type ClientPathsWithMethod, type FetchOptions, type MethodResponse, type Middleware } from 'openapi-fetch';

/** The codes of the problems only the console makes: the network failed, a proxy answered, or the console threw. */
type ConsoleProblemCode = 'network_error' | 'http_error' | 'client_error';

/** A problem the console made up, shaped as the server's so one banner shows either. */
type ConsoleProblem = Pick<Problem, 'type' | 'title' | 'status' | 'detail' | 'requestId'> & { code: ConsoleProblemCode; [extra: string]: unknown };

/** A problem as the console shows it: the server's problem+json, or one the console made up. */
export type ShownProblem = Problem | ConsoleProblem;

/** An API answer that was not 2xx, carrying the server's problem+json (or one made up for it). */
export class ApiError extends Error {
  readonly problem: ShownProblem;

  constructor(problem: ShownProblem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

// The CSRF token of the current cookie session; every change must echo it (the server answers
// 403 csrf_failed otherwise). Kept here so no caller can forget it.
let csrfToken: string | null = null;
let sessionLost: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an API call answers 401 outside of login: the session expired or was ended. */
export function onSessionLost(handler: (() => void) | null): void {
  sessionLost = handler;
}

/** `a=1&b=x`, leaving out empty values: a filter left blank means no filter. */
function queryText(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  return params.toString();
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.detail === 'string' && typeof candidate.status === 'number' && typeof candidate.code === 'string';
}

function madeUpProblem(status: number, code: ConsoleProblemCode, detail: string): ConsoleProblem {
  return { type: 'about:blank', title: code.replaceAll('_', ' '), status, detail, code, requestId: '' };
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken !== null) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  // Only a fetch that did not get through lands here; an answer, even a 500, is handled by `ok`.
  onError() {
    return new ApiError(madeUpProblem(0, 'network_error', 'The server could not be reached. Check the connection and try again.'));
  },
};

/**
 * The API as `openapi.json` describes it: a wrong path, method, parameter or body is a compile
 * error, and the answer has the type the server's schema gives it. Same-origin, cookie session,
 * CSRF header on every change. Wrap each call in `ok`.
 */
export const api = createClient<paths, 'application/json'>({
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
  querySerializer: queryText,
});
api.use(session);

/**
 * The body of a 2xx answer (undefined for a 204); any other answer throws `ApiError` with the
 * server's problem+json, and a 401 outside of login tells the app that the session is gone.
 *
 * @example
 * const tenant = await ok(api.GET('/v1/tenants/{t}', { params: { path: { t: tenantId } } }));
 */
export async function ok<Data>(pending: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  const { data, error, response } = await pending;
  if (response.ok) return data as Data;
  const problem = isProblem(error) ? error : madeUpProblem(response.status, 'http_error', `The server answered ${response.status} ${response.statusText}.`.trim());
  const path = new URL(response.url, window.location.href).pathname;
  // A wrong current password (re-entered to confirm a change) is a 401 of the form, not of the session.
  if (response.status === 401 && problem.code !== 'password_incorrect' && !path.startsWith('/v1/auth/')) sessionLost?.();
  throw new ApiError(problem);
}

type GetPath = ClientPathsWithMethod<typeof api, 'get'>;

/** The JSON a GET of `path` answers, for an answer the API does not name as a component (a page, a summary). */
export type GetAnswer<P extends GetPath> = MethodResponse<typeof api, 'get', P>;

/** The query a GET of `path` takes, for a filter the API does not name as a component. */
export type GetQuery<P extends GetPath> = NonNullable<NonNullable<FetchOptions<paths[P]['get']>['params']>['query']>;

/**
 * The address of a GET for a link the browser follows itself (a CSV download, an invoice PDF),
 * built and checked as `api.GET` would be.
 *
 * @example
 * href('/v1/tenants/{t}/users', { path: { t: tenantId }, query: { format: 'csv', limit: 500 } })
 */
export function href<P extends GetPath>(path: P, params: NonNullable<FetchOptions<paths[P]['get']>['params']>): string {
  return createFinalURL(path, { baseUrl: '', params, querySerializer: queryText, pathSerializer: defaultPathSerializer });
}

/** The problem of a caught error, whatever was thrown. */
export function problemFrom(error: unknown): ShownProblem {
  if (error instanceof ApiError) return error.problem;
  const detail = error instanceof Error ? error.message : String(error);
  return madeUpProblem(0, 'client_error', detail);
}
