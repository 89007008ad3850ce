import type { components } from './openapi.generated.js';

/** The problem+json body of every API error (SPEC 8), as the committed openapi.json describes it. */
export type Problem = components['schemas']['Problem'];
/** The stable error codes of the API, generated from the `Problem` schema's enum. */
export type ProblemCode = Problem['code'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A refusal from the API: its HTTP `status`, the stable `code` of its problem+json body and the
 * body itself. An answer that is no problem body at all (a proxy's HTML page, say) has the code
 * `internal` for a 5xx and `unprocessable` otherwise, and a problem made from its status.
 *
 * @example
 * try {
 *   await allot.openSession({ userId, modules: ['pss2:desk'] });
 * } catch (error) {
 *   if (error instanceof AllotApiError && error.code === 'concurrency_limit') console.log(error.problem.holders);
 *   else throw error;
 * }
 */
export class AllotApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly problem: Problem,
  ) {
    super(problem.detail);
    this.name = 'AllotApiError';
  }

  /**
   * The error an answer of status 400 or above stands for, read from its body.
   *
   * @example
   * const error = await AllotApiError.fromResponse(new Response('{"code":"not_found","detail":"No such tenant"}', { status: 404 }));
   * error.code // 'not_found'
   */
  static async fromResponse(response: Response): Promise<AllotApiError> {
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: answered below from the status alone
    }
    // The contract names every code the server sends; the body is taken at its word.
    if (isRecord(body) && typeof body.code === 'string') {
      const problem = { ...body, code: body.code as ProblemCode, detail: typeof body.detail === 'string' ? body.detail : response.statusText } as Problem;
      return new AllotApiError(response.status, problem.code, problem);
    }
    const code: ProblemCode = response.status >= 500 ? 'internal' : 'unprocessable';
    const detail = `HTTP ${response.status} ${response.statusText}`.trim() + (text === '' ? '' : `: ${text.slice(0, 200)}`);
    return new AllotApiError(response.status, code, { type: 'about:blank', title: response.statusText, status: response.status, detail, code, requestId: response.headers.get('x-request-id') ?? '' });
  }
}

/**
 * The server could not be reached: the connection failed, or no answer came within `timeoutMs`
 * (`timedOut: true`). Never a refusal: the request may or may not have been carried out.
 *
 * @example
 * try {
 *   await allot.api.GET('/v1/tenants/{t}', { params: { path: { t: tenantId } } });
 * } catch (error) {
 *   if (error instanceof AllotNetworkError && error.timedOut) console.log('Allot did not answer in time');
 * }
 */
export class AllotNetworkError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AllotNetworkError';
  }
}
