import { AllotError } from '@allot/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The path of the first string holding a NUL character, which no database column may store.
 * Walks without allocating until it finds one: bodies of a thousand events pass through here.
 */
function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(root)' : null;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const found = nulPath(value[i], path);
      path.pop();
      if (found !== null) return found;
    }
    return null;
  }
  for (const key in value) {
    path.push(key);
    const found = key.includes('\u0000') ? path.join('.') : nulPath((value as Record<string, unknown>)[key], path);
    path.pop();
    if (found !== null) return found;
  }
  return null;
}

/**
 * Refuses NUL characters anywhere in the input: PostgreSQL text cannot hold them, and no Allot
 * field needs one. An id with one names nothing (404); a query or body field is a 400.
 */
export function refuseNulInPathAndQuery(request: FastifyRequest): void {
  // A request line cannot hold a raw NUL (the HTTP parser refuses it): only `%00` decodes to one.
  if (!request.url.includes('%00')) return;
  const inParams = nulPath(request.params);
  if (inParams !== null) throw new AllotError('not_found', 'No resource has that id.', { field: inParams });
  const inQuery = nulPath(request.query);
  if (inQuery !== null) throw new AllotError('invalid_request', `query field ${inQuery} holds a NUL character.`, { field: inQuery, in: 'query' });
}

/**
 * The body parsers: Fastify's own (JSON with prototype-poisoning refused, text as is), refusing
 * NUL characters too. JSON can carry a NUL only as the escape `\u0000` (a raw control character is
 * invalid JSON), so the parsed value is walked for the field only when the text holds one.
 */
export function refuseNulInBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const refusal = (field: string) => new AllotError('invalid_request', `body field ${field} holds a NUL character.`, { field, in: 'body' });
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (error !== null) return done(error, undefined);
      const field = (body as string).includes('\\u0000') ? nulPath(value) : null;
      return field === null ? done(null, value) : done(refusal(field), undefined);
    });
  });
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    return (body as string).includes('\u0000') ? done(refusal('(root)'), undefined) : done(null, body);
  });
}
