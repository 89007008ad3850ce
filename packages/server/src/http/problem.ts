import { AllotError, type ErrorCode } from '@allot/core';
import { isTransientConflict } from '@allot/storage';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** The one map from error code to HTTP status. Exhaustive: a new code does not compile until placed. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid_request':
    case 'invalid_json':
      return 400;
    case 'unauthenticated':
    case 'invalid_credentials':
    case 'password_incorrect':
      return 401;
    case 'forbidden':
    case 'csrf_failed':
    case 'not_licensed':
    case 'expired':
    case 'suspended':
    case 'demo_mode':
    case 'day_code_invalid':
    case 'person_required':
      return 403;
    case 'not_found':
    case 'route_not_found':
    case 'unknown_user':
    case 'unknown_module':
      return 404;
    case 'method_not_allowed':
      return 405;
    case 'conflict':
    case 'already_exists':
    case 'clock_backwards':
    case 'seat_limit':
    case 'concurrency_limit':
    case 'volume_exceeded':
    case 'key_registered':
    case 'no_device_license':
    case 'quantity_below_usage':
    case 'live_clock':
    case 'last_owner':
    case 'upgrade_pending':
    case 'upgrade_closed':
    case 'no_price':
    case 'outside_term':
      return 409;
    case 'session_ended':
      return 410;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'unprocessable':
    case 'terms_not_accepted':
    case 'license_file_refused':
    case 'untrusted_installation':
    case 'unknown_license':
    case 'unknown_component':
    case 'binding_not_confirmed':
    case 'not_an_increase':
      return 422;
    case 'too_many_attempts':
      return 429;
    case 'internal':
      return 500;
    case 'unavailable':
      return 503;
  }
}

const titles: Partial<Record<ErrorCode, string>> = {
  invalid_request: 'The request is not valid',
  invalid_json: 'The body is not valid JSON',
  unauthenticated: 'Authentication required',
  invalid_credentials: 'Wrong credentials',
  password_incorrect: 'Current password is not right',
  forbidden: 'Not allowed',
  csrf_failed: 'CSRF token missing or wrong',
  not_found: 'Not found',
  route_not_found: 'No such route',
  conflict: 'Conflict',
  seat_limit: 'Not enough free seats',
  concurrency_limit: 'Every license of the module is in use',
  not_licensed: 'Not licensed',
  day_code_invalid: 'Day code not valid',
  session_ended: 'Session ended',
  quantity_below_usage: 'Quantity below what is in use',
  last_owner: 'The tenant would have no owner',
  already_exists: 'Already exists',
  payload_too_large: 'Body too large',
  unsupported_media_type: 'Unsupported media type',
  too_many_attempts: 'Too many attempts',
  person_required: 'Only a person logged in may do this',
  unknown_license: 'The tenant has no such license',
  unknown_component: 'No such component for this product',
  binding_not_confirmed: 'The binding order is not confirmed',
  not_an_increase: 'Only increases are self-service',
  upgrade_pending: 'An upgrade request for this product is open',
  upgrade_closed: 'The upgrade request is no longer open',
  no_price: 'No contract price for this',
  outside_term: 'Outside the contract term',
  untrusted_installation: 'Not signed by an installation this vendor knows',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  [extra: string]: unknown;
}

export function problemOf(error: AllotError, requestId: string): Problem {
  const status = statusOf(error.code);
  const problem: Problem = {
    type: `https://allot.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: titles[error.code] ?? error.code.replaceAll('_', ' '),
    status,
    detail: error.message,
    code: error.code,
    requestId,
  };
  // The facts of the refusal follow the standard members and never replace them.
  for (const [name, value] of Object.entries(error.context)) if (!(name in problem)) problem[name] = value;
  return problem;
}

export function sendProblem(reply: FastifyReply, error: AllotError): FastifyReply {
  const problem = problemOf(error, String(reply.request.id));
  void reply.header('x-request-id', reply.request.id);
  // Too many attempts, or a server at its connection limit: when to come back.
  if ((error.code === 'too_many_attempts' || error.code === 'unavailable') && typeof error.context.retryAfterSeconds === 'number') {
    void reply.header('retry-after', String(error.context.retryAfterSeconds));
  }
  return reply.code(problem.status).type('application/problem+json').serializer(JSON.stringify).send(problem);
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `modules.0.code` for `/modules/0/code`, with the missing or extra property named. */
function fieldOf(issue: AjvIssue): string {
  const path = issue.instancePath.split('/').filter(Boolean);
  const extra = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  return path.join('.');
}

function describeIssue(issue: AjvIssue, part: string): string {
  const field = fieldOf(issue);
  if (issue.keyword === 'required') return `${part} is missing the field ${field}.`;
  if (issue.keyword === 'additionalProperties') {
    return part === 'querystring' ? `The query parameter ${field} is not known here.` : `${part} has a field ${field} that is not allowed here.`;
  }
  return `${part} field ${field || '(root)'} ${issue.message ?? 'is not valid'}.`;
}

/** Turns framework and validation failures into Allot errors; anything else is a bug (500). */
export function toAllotError(error: FastifyError & { validation?: AjvIssue[]; validationContext?: string }): AllotError {
  if (error instanceof AllotError) return error;
  if (error.validation && error.validation.length > 0) {
    const part = error.validationContext ?? 'body';
    const first = error.validation[0] as AjvIssue;
    return new AllotError('invalid_request', describeIssue(first, part), {
      field: fieldOf(first),
      in: part,
      errors: error.validation.map((issue) => ({ field: fieldOf(issue), message: issue.message ?? issue.keyword })),
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AllotError('invalid_json', error.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AllotError('payload_too_large', 'The body is larger than 1 MiB.', { limitBytes: 1_048_576 });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AllotError('unsupported_media_type', 'Send the body as application/json.');
  }
  // The database undid the whole transaction to end a deadlock with another (after `inTransaction`'s attempts).
  if (isTransientConflict(error)) return new AllotError('conflict', 'The request ran into another changing the same data at the same moment, and nothing of it was stored; send it again.');
  // Body parser failures (bad JSON, prototype poisoning) carry a 4xx status of their own.
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    if (error.statusCode === 413) return new AllotError('payload_too_large', error.message);
    if (error.statusCode === 415) return new AllotError('unsupported_media_type', error.message);
    return new AllotError('invalid_json', error.message);
  }
  return new AllotError('internal', 'Something went wrong on our side; the request id helps us find it.');
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const allotError = toAllotError(error);
  if (allotError.code === 'internal') request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, allotError);
}
