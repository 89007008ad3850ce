import type { Problem } from './types';

/** An API answer that was not 2xx, carrying the server's problem+json (or one made up for it). */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

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

/** `path?a=1&b=x`, leaving out empty values. */
export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  if (text === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.detail === 'string' && typeof candidate.status === 'number';
}

function madeUpProblem(status: number, code: string, detail: string): Problem {
  return { type: 'about:blank', title: code.replaceAll('_', ' '), status, detail, code, requestId: '' };
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (isProblem(parsed)) return parsed;
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a generic problem.
  }
  return madeUpProblem(response.status, 'http_error', `The server answered ${response.status} ${response.statusText}.`.trim());
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(madeUpProblem(0, 'network_error', 'The server could not be reached. Check the connection and try again.'));
  }
  if (response.ok) return response;
  const problem = await problemOf(response);
  // A wrong current password (re-entered to confirm a change) is a 401 of the form, not of the session.
  if (response.status === 401 && problem.code !== 'password_incorrect' && !path.startsWith('/v1/auth/')) sessionLost?.();
  throw new ApiError(problem);
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await call(method, path, body);
  // The server's response schemas are the contract; the console trusts them.
  return (await response.json()) as T;
}

/** The typed API: same-origin, cookie session, CSRF header on every change. */
export const api = {
  get: <T>(path: string, query: Query = {}): Promise<T> => json<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown): Promise<T> => json<T>('POST', path, body),
  patch: <T>(path: string, body: unknown): Promise<T> => json<T>('PATCH', path, body),
  /** Replaces a resource whole (a tenant's contract). */
  put: <T>(path: string, body: unknown): Promise<T> => json<T>('PUT', path, body),
  /** A DELETE that answers JSON (a seat recall says what it took back). */
  del: <T>(path: string, body?: unknown): Promise<T> => json<T>('DELETE', path, body),
  /** For answers without a body (204). */
  send: async (method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<void> => {
    await call(method, path, body);
  },
};

/** The problem of a caught error, whatever was thrown. */
export function problemFrom(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  const detail = error instanceof Error ? error.message : String(error);
  return madeUpProblem(0, 'client_error', detail);
}
